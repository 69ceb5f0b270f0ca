import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/core';
import { migrate } from '../../src/core/db/open-database';
import { migrations } from '../../src/core/db/migrations';
import { serveMedia } from '../../src/core/recordings/media-route';
import { runCli } from '../../src/host/cli';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function importSome(dir: string, count: number): Promise<{ id: string; file: string }[]> {
  const imported: { id: string; file: string }[] = [];
  for (let i = 0; i < count; i++) {
    const result = await cli(['--data-dir', dir, 'recordings', 'import', makeMedia('m4a', 1), '--json']);
    expect(result.stderr).toBe('');
    const id = (JSON.parse(result.stdout) as { id: string }).id;
    imported.push({ id, file: path.join(dir, 'media', 'recordings', id, 'recording.m4a') });
  }
  return imported;
}

function flipByte(file: string, at: number) {
  const fd = fs.openSync(file, 'r+');
  const byte = Buffer.alloc(1);
  fs.readSync(fd, byte, 0, 1, at);
  byte[0] = byte[0]! ^ 0xff;
  fs.writeSync(fd, byte, 0, 1, at);
  fs.closeSync(fd);
}

describe('reprise recordings verify', () => {
  it('re-hashes every recording and lists the deleted, truncated and bit-flipped ones, exit 1', async () => {
    const dir = tempDir();
    const [intact, deleted, folderGone, truncated, flipped] = await importSome(dir, 5);
    expect((await cli(['--data-dir', dir, 'recordings', 'verify'])).code).toBe(0);

    fs.rmSync(deleted!.file);
    fs.rmSync(path.dirname(folderGone!.file), { recursive: true });
    fs.truncateSync(truncated!.file, Math.floor(fs.statSync(truncated!.file).size / 2));
    flipByte(flipped!.file, Math.floor(fs.statSync(flipped!.file).size / 2));

    const result = await cli(['--data-dir', dir, 'recordings', 'verify', '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { checked: number; problems: { id: string; problem: string; message: string }[] };
    expect(report.checked).toBe(5);
    expect(Object.fromEntries(report.problems.map((p) => [p.id, p.problem]))).toEqual({
      [deleted!.id]: 'missing',
      [folderGone!.id]: 'missing',
      [truncated!.id]: 'size_changed',
      [flipped!.id]: 'hash_mismatch',
    });
    for (const p of report.problems) expect(p.message).toMatch(/Put the file back from a backup of the media folder/);

    // The result stays with the recording: the list shows what is wrong without hashing again.
    const listed = JSON.parse((await cli(['--data-dir', dir, 'recordings', 'list', '--json'])).stdout) as { id: string; mediaProblem: string | null }[];
    expect(Object.fromEntries(listed.map((r) => [r.id, r.mediaProblem]))).toMatchObject({
      [intact!.id]: null,
      [deleted!.id]: 'missing',
      [truncated!.id]: 'size_changed',
      [flipped!.id]: 'hash_mismatch',
    });
    expect((await cli(['--data-dir', dir, 'recordings', 'verify', intact!.id])).code).toBe(0);
    const one = await cli(['--data-dir', dir, 'recordings', 'verify', flipped!.id]);
    expect(one.code).toBe(1);
    expect(one.stdout).toMatch(/FILE DAMAGED/);
  });

  it('runs in the background after a restore, so the Library shows a file the restored database does not match', async () => {
    const dir = tempDir();
    const [recording] = await importSome(dir, 1);
    expect((await cli(['--data-dir', dir, 'db', 'backup'])).code).toBe(0);
    flipByte(recording!.file, 100);
    expect((await cli(['--data-dir', dir, 'db', 'restore', '--yes'])).code).toBe(0);
    const core = createCore({ dataDir: dir });
    try {
      expect(core.mediaVerify).not.toBeNull();
      await core.mediaVerify;
      expect(core.recordings.get(recording!.id).mediaProblem).toBe('hash_mismatch');
      expect(fs.existsSync(path.join(dir, 'verify-media.pending'))).toBe(false);
    } finally {
      core.close();
    }
  });
});

describe('opening a recording whose file is gone or cut off', () => {
  it('answers with what is wrong and what to do, and the waveform says the same', async () => {
    const dir = tempDir();
    const [missing, cut] = await importSome(dir, 2);
    fs.rmSync(path.dirname(missing!.file), { recursive: true });
    fs.truncateSync(cut!.file, 1000);
    const core = createCore({ dataDir: dir });
    try {
      const gone = await serveMedia(core.recordings, 'recording', missing!.id, { range: 'bytes=0-' });
      expect(gone.status).toBe(404);
      expect(gone.body).toMatch(/file is missing from the media folder \(deleted or moved\)\. Put the file back/);
      const short = await serveMedia(core.recordings, 'recording', cut!.id);
      expect(short.status).toBe(409);
      expect(short.body).toMatch(/not the size it was saved with/);
      expect(core.recordings.get(missing!.id)).toMatchObject({ status: 'ready', mediaProblem: 'missing' });
      expect(core.recordings.get(cut!.id).mediaProblem).toBe('size_changed');
      expect(() => core.recordings.peaks(missing!.id)).toThrow(/file is missing from the media folder/);
    } finally {
      core.close();
    }
  });
});

describe('migration 7: recording media check', () => {
  it('adds the last verify result, empty for existing recordings and limited to the known results', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 6));
    db.exec(`INSERT INTO sessions (id, focus_area_id, status, created_at, updated_at) SELECT 's', id, 'scheduled', '', '' FROM focus_areas LIMIT 1`);
    db.exec(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('r', 's', 'import', 'ready', 'audio/mp4', '')`);
    migrate(db, migrations.filter((m) => m.version <= 7));
    expect(db.prepare('SELECT media_check, media_checked_at FROM recordings').get()).toEqual({ media_check: null, media_checked_at: null });
    expect(() => db.exec("UPDATE recordings SET media_check = 'fine'")).toThrow(/CHECK constraint/);
    db.exec("UPDATE recordings SET media_check = 'hash_mismatch'");
    db.close();
  });
});
