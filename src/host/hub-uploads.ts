import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import type { Upload } from '@tus/utils';
import type { Caller } from '../shared/access';
import { AppError } from '../shared/errors';
import { recordingMode, type ChannelMap } from '../shared/recordings';
import type { Core } from '../core/core';
import { sha256 } from '../core/recordings/finalize';

/** The largest take a hub accepts (a few hours of 1080p video). */
const maxUploadBytes = 20 * 1024 ** 3;

type Refusal = { status_code: number; body: string };
const refuse = (status_code: number, body: string): Refusal => ({ status_code, body });

/**
 * Resumable uploads of finished takes into the hub, over tus 1.0 at `/uploads/`. The caller's
 * rights are checked when an upload is created (they take part in the session) and on every later
 * request (only the device's own person continues it). When the last byte arrives the hub hashes
 * the file and takes it in only when the sha256 is the one the desktop sealed the take with.
 */
export class HubUploads {
  readonly directory: string;
  private readonly tus: Server;

  constructor(private readonly core: Core) {
    this.directory = path.join(core.dataDir, 'uploads');
    fs.mkdirSync(this.directory, { recursive: true });
    const options: ConstructorParameters<typeof Server>[0] = {
      path: '/uploads',
      datastore: new FileStore({ directory: this.directory }),
      maxSize: maxUploadBytes,
      respectForwardedHeaders: false,
      namingFunction: () => randomBytes(16).toString('hex'),
      onUploadCreate: async (req, upload) => {
        this.checkCreate(this.callerOf(req.headers.get('authorization')), upload);
        return {};
      },
      onUploadFinish: async (req, upload) => this.finish(this.callerOf(req.headers.get('authorization')), upload),
    };
    this.tus = new Server(options);
  }

  private callerOf(authorization: string | null): Caller {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : null;
    return this.core.accounts.authenticate(token)?.caller ?? { kind: 'stranger' };
  }

  /** Runs a tus request for a signed-in caller; PATCH/HEAD/DELETE only on an upload of their own. */
  async handle(req: http.IncomingMessage, res: http.ServerResponse, caller: Caller): Promise<void> {
    if (caller.kind !== 'person') {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'tus-resumable': '1.0.0' });
      return void res.end('Sign in to Reprise first.');
    }
    const id = /^\/uploads\/([0-9a-f]{32})$/.exec(new URL(req.url ?? '/', 'http://hub').pathname)?.[1];
    if (id) {
      const owner = this.core.db.prepare('SELECT rep_id FROM hub_uploads WHERE id = ?').pluck().get(id) as string | undefined;
      if (owner !== undefined && owner !== caller.repId) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'tus-resumable': '1.0.0' });
        return void res.end('This upload belongs to someone else.');
      }
    }
    await this.tus.handle(req, res);
  }

  private checkCreate(caller: Caller, upload: Upload): void {
    if (caller.kind !== 'person') throw refuse(401, 'Sign in to Reprise first.');
    const meta = upload.metadata ?? {};
    const recordingId = meta.recordingId ?? '';
    const sessionId = meta.sessionId ?? '';
    const sha = meta.sha256 ?? '';
    if (!/^[0-9a-f-]{36}$/.test(recordingId) || !sessionId || !/^[0-9a-f]{64}$/.test(sha) || !recordingMode.safeParse(meta.mode).success) {
      throw refuse(400, 'An upload needs recordingId, sessionId, sha256 and mode in its metadata.');
    }
    if (upload.size === undefined) throw refuse(400, 'Say the upload size up front (Upload-Length).');
    try {
      this.core.guard.allow('recordings:import', caller, { sessionId });
    } catch (error) {
      throw refuse(error instanceof AppError && error.code === 'forbidden' ? 403 : 400, error instanceof Error ? error.message : String(error));
    }
    const existing = this.core.db.prepare('SELECT sha256 FROM recordings WHERE id = ?').pluck().get(recordingId) as string | null | undefined;
    if (existing !== undefined && existing !== sha) throw refuse(409, 'A different recording with this id is already on the hub.');
    this.core.db
      .prepare(
        `INSERT INTO hub_uploads (id, recording_id, session_id, rep_id, device_id, sha256, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(upload.id, recordingId, sessionId, caller.repId, caller.deviceId ?? null, sha, upload.size, new Date().toISOString());
  }

  private async finish(caller: Caller, upload: Upload): Promise<{ status_code?: number; body?: string }> {
    const row = this.core.db.prepare('SELECT * FROM hub_uploads WHERE id = ?').get(upload.id) as
      | { recording_id: string; session_id: string; rep_id: string; sha256: string }
      | undefined;
    if (!row || caller.kind !== 'person' || caller.repId !== row.rep_id) throw refuse(403, 'This upload belongs to someone else.');
    const file = path.join(this.directory, upload.id);
    const digest = await sha256(file);
    const now = new Date().toISOString();
    if (digest !== row.sha256) {
      // What arrived is not what was sealed: drop it, so a retry starts clean.
      this.core.db.prepare('UPDATE hub_uploads SET error = ? WHERE id = ?').run(`sha256 mismatch: got ${digest}`, upload.id);
      fs.rmSync(file, { force: true });
      fs.rmSync(`${file}.json`, { force: true });
      throw refuse(422, 'The take arrived damaged (its sha256 does not match). Send it again.');
    }
    this.core.db.prepare('UPDATE hub_uploads SET received_at = ? WHERE id = ?').run(now, upload.id);
    const meta = upload.metadata ?? {};
    const parsed = parseMeta(meta);
    if (!parsed) throw refuse(400, 'The upload metadata is not valid JSON.');
    const { channelMap, consents } = parsed;
    try {
      await this.core.recordings.adoptUpload({
        id: row.recording_id,
        sessionId: row.session_id,
        file,
        fileName: meta.filename ?? 'recording.webm',
        sha256: row.sha256,
        mode: recordingMode.parse(meta.mode),
        startedAt: meta.startedAt || now,
        stoppedAt: meta.stoppedAt || null,
        recovered: meta.recovered === '1',
        channelMap,
        consents,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.core.db.prepare('UPDATE hub_uploads SET error = ? WHERE id = ?').run(message, upload.id);
      throw refuse(error instanceof AppError && error.code === 'conflict' ? 409 : 422, message);
    }
    fs.rmSync(`${file}.json`, { force: true });
    this.core.db.prepare('UPDATE hub_uploads SET adopted_at = ? WHERE id = ?').run(new Date().toISOString(), upload.id);
    // The team sees the take's conversation metrics on the hub too, analysed where the take now lives.
    try {
      this.core.analysis.schedule(row.recording_id);
    } catch {
      // The take is kept either way; the hub's next start analyses whatever is still due.
    }
    return {};
  }
}

function parseMeta(meta: Record<string, string | null>): {
  channelMap: ChannelMap | null;
  consents: { repId: string; confirmedAt: string; confirmedBy: string; shared: boolean }[];
} | null {
  try {
    const channelMap = meta.channelMap ? (JSON.parse(meta.channelMap) as ChannelMap) : null;
    const consents = (JSON.parse(meta.consents ?? '[]') as { repId: string; confirmedAt: string; confirmedBy: string; shared: number }[]).map((c) => ({
      ...c,
      shared: Boolean(c.shared),
    }));
    return { channelMap, consents };
  } catch {
    return null;
  }
}
