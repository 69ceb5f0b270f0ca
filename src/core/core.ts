import fs from 'node:fs';
import path from 'node:path';
import { S3TakeStore, storedMediaLocation } from './media/take-store';
import type { Database } from 'better-sqlite3';
import type { Guard } from '../shared/access';
import type { CallContext, DomainHandlers, Handlers } from '../shared/contract';
import { AppError, ErrorCode } from '../shared/errors';
import type { syncChannels } from '../shared/sync';
import { AccessService, accessHandlers } from './access/access-service';
import { analysisHandlers } from './analysis/analysis-handlers';
import { AnalysisService } from './analysis/analysis-service';
import { Audience } from './access/audience';
import { createGuard } from './access/guard';
import { HubAccounts, hubHandlers } from './hub/accounts';
import { fileTokenStore, readHubLink, type TokenStore } from './hub/connection';
import { DesktopLink } from './hub/desktop-link';
import { fixedJoinHandlers } from './hub/join';
import { HubClient } from './hub/hub-client';
import { CertificationService } from './certification/certification-service';
import { Certificates } from './certification/certificate';
import { certificationHandlers } from './certification/certification-handlers';
import { CertificationReminders } from './certification/reminders';
import { ReinforcementService } from './certification/reinforcement';
import { clockFromEnv, type Clock } from './clock';
import { backupIfDue, type Backup } from './db/backups';
import { assertDatabaseUsable, markClosedCleanly } from './db/database-health';
import { latestVersion, openDatabase } from './db/open-database';
import { CoreEvents } from './events';
import { PeopleService } from './people/people-service';
import { programsHandlers } from './programs/programs-handlers';
import { fixedDemoHandlers } from './demo/demo-workspace';
import { progressHandlers } from './progress/progress-handlers';
import { ProgressService } from './progress/progress-service';
import { createPrograms, type Programs } from './programs/programs-module';
import { peopleHandlers } from './people/people-handlers';
import { clipsHandlers } from './recordings/clips-handlers';
import { ClipsService } from './recordings/clips-service';
import { commentsHandlers } from './recordings/comments-handlers';
import { CommentsService } from './recordings/comments-service';
import { libraryHandlers } from './recordings/library-handlers';
import { LibrarySearch } from './recordings/library-search';
import { recordingsHandlers } from './recordings/recordings-handlers';
import { RecordingsService, type RecordingsOptions } from './recordings/recordings-service';
import { scorecardsHandlers } from './scorecards/scorecards-handlers';
import { resolveFfmpeg } from './media/ffmpeg';
import { createScorecards, type Scorecards } from './scorecards/scorecards-module';
import { minPractiseMs } from './sessions/held';
import { replayCreates } from './operation-replay';
import { SessionsService } from './sessions/sessions-service';
import { sessionsHandlers } from './sessions/sessions-handlers';
import { SettingsService } from './settings-service';
import { version } from './version';
import { xapiHandlers } from './xapi/xapi-handlers';
import { XapiService } from './xapi/xapi-service';
import { ownerOnlyDir, ownerOnlyFile } from './owner-only';

export interface CoreOptions {
  dataDir: string;
  clock?: Clock;
  /** Overrides for recording (tests inject disk space and ffmpeg). */
  recordings?: Partial<RecordingsOptions>;
  /** Where a desktop connected to a hub keeps its token (the desktop shell: safeStorage; else a private file). */
  tokenStore?: TokenStore;
  /** Where the LRS password is kept (the desktop shell: safeStorage; else a private file). */
  xapiSecretStore?: TokenStore;
  /** Take the day's database backup at start (default true). */
  backups?: boolean;
}

export interface Core {
  dataDir: string;
  db: Database;
  events: CoreEvents;
  people: PeopleService;
  sessions: SessionsService;
  recordings: RecordingsService;
  clips: ClipsService;
  /** Speech analysis of each ready recording; `catchUp()` starts the backlog (the app does, one-off CLI commands do not). */
  analysis: AnalysisService;
  scorecards: Scorecards;
  programs: Programs;
  certification: CertificationService;
  reinforcement: ReinforcementService;
  progress: ProgressService;
  /** Statements to the team's LRS; `start()` sends in the background (hosts do, one-off CLI commands do not). */
  xapi: XapiService;
  settings: SettingsService;
  access: AccessService;
  accounts: HubAccounts;
  /** Set when this data folder is connected to a team hub. */
  link: DesktopLink | null;
  handlers: Handlers;
  /** Applies the per-channel access rules; pass it with a caller to dispatch() at a door that has sign-in. */
  guard: Guard;
  /** The day's backup, taken in the background at start; null when one was already taken today or it was cut short. */
  backup: Promise<Backup | null>;
  /** A re-hash of every recording run in the background after an upgrade or a restore; null when none was due. */
  mediaVerify: Promise<unknown> | null;
  /** Stops background work (open takes stay on disk for recovery) and closes the database; again, it does nothing. */
  close(): void;
}

