import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** A take this person owes a scorecard for, as the hub described it. */
export interface TakeToKeep {
  id: string;
  sizeBytes: number;
  sha256: string | null;
  mimeType: string;
}

interface KeptMeta {
  sizeBytes: number;
  sha256: string | null;
  mimeType: string;
}

/** The folder, inside a connected desktop's data folder, that holds copies of takes kept for working offline. */
export function keptTakesFolder(dataDir: string): string {
  return path.join(dataDir, 'hub-takes');
}

/**
 * How much disk the kept copies may use: REPRISE_KEPT_TAKES_MB (0 keeps none), 2 GB by default,
 * about 50 hours of audio takes or a dozen long video ones.
 */
export function keptTakesBudget(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.REPRISE_KEPT_TAKES_MB;
  const mb = raw === undefined || raw === '' ? 2048 : Number(raw);
  return (Number.isFinite(mb) && mb >= 0 ? mb : 2048) * 1024 * 1024;
}

const idPattern = /^[0-9a-f-]{36}$/;

/**
 * Copies of the hub's takes that this person owes a scorecard for, so the take plays while the hub
 * is away. Only what the hub itself listed as owed is kept, in To write's order until the budget is
 * used; a copy is checked against the hub's size and sha256 before it is used, and goes once
 * nothing is owed on it any more, or when this computer leaves the hub or is signed out.
 */
export class KeptTakes {
  constructor(
    private readonly dir: string,
    private readonly budget: number,
  ) {}

  /** The kept copy of a take and its type, when there is a whole one. */
  find(id: string): { file: string; mimeType: string } | null {
    if (!idPattern.test(id)) return null;
    const meta = this.meta(id);
    if (!meta) return null;
    const file = path.join(this.dir, id);
    try {
      if (fs.statSync(file).size !== meta.sizeBytes) return null;
    } catch {
      return null;
    }
    return { file, mimeType: meta.mimeType };
  }

  /**
   * Keeps these takes (in order, while the budget lasts) and lets every other copy go. `download`
   * answers a take's bytes from the hub; a copy that does not match the hub's size and sha256 is
   * thrown away. A hub gone mid-way ends the round; what was whole stays.
   */
  async keep(takes: TakeToKeep[], download: (id: string) => Promise<Response>): Promise<{ kept: string[]; over: string[] }> {
    const wanted = takes.filter((t) => idPattern.test(t.id));
    this.forgetAllBut(new Set(wanted.map((t) => t.id)));
    const kept: string[] = [];
    const over: string[] = [];
    let used = 0;
    for (const take of wanted) {
      if (used + take.sizeBytes > this.budget) {
        over.push(take.id);
        continue;
      }
      if (!this.find(take.id)) {
        const whole = await this.fetch(take, download);
        if (!whole) continue;
      }
      used += take.sizeBytes;
      kept.push(take.id);
    }
    return { kept, over };
  }

  /** Lets every copy go (this computer left the hub or was signed out). */
  clear(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async fetch(take: TakeToKeep, download: (id: string) => Promise<Response>): Promise<boolean> {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, take.id);
    const part = `${file}.part`;
    const answer = await download(take.id);
    if (answer.status !== 200 || !answer.body) {
      await answer.body?.cancel().catch(() => undefined);
      return false;
    }
    const hash = createHash('sha256');
    let size = 0;
    try {
      const body = Readable.fromWeb(answer.body as unknown as WebReadableStream<Uint8Array>);
      body.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
      });
      await pipeline(body, fs.createWriteStream(part));
    } catch (error) {
      fs.rmSync(part, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    if (size !== take.sizeBytes || (take.sha256 !== null && sha256 !== take.sha256)) {
      fs.rmSync(part, { force: true });
      return false;
    }
    const meta: KeptMeta = { sizeBytes: take.sizeBytes, sha256: take.sha256, mimeType: take.mimeType };
    fs.writeFileSync(`${file}.json`, `${JSON.stringify(meta)}\n`);
    fs.renameSync(part, file);
    return true;
  }

  private meta(id: string): KeptMeta | null {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dir, `${id}.json`), 'utf8')) as KeptMeta;
    } catch {
      return null;
    }
  }

  private forgetAllBut(keep: Set<string>): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      const id = name.replace(/\.(json|part)$/, '');
      if (!keep.has(id) || name.endsWith('.part')) fs.rmSync(path.join(this.dir, name), { force: true });
    }
  }
}
