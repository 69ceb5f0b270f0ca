import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/core';
import { backupDatabase } from '../../src/core/db/backups';
import { runCli } from '../../src/host/cli';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe.skipIf(process.platform === 'win32')('files Reprise keeps are its owner\'s only (POSIX modes; Windows keeps AppData private by ACL)', () => {
  it('makes the data folder, database, backups and media 0700/0600 even under a permissive umask', async () => {
    const previous = process.umask(0o002);
    try {
      const dir = path.join(tempDir(), 'data');
      const imported = JSON.parse((await cli(['--data-dir', dir, 'recordings', 'import', makeMedia('m4a', 1), '--json'])).stdout) as { id: string };
      const core = createCore({ dataDir: dir, backups: false });
      try {
        const backup = await backupDatabase(core.db, dir, new Date('2026-11-27T09:00:00Z'));
        expect(mode(dir)).toBe(0o700);
        expect(mode(path.join(dir, 'reprise.sqlite'))).toBe(0o600);
        expect(mode(path.join(dir, 'reprise.sqlite-wal'))).toBe(0o600);
        expect(mode(path.join(dir, 'media'))).toBe(0o700);
        expect(mode(path.dirname(backup.file))).toBe(0o700);
        expect(mode(backup.file)).toBe(0o600);
        const take = core.recordings.mediaFile(imported.id, 'recording')!.file;
        expect(mode(take)).toBe(0o600);
        for (const name of fs.readdirSync(path.dirname(take))) expect(mode(path.join(path.dirname(take), name)), name).toBe(0o600);
      } finally {
        core.close();
      }
    } finally {
      process.umask(previous);
    }
  });
});

describe('clips save --out', () => {
  async function withClip() {
    const dir = tempDir();
    const imported = JSON.parse((await cli(['--data-dir', dir, 'recordings', 'import', makeMedia('webm-audio', 3), '--json'])).stdout) as { id: string };
    const core = createCore({ dataDir: dir, backups: false });
    const clip = core.clips.create({ recordingId: imported.id, startMs: 500, endMs: 1_500, title: 'Opening', criteria: [] }, null);
    const take = core.recordings.mediaFile(imported.id, 'recording')!.file;
    core.close();
    return { dir, clip, take, save: (out: string, ...flags: string[]) => cli(['--data-dir', dir, 'clips', 'save', clip.id, '--out', out, ...flags]) };
  }

  it('never writes over the take it cuts from or anything in the data folder, not even with --force or through a link', async () => {
    const { dir, take, save } = await withClip();
    const before = fs.readFileSync(take);
    const elsewhere = tempDir();
    fs.symlinkSync(path.dirname(take), path.join(elsewhere, 'into-data'));
    fs.symlinkSync(take, path.join(elsewhere, 'take-link.webm'));
    for (const out of [take, path.join(dir, 'clip.webm'), path.join(elsewhere, 'into-data', 'recording.webm'), path.join(elsewhere, 'take-link.webm')]) {
      const answer = await save(out, '--force');
      expect(answer.code, out).toBe(1);
      expect(answer.stderr).toMatch(/outside Reprise’s data folder/);
    }
    expect(fs.readFileSync(take)).toEqual(before);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.webm'))).toEqual([]);
  });

  it('refuses to replace an existing file without --force, and with it replaces a link, not what it points to', async () => {
    const { save } = await withClip();
    const folder = tempDir();
    const out = path.join(folder, 'clip.webm');
    fs.writeFileSync(out, 'mine');
    const refused = await save(out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already exists; add --force/);
    expect(fs.readFileSync(out, 'utf8')).toBe('mine');
    expect((await save(out, '--force')).code).toBe(0);
    expect(fs.statSync(out).size).toBeGreaterThan(100);

    const victim = path.join(folder, 'victim.txt');
    fs.writeFileSync(victim, 'keep me');
    const link = path.join(folder, 'link.webm');
    fs.symlinkSync(victim, link);
    expect((await save(link)).code).toBe(1);
    expect((await save(link, '--force')).code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(false);
  });

  it('writes its temporary file under a name no one can guess, so a link planted at the old name is never written through', async () => {
    const { save } = await withClip();
    const folder = tempDir();
    const victim = path.join(folder, 'victim.txt');
    fs.writeFileSync(victim, 'keep me');
    // The name an earlier version wrote to first.
    fs.symlinkSync(victim, path.join(folder, 'clip.webm.part.webm'));
    expect((await save(path.join(folder, 'clip.webm'))).code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me');
    expect(fs.readdirSync(folder).sort()).toEqual(['clip.webm', 'clip.webm.part.webm', 'victim.txt']);
  });
});