/** Without a hub, a data folder has nothing to sync: it says so, and there is nothing to retry. */
const localSyncHandlers: DomainHandlers<typeof syncChannels> = {
  'sync:status': () => ({
    state: 'local',
    hubUrl: null,
    repId: null,
    name: null,
    lastContactAt: null,
    uploads: { waiting: 0, uploading: 0, paused: 0, attention: 0, keptLocal: 0, done: 0 },
    outbox: { pending: 0, refused: 0 },
  }),
  'sync:run': () => ({ uploaded: 0, sent: 0, refused: 0, failed: 0, state: 'local', held: 0, problem: null }),
  'sync:uploads': () => [],
  'sync:outbox': () => [],
  'sync:retry': () => {
    throw new AppError(ErrorCode.notFound, 'This computer is not connected to a team hub, so nothing waits to be sent.');
  },
  'sync:pause': () => {
    throw new AppError(ErrorCode.notFound, 'This computer is not connected to a team hub, so nothing waits to be sent.');
  },
  'sync:outbox-resend': () => {
    throw new AppError(ErrorCode.notFound, 'This computer is not connected to a team hub, so nothing waits to be sent.');
  },
  'sync:outbox-discard': () => {
    throw new AppError(ErrorCode.notFound, 'This computer is not connected to a team hub, so nothing waits to be sent.');
  },
  'sync:resolve': () => {
    throw new AppError(ErrorCode.notFound, 'This computer is not connected to a team hub, so nothing waits to be sent.');
  },
};
/** Left in the data folder by a restore: the next start re-hashes the media against the restored database. */
export const verifyPendingFile = 'verify-media.pending';

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/**
 * Damage that appears while Reprise runs (the start check passed) is met the same way as at
 * start: the connection stops writing (`query_only`), and every call from then on answers with
 * what happened and what to do instead of SQLite's raw "database disk image is malformed".
 */
function guardAgainstDamage(handlers: Handlers, db: Database, databasePath: string): Handlers {
  let damaged: AppError | null = null;
  const guarded: Record<string, (input: unknown, context: CallContext) => Promise<unknown>> = {};
  for (const [channel, handler] of Object.entries(handlers) as [string, (input: unknown, context: CallContext) => unknown][]) {
    guarded[channel] = async (input, context) => {
      if (damaged) throw damaged;
      try {
        return await handler(input, context);
      } catch (error) {
        if (!isCorruption(error)) throw error;
        db.pragma('query_only = ON');
        damaged = new AppError(
          ErrorCode.databaseDamaged,
          `The database ${databasePath} was found damaged while Reprise was running (${(error as Error).message}). ` +
            'Reprise has stopped writing to it. Close Reprise and start it again: it checks the file and says how to restore the newest backup.',
        );
        throw damaged;
      }
    };
  }
  return guarded as unknown as Handlers;
}

