import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import * as tus from 'tus-js-client';
import { createCore, type Core } from '../../src/core/core';
import { writeTransaction } from '../../src/core/db/open-database';
import { uploadChunkBytes } from '../../src/core/hub/desktop-link';
import { takeUpload } from '../../src/core/hub/take-upload';

/**
 * A year of a team on a hub, written straight into SQLite (the services would take minutes):
 * `reps` sellers in teams of ten under a manager, a coach for every twenty, and one weekly
 * program session per pair for 52 weeks (46 behind "now", 6 ahead), each past one with a
 * recording row and three submitted scorecards (self, peer, coach).
 */
export interface HubTeam {
  core: Core;
  reps: string[];
  managers: string[];
  coaches: string[];
  sessions: number;
  scorecards: number;
  recordings: number;
}

const weekMs = 7 * 86_400_000;
const areas = ['discovery', 'demo', 'personas', 'objection-handling'] as const;

export function seedHubTeam(dataDir: string, repCount: number, now = Date.now()): HubTeam {
  const core = createCore({ dataDir });
  const db = core.db;
  const stamp = new Date(now).toISOString();
  const versionOf = new Map(
    (db
      .prepare(
        `SELECT t.focus_area_id AS area, v.id FROM rubric_templates t JOIN rubric_template_versions v ON v.template_id = t.id
         WHERE t.is_default = 1 AND v.version = (SELECT max(version) FROM rubric_template_versions WHERE template_id = t.id)`,
      )
      .all() as { area: string; id: string }[]).map((r) => [r.area, r.id]),
  );
  const managers = Array.from({ length: Math.ceil(repCount / 10) }, () => randomUUID());
  const coaches = Array.from({ length: Math.ceil(repCount / 20) }, () => randomUUID());
  const reps = Array.from({ length: repCount }, () => randomUUID());
  const addRep = db.prepare(
    `INSERT INTO reps (id, name, email, role, team, manager_id, coach, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  writeTransaction(db, () => {
    managers.forEach((id, i) => addRep.run(id, `Manager ${i}`, `manager${i}@example.com`, 'Sales Manager', `Team ${i}`, null, 0, stamp, stamp));
    coaches.forEach((id, i) => addRep.run(id, `Coach ${i}`, `coach${i}@example.com`, 'Enablement', '', null, 1, stamp, stamp));
    reps.forEach((id, i) => addRep.run(id, `Rep ${i}`, `rep${i}@example.com`, 'Account Executive', `Team ${Math.floor(i / 10)}`, managers[Math.floor(i / 10)]!, 0, stamp, stamp));
  });
  const programId = randomUUID();
  const firstWeek = now - 46 * weekMs;
  db.prepare(
    `INSERT INTO programs (id, name, weekday, time, duration_minutes, time_zone, start_date, strategy, created_at, updated_at)
     VALUES (?, 'Weekly role-play', 2, '09:00', 30, 'UTC', ?, 'mixed', ?, ?)`,
  ).run(programId, new Date(firstWeek).toISOString().slice(0, 10), stamp, stamp);

  const addSession = db.prepare(
    `INSERT INTO sessions (id, program_id, program_week, local_date, focus_area_id, title, starts_at, ends_at, status, coach_rep_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)`,
  );
  const addParticipant = db.prepare('INSERT INTO session_participants (session_id, rep_id, role) VALUES (?, ?, ?)');
  const addRecording = db.prepare(
    `INSERT INTO recordings (id, session_id, mode, status, mime_type, file_name, size_bytes, duration_ms, sha256, started_at, stopped_at, finalized_at)
     VALUES (?, ?, 'microphone', 'ready', 'audio/webm', 'take.webm', 9600000, 600000, ?, ?, ?, ?)`,
  );
  const addCard = db.prepare(
    `INSERT INTO scorecards (id, session_id, version_id, reviewer_id, reviewee_id, role, recording_id, status, revision, sections, submitted_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'submitted', 1, '{}', ?, ?, ?)`,
  );
  let sessions = 0;
  let scorecards = 0;
  let recordings = 0;
  const pairs = Math.floor(repCount / 2);
  for (let week = 0; week < 52; week++) {
    const startsAt = new Date(firstWeek + week * weekMs);
    const past = startsAt.getTime() < now - 86_400_000;
    const area = areas[week % areas.length]!;
    writeTransaction(db, () => {
      for (let pair = 0; pair < pairs; pair++) {
        // Partners rotate every week so each rep meets many others over the year.
        const seller = reps[(pair * 2 + week) % repCount]!;
        const buyer = reps[(pair * 2 + 1 + week * 3) % repCount]!;
        if (seller === buyer) continue;
        const coach = coaches[pair % coaches.length]!;
        const id = randomUUID();
        const at = startsAt.toISOString();
        addSession.run(id, programId, week, at.slice(0, 10), area, at, new Date(startsAt.getTime() + 30 * 60_000).toISOString(), past ? 'done' : 'scheduled', coach, stamp, stamp);
        addParticipant.run(id, seller, 'seller');
        addParticipant.run(id, buyer, 'buyer');
        sessions++;
        if (!past) continue;
        const recordingId = randomUUID();
        addRecording.run(recordingId, id, randomUUID().replace(/-/g, '').repeat(2), at, at, at);
        recordings++;
        for (const [reviewer, role] of [
          [seller, 'self'],
          [buyer, 'peer'],
          [coach, 'coach'],
        ] as const) {
          addCard.run(randomUUID(), id, versionOf.get(area)!, reviewer, seller, role, recordingId, at, at, at);
          scorecards++;
        }
      }
    });
  }
  db.pragma('optimize');
  return { core, reps, managers, coaches, sessions, scorecards, recordings };
}

/** A device token for a person, as a desktop gets it when it redeems its code. */
export function tokenFor(core: Core, repId: string): string {
  const { code } = core.accounts.createInvite(repId, null, 24, null);
  return core.accounts.redeem(code, 'desktop', 'Bench laptop').token;
}

/*
 * Upload benches (a hub on its own disk, a hub on S3): the same take, the same hub, the same
 * client as the desktop's, so the two measure the same thing.
 */

/** Random frames barely compress: a take of about `mb` MB in a second or two. Its size and sha256. */
export function makeTakeFile(file: string, mb: number): { size: number; sha256: string } {
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '640x360', '-r', '25', '-i', '/dev/urandom'],
    ...['-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.3:sample_rate=48000', '-fs', String(mb * 1024 * 1024)],
    ...['-c:v', 'mpeg4', '-q:v', '1', '-c:a', 'libopus', file],
  ]);
  return { size: fs.statSync(file).size, sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
}

/**
 * A small seeded hub in `hubDir` with one rep, `sessionCount` sessions of theirs to send takes to and
 * a device token; the core is closed (the hub runs as its own process). `prepare` runs on the core first.
 */
export function seedUploadHub(hubDir: string, sessionCount: number, prepare: (core: Core) => void = () => undefined): { repId: string; sessions: string[]; token: string } {
  const { core } = seedHubTeam(hubDir, 4);
  try {
    const repId = core.db.prepare(`SELECT id FROM reps WHERE email = 'rep0@example.com'`).pluck().get() as string;
    const sessions = Array.from({ length: sessionCount }, () => core.sessions.create({ focusAreaId: 'demo', participants: [{ repId, role: 'seller' }] }, { notify: false }).id);
    const token = tokenFor(core, repId);
    prepare(core);
    return { repId, sessions, token };
  } finally {
    core.close();
  }
}

/** What the desktop declares of a take when it starts its upload. */
export function takeMetadata(recordingId: string, sessionId: string, sha256: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    recordingId,
    sessionId,
    sha256,
    mode: 'camera',
    filename: 'take.mkv',
    startedAt: new Date().toISOString(),
    stoppedAt: '',
    recovered: '0',
    channelMap: '',
    consents: '[]',
  };
}

/** The desktop's tus client sending a file, in its chunks (the last after `beforeLast`). */
export function tusUpload(
  url: string,
  token: string,
  file: string,
  meta: Record<string, string>,
  chunkSize = uploadChunkBytes(),
  /** What the last chunk waits for, as the desktop's waits for the take's companions. */
  beforeLast: Promise<unknown> = Promise.resolve(),
  /** 'library': the file read and sent by tus-js-client's own source and HTTP stack, as desktops before `takeUpload` sent it. */
  source: 'take' | 'library' = 'take',
): Promise<void> {
  const size = fs.statSync(file).size;
  return new Promise((resolve, reject) => {
    const take = takeUpload(file, size);
    const upload = new tus.Upload(source === 'take' ? take.input : (fs.createReadStream(file) as unknown as Blob), {
      endpoint: `${url}/uploads/`,
      ...(source === 'take' ? { fileReader: take.fileReader, httpStack: take.httpStack } : {}),
      chunkSize,
      uploadSize: size,
      onBeforeRequest: async (req) => {
        if (req.getMethod() === 'PATCH' && Number(req.getHeader('Upload-Offset') ?? 0) + chunkSize >= size) await beforeLast;
      },
      headers: { authorization: `Bearer ${token}` },
      metadata: meta,
      retryDelays: [],
      onSuccess: () => resolve(),
      onError: reject,
    });
    upload.start();
  });
}

/**
 * The hub's own times for an upload it adopted: from its creation until its last byte was in and
 * checked (sha256). Throws when the hub did not adopt it.
 */
export function receivedMs(hubDb: Database, recordingId: string): number {
  const row = hubDb.prepare('SELECT created_at, received_at, adopted_at FROM hub_uploads WHERE recording_id = ?').get(recordingId) as Record<string, string>;
  if (!row.adopted_at) throw new Error('The hub did not adopt the take.');
  return Date.parse(row.received_at!) - Date.parse(row.created_at!);
}

/** Processor time (user + system, ms) a process has used so far, from /proc (Linux, 100 ticks a second); 0 when it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Processor time (ms) this process has used so far. */
export function ownCpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** Runs a command under `/usr/bin/time` and answers its stdout and the processor time (ms) it used. */
export function timedCommand(command: string, args: string[]): Promise<{ stdout: string; cpuMs: number }> {
  const out = path.join(os.tmpdir(), `reprise-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/time', ['-f', '%U %S', '-o', out, command, ...args], (error, stdout) => {
      if (error) return reject(error);
      const [user, system] = fs.readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      fs.rmSync(out, { force: true });
      resolve({ stdout, cpuMs: (user! + system!) * 1000 });
    });
  });
}
