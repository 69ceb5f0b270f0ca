import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { channels, type CallContext, type Channel, type DomainHandlers, type Handlers } from '../../shared/contract';
import type { demoChannels, DemoStatus } from '../../shared/demo';
import type { hubJoinChannels } from '../../shared/hub-join';
import { AppError, ErrorCode } from '../../shared/errors';
import { clockFromEnv, type Clock } from '../clock';
import type { Core } from '../core';
import { fileTokenStore, type TokenStore } from '../hub/connection';
import { joinHub, leaveHub, type JoinInput } from '../hub/join';
import { CoreEvents } from '../events';
import { markDemoCertifiers } from './demo-certifiers';
import { seedDemoRecordings } from './demo-recordings';
import { seedDemo } from './demo-seed';

/**
 * The demo folder lives inside the real data folder rather than beside it: the app then owns
 * one folder (Electron's userData on the desktop, where an uninstaller or a sandbox looks), and
 * a path to delete is easy to check, since it can only ever be this one subfolder.
 */
export const demoFolderName = 'demo';
/** Written into the demo folder before anything else, so only a folder Reprise made as a demo is ever deleted. */
const markerName = 'reprise-demo.json';

export function demoDirOf(realDir: string): string {
  return path.join(path.resolve(realDir), demoFolderName);
}

function readMarker(demoDir: string): { complete: boolean } | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(demoDir, markerName), 'utf8')) as { kind?: unknown; complete?: unknown };
    return parsed.kind === 'reprise-demo' ? { complete: parsed.complete === true } : null;
  } catch {
    return null;
  }
}

function writeMarker(demoDir: string, complete: boolean): void {
  fs.writeFileSync(path.join(demoDir, markerName), JSON.stringify({ kind: 'reprise-demo', complete }) + '\n');
}

/**
 * Deletes the demo folder of `realDir`, and refuses anything else: another path, a link, or a
 * folder without the demo's marker (say, real data someone put there by hand).
 */
export function removeDemoDir(realDir: string, target: string): void {
  const expected = demoDirOf(realDir);
  if (path.resolve(target) !== expected) {
    throw new AppError(ErrorCode.forbidden, `Only the demo folder (${expected}) can be removed this way; ${target} was left alone.`);
  }
  const stat = fs.lstatSync(expected, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isSymbolicLink() || !stat.isDirectory() || !readMarker(expected)) {
    throw new AppError(ErrorCode.forbidden, `${expected} was not made by Reprise as demo data, so it was left alone.`);
  }
  fs.rmSync(expected, { recursive: true, force: true });
}

/** The real data is new when it has neither people nor programs: the first run offers the demo beside "start with my team". */
export function isFirstRun(db: Database): boolean {
  return (db.prepare('SELECT (SELECT count(*) FROM reps) + (SELECT count(*) FROM programs)').pluck().get() as number) === 0;
}

/** A plain core (the CLI, a team hub) has one data folder: the demo is offered by the app on one's own computer. */
export function fixedDemoHandlers(db: Database): DomainHandlers<typeof demoChannels> {
  const refused = () => {
    throw new AppError(ErrorCode.forbidden, 'Demo data can be explored only in the app on your own computer.');
  };
  return {
    'demo:status': () => ({ active: false, seeded: false, firstRun: isFirstRun(db), demoDir: '' }),
    'demo:enter': refused,
    'demo:leave': refused,
    'demo:remove': refused,
  };
}

export interface WorkspaceOptions {
  /** The real data folder; the demo folder is made inside it. */
  dataDir: string;
  /** The core already open on the real data folder. */
  core: Core;
  /** Opens a core on a folder (the host's own options: token store, clock, backups). */
  open(dataDir: string, kind: 'real' | 'demo'): Core;
  /** Where the real folder keeps its hub token (the desktop shell: safeStorage); a private file when left out. */
  tokenStore?(dataDir: string): TokenStore;
  /** Runs on each core as it becomes the one shown (finish takes a crash left, analyses, a hub link). */
  started?(core: Core, kind: 'real' | 'demo'): void;
  clock?: Clock;
  /** The demo team's size. */
  reps?: number;
  weeks?: number;
  /** Spoken recordings made for the demo unless `fast`. */
  recordings?: number;
}

/**
 * The data folder a local door (the desktop app, `reprise serve`) shows: the real one or the
 * demo, switched while the app runs. The door dispatches to `handlers` and listens to `events`,
 * both of which follow the current core; a switch opens the other core, makes it current,
 * closes the old one and tells every window (`demo:switched`) to read everything again.
 */
export class Workspace {
  readonly events = new CoreEvents();
  readonly handlers: Handlers;
  readonly realDir: string;
  readonly demoDir: string;
  private current: Core;
  private mode: 'real' | 'demo' = 'real';
  private detach: () => void;
  /** One switch at a time; a second "enter" while the demo is being made waits for the same one. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: Clock;

  constructor(private readonly options: WorkspaceOptions) {
    this.realDir = path.resolve(options.dataDir);
    this.demoDir = demoDirOf(this.realDir);
    this.clock = options.clock ?? clockFromEnv();
    this.current = options.core;
    this.detach = this.forward(options.core);
    const proxied = {} as Record<Channel, (input: unknown, context: CallContext) => unknown>;
    for (const channel of channels) {
      proxied[channel] = (input, context) => (this.current.handlers[channel] as (input: unknown, context: CallContext) => unknown)(input, context);
    }
    const own: DomainHandlers<typeof demoChannels> = {
      'demo:status': () => this.status(),
      'demo:enter': ({ fast }) => this.enter({ fast }),
      'demo:leave': () => this.leave(),
      'demo:remove': () => this.remove(),
    };
    const hub: DomainHandlers<typeof hubJoinChannels> = {
      'hub:join': (input) => this.joinHub(input),
      'hub:leave': () => this.leaveHub(),
    };
    this.handlers = { ...(proxied as unknown as Handlers), ...own, ...hub };
  }

  /** The core shown now (media and the close guard read it at each request). */
  get core(): Core {
    return this.current;
  }

