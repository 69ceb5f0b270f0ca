import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/core';
import { runCli } from '../../src/host/cli';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('reprise library search', () => {
  it('finds a take by a word typed without diacritics and says where in it, as the promised JSON', async () => {
    const dir = tempDir();
    const file = path.join(tempDir(), 'asiakas.mp4');
    fs.copyFileSync(makeMedia('mp4-av', 2), file);
    const imported = JSON.parse((await cli(['--data-dir', dir, 'recordings', 'import', file, '--focus', 'demo', '--json'])).stdout) as { id: string; sessionId: string };
    const core = createCore({ dataDir: dir, backups: false });
    core.recordings.addMarker({ recordingId: imported.id, offsetMs: 1500, note: 'Käyttöönoton aikataulu', tag: null });
    core.close();

    const found = await cli(['--data-dir', dir, 'library', 'search', 'kayttoonoton', '--focus', 'demo', '--unreviewed', '--from', '2000-01-01', '--json']);
    expect(found.code).toBe(0);
    const rows = JSON.parse(found.stdout) as Record<string, unknown>[];
    expect(rows).toEqual([
      {
        sessionId: imported.sessionId,
        recordingId: imported.id,
        focusArea: 'demo',
        startsAt: expect.any(String),
        timeZone: null,
        participants: [],
        score: null,
        snippet: 'Käyttöönoton aikataulu',
        atMs: 1500,
      },
    ]);
    expect(JSON.parse((await cli(['--data-dir', dir, 'library', 'search', '--focus', 'discovery', '--json'])).stdout)).toEqual([]);
    const text = await cli(['--data-dir', dir, 'library', 'search', 'aikataulu']);
    expect(text.stdout).toMatch(/at 0:01: Käyttöönoton aikataulu/);
  });

  it("prints a program session's time in its program's zone, named, as the app shows it", async () => {
    const dir = tempDir();
    const core = createCore({ dataDir: dir, backups: false });
    const ids = ['Aino Kettunen', 'Eino Salo'].map((name, i) => core.people.create({ name, email: `rep${i}@example.com`, hireDate: '2020-01-01' }).id);
    const program = core.programs.programs.create({ name: 'Nordics weekly', weekday: 'mon', time: '15:00', durationMinutes: 45, timeZone: 'Europe/Helsinki', startDate: '2026-12-07', repIds: ids });
    core.close();
    const generated = await cli(['--data-dir', dir, 'schedule', 'generate', '--program', program.id, '--weeks', '1', '--json'], { REPRISE_NOW: '2026-12-01T09:00:00Z' });
    expect(generated.code, generated.stderr).toBe(0);
    const sessionId = (JSON.parse(generated.stdout) as { id: string }[])[0]!.id;
    const imported = await cli(['--data-dir', dir, 'recordings', 'import', makeMedia('webm-audio', 1), '--session', sessionId, '--json']);
    expect(imported.code, imported.stderr).toBe(0);

    const text = await cli(['--data-dir', dir, 'library', 'search', 'Aino']);
    // 15:00 in Helsinki is 13:00 UTC in December: the line says the program's time and whose clock it is.
    expect(text.stdout).toMatch(/^2026-12-07 15:00 Europe\/Helsinki {2}/);
    const rows = JSON.parse((await cli(['--data-dir', dir, 'library', 'search', 'Aino', '--json'])).stdout) as { startsAt: string; timeZone: string | null }[];
    expect(rows).toEqual([expect.objectContaining({ startsAt: '2026-12-07T13:00:00.000Z', timeZone: 'Europe/Helsinki' })]);
  });

  it('refuses filters that cannot be meant, with exit 2 or 1 and the reason', async () => {
    const dir = tempDir();
    expect((await cli(['--data-dir', dir, 'library', 'search', '--role', 'seller'])).stderr).toMatch(/--role goes with --rep/);
    expect((await cli(['--data-dir', dir, 'library', 'search', '--unreviewed', '--reviewed'])).code).toBe(2);
    const badDate = await cli(['--data-dir', dir, 'library', 'search', '--from', '2026-13-01']);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toMatch(/from: /);
    const nobody = await cli(['--data-dir', dir, 'library', 'search', '--rep', 'nobody@example.com']);
    expect(nobody).toMatchObject({ code: 1, stderr: expect.stringMatching(/No one in the roster/) });
  });
});

describe('reprise comments', () => {
  it('adds a comment at a moment and a reply, and lists them as JSON', async () => {
    const dir = tempDir();
    const roster = path.join(tempDir(), 'roster.csv');
    fs.writeFileSync(roster, 'name,email\nAino Laine,aino@example.com\n');
    await cli(['--data-dir', dir, 'reps', 'import', roster]);
    const imported = JSON.parse((await cli(['--data-dir', dir, 'recordings', 'import', makeMedia('m4a', 3), '--json'])).stdout) as { id: string };
    const added = await cli(['--data-dir', dir, 'comments', 'add', '--recording', imported.id, '--at', '1200', '--to', '2500', '--text', 'Tässä hyvä kysymys', '--author', 'aino@example.com', '--json']);
    expect(added.code).toBe(0);
    const comment = JSON.parse(added.stdout) as { id: string };
    expect(comment).toMatchObject({ atMs: 1200, toMs: 2500, authorName: 'Aino Laine', body: 'Tässä hyvä kysymys' });
    expect((await cli(['--data-dir', dir, 'comments', 'add', '--recording', imported.id, '--reply-to', comment.id, '--text', 'Samaa mieltä'])).code).toBe(0);
    const listed = JSON.parse((await cli(['--data-dir', dir, 'comments', 'list', '--recording', imported.id, '--json'])).stdout) as { body: string; replies: { body: string }[] }[];
    expect(listed).toMatchObject([{ body: 'Tässä hyvä kysymys', replies: [{ body: 'Samaa mieltä' }] }]);
    expect((await cli(['--data-dir', dir, 'comments', 'list', '--recording', imported.id])).stdout).toMatch(/^0:01–0:02 {2}Aino Laine: Tässä hyvä kysymys/);
    const found = JSON.parse((await cli(['--data-dir', dir, 'library', 'search', 'tassa', '--json'])).stdout) as { atMs: number }[];
    expect(found).toMatchObject([{ recordingId: imported.id, atMs: 1200, snippet: 'Tässä hyvä kysymys' }]);
    expect((await cli(['--data-dir', dir, 'comments', 'add', '--recording', imported.id, '--text', 'When?'])).code).toBe(2);
  });
});
