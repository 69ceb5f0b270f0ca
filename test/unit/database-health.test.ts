import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core/core';
import { keptBackups, listBackups } from '../../src/core/db/backups';
import { assertDatabaseUsable } from '../../src/core/db/database-health';
import { runCli } from '../../src/host/cli';
import { dispatch } from '../../src/shared/dispatch';
import { AppError } from '../../src/shared/errors';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function openCore(dataDir: string, day = '2026-11-27'): Core {
  return createCore({ dataDir, clock: () => new Date(`${day}T09:00:00Z`) });
}

async function addRep(core: Core, name: string) {
  const result = await dispatch(core.handlers, 'people:create', { name, email: `${name.toLowerCase()}@example.com` });
  expect(result.ok).toBe(true);
}

function startError(dataDir: string): AppError {
  try {
    openCore(dataDir).close();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('the core started');
}

/** Overwrites bytes in the middle of the file, past the header: SQLite still opens it. */
function damage(file: string) {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
}

async function dataWithPeople(names: string[]): Promise<{ dir: string; file: string }> {
  const dir = tempDir();
  const core = openCore(dir);
  for (const name of names) await addRep(core, name);
  // Enough rows that the damage lands in table pages, not only in free space.
  const many = core.db.prepare('INSERT INTO reps (id, name, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  core.db.transaction(() => {
    for (let i = 0; i < 400; i++) many.run(`filler-${i}`, `Filler ${i}`, `filler${i}@example.com`, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
  })();
  await core.backup;
  core.close();
  return { dir, file: path.join(dir, 'reprise.sqlite') };
}

describe('a damaged database', () => {
  it('is refused at start with what happened and what to do, and the file is not written to', async () => {
    const { dir, file } = await dataWithPeople(['Aino']);
    damage(file);
    const before = sha(file);
    const error = startError(dir);
    expect(error.code).toBe('database_damaged');
    expect(error.message).toMatch(/is damaged/);
    expect(error.message).toMatch(/did not open it and has not changed it/);
    expect(error.message).toMatch(/db restore --yes/);
    expect(sha(file)).toBe(before);

    const listed = await cli(['--data-dir', dir, 'reps', 'list']);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toMatch(/is damaged/);
    expect(sha(file)).toBe(before);
  });

  it('is reported by `db check` with exit 1, and the file stays as it was', async () => {
    const { dir, file } = await dataWithPeople(['Aino']);
    expect((await cli(['--data-dir', dir, 'db', 'check'])).code).toBe(0);
    damage(file);
    const before = sha(file);
    const checked = await cli(['--data-dir', dir, 'db', 'check', '--json']);
    expect(checked.code).toBe(1);
    const report = JSON.parse(checked.stdout) as { ok: boolean; state: string; problems: string[]; backups: unknown[] };
    expect(report).toMatchObject({ ok: false, state: 'damaged' });
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.backups).toHaveLength(1);
    expect(sha(file)).toBe(before);
  });
});

describe('the check at start', () => {
  const startCheck = (dir: string, day = '2026-11-27') =>
    assertDatabaseUsable(dir, path.join(dir, 'reprise.sqlite'), path.join(dir, 'media'), new Date(`${day}T09:00:00Z`));

  it('is skipped for a file exactly as a clean close left it, checked within the day; `db check` still reads everything', async () => {
    const { dir, file } = await dataWithPeople(['Aino']);
    expect(fs.existsSync(`${file}.closed-cleanly`)).toBe(true);
    expect(startCheck(dir)).toMatchObject({ state: 'ok', trusted: true });
    // A mark counts once.
    expect(fs.existsSync(`${file}.closed-cleanly`)).toBe(false);
    expect(startCheck(dir)).toMatchObject({ state: 'ok', trusted: false });
    expect((await cli(['--data-dir', dir, 'db', 'check'])).code).toBe(0);
  });

  it('runs again a day after the last check, after a start that did not close, and after any change to the file', async () => {
    const aDayLater = await dataWithPeople(['Aino']);
    expect(startCheck(aDayLater.dir, '2026-11-28')).toMatchObject({ state: 'ok', trusted: false });

    const crashed = await dataWithPeople(['Aino']);
    const running = openCore(crashed.dir);
    // While it runs there is no mark: a process killed now leaves the next start to check.
    expect(fs.existsSync(`${crashed.file}.closed-cleanly`)).toBe(false);
    running.db.close();
    expect(startCheck(crashed.dir)).toMatchObject({ state: 'ok', trusted: false });

    const changed = await dataWithPeople(['Aino']);
    damage(changed.file);
    expect(() => openCore(changed.dir).close()).toThrow(/is damaged/);
  });
});