  get active(): boolean {
    return this.mode === 'demo';
  }

  status(): DemoStatus {
    return {
      active: this.mode === 'demo',
      seeded: readMarker(this.demoDir)?.complete === true,
      firstRun: this.mode === 'real' && isFirstRun(this.current.db),
      demoDir: this.demoDir,
    };
  }

  enter(options: { fast?: boolean } = {}): Promise<DemoStatus> {
    return this.serial(async () => {
      if (this.mode === 'demo') return this.status();
      this.refuseWhileRecording();
      const next = readMarker(this.demoDir)?.complete ? this.options.open(this.demoDir, 'demo') : await this.seed(options.fast === true);
      this.swap(next, 'demo');
      return this.status();
    });
  }

  leave(): Promise<DemoStatus> {
    return this.serial(async () => {
      if (this.mode === 'real') return this.status();
      this.refuseWhileRecording();
      this.swap(this.options.open(this.realDir, 'real'), 'real');
      return this.status();
    });
  }

  remove(): Promise<DemoStatus> {
    return this.serial(async () => {
      if (this.mode === 'demo') {
        this.refuseWhileRecording();
        this.swap(this.options.open(this.realDir, 'real'), 'real');
      }
      removeDemoDir(this.realDir, this.demoDir);
      const status = this.status();
      this.events.emit('demo:switched', status);
      return status;
    });
  }

  /**
   * Joins the real data folder to a team hub (the same steps as `reprise connect`), then opens it
   * again as a connected desktop: the windows read everything again, now from the hub.
   */
  joinHub(input: JoinInput): Promise<{ hubUrl: string; name: string }> {
    return this.serial(async () => {
      this.refuseInDemo();
      this.refuseWhileRecording();
      const joined = await joinHub(this.realDir, this.current.db, this.tokens(), input, this.clock());
      this.swap(this.options.open(this.realDir, 'real'), 'real');
      return { hubUrl: joined.hubUrl, name: joined.name };
    });
  }

  /** Leaves the hub (takes and changes waiting to go up stay in the folder), then opens the folder again on its own. */
  leaveHub(): Promise<{ waitingTakes: number; waitingChanges: number }> {
    return this.serial(async () => {
      this.refuseInDemo();
      this.refuseWhileRecording();
      const left = leaveHub(this.realDir, this.current.db, this.tokens());
      this.swap(this.options.open(this.realDir, 'real'), 'real');
      return left;
    });
  }

  close(): void {
    this.detach();
    this.current.close();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private tokens(): TokenStore {
    return this.options.tokenStore?.(this.realDir) ?? fileTokenStore(this.realDir);
  }

  private refuseInDemo(): void {
    if (this.mode === 'demo') {
      throw new AppError(ErrorCode.conflict, 'You are looking at the demo data. Leave the demo first, then join or leave a team hub.');
    }
  }

  private refuseWhileRecording(): void {
    if (this.current.recordings.liveTakes().length > 0) {
      throw new AppError(ErrorCode.conflict, 'A take is being recorded. Stop it first, then switch between the demo and your own data.');
    }
  }

  private forward(core: Core): () => void {
    return core.events.onAny((name, payload) => this.events.emit(name, payload as never));
  }

  private swap(next: Core, mode: 'real' | 'demo'): void {
    const previous = this.current;
    this.detach();
    this.current = next;
    this.mode = mode;
    this.detach = this.forward(next);
    previous.close();
    this.options.started?.(next, mode);
    this.events.emit('demo:switched', this.status());
  }

  /** Makes the demo folder: the team in one transaction (well under a second), then a few recordings (seconds each). */
  private async seed(fast: boolean): Promise<Core> {
    const progress = (step: 'team' | 'recordings' | 'opening', share: number) => this.events.emit('demo:progress', { step, share });
    if (fs.existsSync(this.demoDir)) removeDemoDir(this.realDir, this.demoDir);
    fs.mkdirSync(this.demoDir, { recursive: true });
    writeMarker(this.demoDir, false);
    progress('team', 0);
    let core: Core | null = null;
    try {
      core = this.options.open(this.demoDir, 'demo');
      // Let the progress reach the window before the team's transaction holds the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      seedDemo(core.db, this.clock, { reps: this.options.reps ?? 12, weeks: this.options.weeks ?? 26 });
      markDemoCertifiers(core.db, core.certification);
      progress('recordings', 0.4);
      const wanted = fast ? 0 : (this.options.recordings ?? 2);
      const opened = core;
      if (wanted > 0) await seedDemoRecordings(opened.db, opened, wanted, (made, of) => progress('recordings', 0.4 + (0.5 * made) / of));
      progress('opening', 0.95);
      // Grants are made when someone first looks; looking now keeps the first Progress view quick.
      opened.certification.list();
      writeMarker(this.demoDir, true);
      return opened;
    } catch (error) {
      core?.close();
      fs.rmSync(this.demoDir, { recursive: true, force: true });
      throw error;
    }
  }
}