/** Everything Reprise does, behind one object; Electron, the browser host and the CLI each wrap it. */
export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? clockFromEnv();
  const databasePath = path.join(options.dataDir, 'reprise.sqlite');
  const mediaDir = path.join(options.dataDir, 'media');
  const check = assertDatabaseUsable(options.dataDir, databasePath, mediaDir, clock());
  ownerOnlyDir(options.dataDir);
  const db = openDatabase(databasePath);
  // SQLite gives the -wal and -shm files the database's own mode.
  for (const file of [databasePath, `${databasePath}-wal`, `${databasePath}-shm`]) ownerOnlyFile(file);
  ownerOnlyDir(mediaDir);
  const events = new CoreEvents();
  const audience = new Audience(db);
  const certificateGuard = createGuard(audience);
  const access = new AccessService(db, audience, events);
  const accounts = new HubAccounts(db, access, events, clock);
  const settings = new SettingsService(db);
  const people = new PeopleService(db, settings, events, clock);
  const sessions = new SessionsService(db, events, clock);
  const scorecards = createScorecards(db, sessions, events, clock);
  const reinforcement = new ReinforcementService(db, events, clock);
  // The rep's calendar carries their certification reminders; certification is made just below.
  const programs = createPrograms(db, sessions, settings, events, clock, () => reinforcement.oracle(), (repId, language, timeZone) =>
    certificationReminders.calendarEvents(repId, language, timeZone),
  );
  const certification = new CertificationService(db, scorecards.cards, events, clock);
  const certificationReminders = new CertificationReminders(db, certification, clock);
  const progress = new ProgressService(db, settings, clock, certification);
  const xapi = new XapiService(db, certification, events, clock, { secrets: options.xapiSecretStore ?? fileTokenStore(options.dataDir, 'xapi-secret') });
  const pendingVerify = path.join(options.dataDir, verifyPendingFile);
  const minFreeMb = Number(process.env.REPRISE_MIN_FREE_MB);
  const recordings = new RecordingsService(db, sessions, events, clock, {
    // A role-play recorded for a scheduled session that has started is the session happening: mark
    // it done (the schedule refuses to mark a session done before it starts).
    onTakeReady: (recording) => {
      const session = sessions.get(recording.sessionId);
      const started = session.startsAt !== null && Date.parse(session.startsAt) <= clock().getTime();
      // The stored mark, not the status the session reads with (a ready take already reads as held).
      const marked = db.prepare('SELECT status FROM sessions WHERE id = ?').pluck().get(session.id);
      if (session.programId && marked === 'scheduled' && started && (recording.durationMs ?? 0) >= minPractiseMs) {
        programs.schedule.setStatus(session.id, 'done');
      }
    },
    onReady: (recording) => {
      try {
        link?.queueUpload(recording);
      } finally {
        analysis.schedule(recording.id);
      }
    },
    onSoundFound: (recording) => analysis.schedule(recording.id),
    mediaDir,
    onVerifiedAll: () => fs.rmSync(pendingVerify, { force: true }),
    ...(Number.isFinite(minFreeMb) && process.env.REPRISE_MIN_FREE_MB ? { minFreeBytes: minFreeMb * 1024 * 1024 } : {}),
    ...options.recordings,
  });
  // A hub whose takes live in a bucket: every door (the hub, `recordings verify`, the CLI) reads them there.
  const mediaLocation = storedMediaLocation(db);
  if (mediaLocation.kind === 's3') recordings.useStore(new S3TakeStore(mediaLocation));
  const clips = new ClipsService(db, recordings, events, clock, options.recordings?.tools ?? (() => resolveFfmpeg()), options.dataDir);
  const analysis = new AnalysisService(db, recordings, events, clock, options.recordings?.tools ? { tools: options.recordings.tools } : {});

  const localHandlers: Handlers = {
    'app:info': () => ({
      version,
      dataDir: options.dataDir,
      databasePath,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
    }),
    'settings:get': () => settings.get(),
    'settings:update': (patch) => {
      const next = settings.update(patch);
      events.emit('settings:changed', next);
      return next;
    },
    ...accessHandlers(access, certificateGuard),
    ...hubHandlers(accounts),
    ...peopleHandlers(db, people),
    ...sessionsHandlers(sessions, audience),
    ...recordingsHandlers(recordings, audience),
    ...analysisHandlers(analysis),
    ...libraryHandlers(new LibrarySearch(db), audience),
    ...commentsHandlers(new CommentsService(db, events, clock)),
    ...clipsHandlers(clips),
    ...scorecardsHandlers(db, scorecards),
    ...programsHandlers(programs.programs, programs.schedule, programs.library),
    ...certificationHandlers(certification, reinforcement, new Certificates(db, clock), certificationReminders, (caller, code) => {
      // Asked of the rule itself, so the check and the certificate never disagree about who opens it.
      try {
        certificateGuard.allow('certifications:certificate', caller, { code, language: 'en' });
        return true;
      } catch {
        return false;
      }
    }, (caller) => {
      // A page of the matrix is a page of the caller's own rows, so they are narrowed in its query (the rule's scope checks again).
      if (caller.kind === 'owner' || (caller.kind === 'person' && caller.role === 'admin')) return null;
      if (caller.kind !== 'person') return new Set<string>();
      return new Set([caller.repId, ...audience.view(caller.repId, caller.role).ledRepIds()]);
    }),
    ...progressHandlers(db, progress, audience, events, clock),
    ...xapiHandlers(xapi),
    ...localSyncHandlers,
    ...fixedDemoHandlers(db),
    ...fixedJoinHandlers,
  };
  const hubLink = readHubLink(options.dataDir);
  const token = hubLink ? (options.tokenStore ?? fileTokenStore(options.dataDir)).read() : null;
  const link: DesktopLink | null =
    hubLink && token
      ? new DesktopLink({ db, dataDir: options.dataDir, link: hubLink, client: new HubClient({ url: hubLink.url, token }), recordings, events, clock })
      : null;
  const handlers = guardAgainstDamage(replayCreates(link ? link.route(localHandlers) : localHandlers, clock), db, databasePath);

  const backup =
    options.backups === false
      ? Promise.resolve(null)
      : backupIfDue(db, options.dataDir, clock()).catch(() => null); // cut short by close(); the next start tries again
  // After an upgrade or a restore the database and the media folder may no longer agree: re-hash
  // every recording in the background so a missing or damaged file shows up in the Library.
  if (check.state === 'ok' && check.schemaVersion < latestVersion()) fs.writeFileSync(pendingVerify, `upgraded from schema ${check.schemaVersion}\n`);
  const mediaVerify =
    fs.existsSync(pendingVerify)
      ? recordings.verify().catch(() => undefined) // cut short by close(); the marker stays, so the next start tries again
      : null;

  return {
    dataDir: options.dataDir,
    db,
    events,
    people,
    sessions,
    recordings,
    clips,
    analysis,
    scorecards,
    programs,
    certification,
    reinforcement,
    progress,
    xapi,
    settings,
    access,
    accounts,
    link,
    handlers,
    guard: createGuard(audience),
    backup,
    mediaVerify,
    close: () => {
      // A door that switched away from this core (the demo) has closed it already.
      if (!db.open) return;
      link?.stop();
      xapi.stop();
      analysis.shutdown();
      clips.shutdown();
      void recordings.shutdown();
      db.close();
      markClosedCleanly(databasePath);
    },
  };
}