describe('damage found while Reprise runs', () => {
  it('answers with what happened instead of a raw SQLite error, and stops writing to the file', async () => {
    const { dir, file } = await dataWithPeople(['Aino']);
    const core = openCore(dir);
    try {
      // Garbage over the second half of the file, where the reps just added live.
      const size = fs.statSync(file).size;
      const fd = fs.openSync(file, 'r+');
      const half = Math.floor(size / 2 / 4096) * 4096;
      fs.writeSync(fd, Buffer.alloc(size - half, 0x5a), 0, size - half, half);
      fs.closeSync(fd);
      const before = sha(file);
      const listed = await dispatch(core.handlers, 'people:list', {});
      expect(listed).toMatchObject({ ok: false, error: { code: 'database_damaged' } });
      expect(listed.ok ? '' : listed.error.message).toMatch(/found damaged while Reprise was running.*stopped writing to it/);
      const created = await dispatch(core.handlers, 'people:create', { name: 'Cai', email: 'cai@example.com' });
      expect(created).toMatchObject({ ok: false, error: { code: 'database_damaged' } });
      expect(() => core.db.prepare("DELETE FROM reps WHERE id = 'filler-1'").run()).toThrow(/readonly/);
      expect(sha(file)).toBe(before);
    } finally {
      core.close();
    }
  });
});

describe('an emptied database', () => {
  it('is refused when it is 0 bytes or missing while the media folder holds recordings', async () => {
    const dir = tempDir();
    const core = openCore(dir);
    const session = await dispatch(core.handlers, 'sessions:create', { focusAreaId: 'discovery', title: 'Discovery', participants: [] });
    if (!session.ok) throw new Error(session.error.message);
    await core.recordings.importFile({ sessionId: (session.value as { id: string }).id, file: makeMedia('m4a', 1) });
    core.close();
    const file = path.join(dir, 'reprise.sqlite');
    fs.truncateSync(file, 0);
    const emptied = startError(dir);
    expect(emptied.code).toBe('database_emptied');
    expect(emptied.message).toMatch(/is empty, but the media folder still holds 1 recording/);
    expect(emptied.message).toMatch(/db restore --yes/);
    expect(fs.statSync(file).size).toBe(0);

    fs.rmSync(file);
    expect(startError(dir).message).toMatch(/is missing, but the media folder still holds 1 recording/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('still lets a new data folder start fresh', () => {
    const dir = tempDir();
    const core = openCore(dir);
    expect(fs.statSync(path.join(dir, 'reprise.sqlite')).size).toBeGreaterThan(0);
    core.close();
  });
});

describe('backups', () => {
  it('are taken once a day at start with the online backup API, and the newest seven are kept', async () => {
    const dir = tempDir();
    for (let day = 1; day <= keptBackups + 2; day++) {
      const core = openCore(dir, `2026-11-${String(day).padStart(2, '0')}`);
      await addRep(core, `Rep${day}`);
      expect((await core.backup)?.date).toBe(`2026-11-${String(day).padStart(2, '0')}`);
      core.close();
    }
    const again = openCore(dir, '2026-11-09');
    expect(await again.backup).toBeNull();
    again.close();
    const backups = listBackups(dir);
    expect(backups.map((b) => b.date)).toEqual(['09', '08', '07', '06', '05', '04', '03'].map((d) => `2026-11-${d}`));
    // Only the backups themselves: each is one self-contained file.
    expect(fs.readdirSync(path.join(dir, 'backups')).sort()).toEqual(backups.map((b) => path.basename(b.file)).sort());
  });

  it('restore round trip: refuses without --yes and while in use, then brings the backup back and keeps the damaged file', async () => {
    const { dir, file } = await dataWithPeople(['Aino']);
    const later = openCore(dir);
    await addRep(later, 'Bea');
    later.close();
    damage(file);
    const damaged = sha(file);

    const unconfirmed = await cli(['--data-dir', dir, 'db', 'restore']);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toMatch(/--yes/);
    expect(sha(file)).toBe(damaged);

    const restored = await cli(['--data-dir', dir, 'db', 'restore', '--yes']);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const kept = fs.readdirSync(dir).filter((n) => n.startsWith('reprise.sqlite.replaced-') && !n.endsWith('-wal'));
    expect(kept).toHaveLength(1);
    expect(sha(path.join(dir, kept[0]!))).toBe(damaged);

    const reps = await cli(['--data-dir', dir, 'reps', 'list', '--json']);
    expect(reps.code).toBe(0);
    const names = (JSON.parse(reps.stdout) as { name: string }[]).map((r) => r.name);
    expect(names).toContain('Aino');
    expect(names).not.toContain('Bea');

    const busy = openCore(dir);
    const before = sha(file);
    const refused = await cli(['--data-dir', dir, 'db', 'restore', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/still using this database/);
    busy.close();
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('reprise.sqlite.replaced-') && !n.endsWith('-wal'))).toHaveLength(1);
  });
});
