import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeMedia } from '../support/media';
import { cli, desktopCore, owner, recordTake, team } from '../support/hub-team';

describe('a connected desktop keeps every write it makes', () => {
  it('takes a session three times and imports a fourth, like a desktop on its own, and all four reach the hub', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const core = desktopCore(a);
    const everyone = [
      { repId: t.aino.id, share: true },
      { repId: t.cole.id, share: true },
    ];
    const takes: string[] = [];
    for (let i = 0; i < 3; i++) takes.push(await recordTake(core, t.session.id, everyone));
    // The app's import: the file's bytes go to the same channels as a recorder's.
    const imported = await core.handlers['recordings:import']({ sessionId: t.session.id, fileName: 'fourth.webm', mimeType: 'audio/webm' }, owner);
    await core.handlers['recordings:append']({ id: imported.id, seq: 0, data: fs.readFileSync(makeMedia('webm-audio', 2)).toString('base64') }, owner);
    await core.handlers['recordings:stop']({ id: imported.id, reason: 'user' }, owner);
    await core.recordings.whenFinalized(imported.id);
    takes.push(imported.id);
    expect((await core.handlers['recordings:list']({ sessionId: t.session.id }, owner)).map((r) => r.status)).toEqual(['ready', 'ready', 'ready', 'ready']);
    // The Library here lists the session once, however many takes it has.
    expect(core.db.prepare('SELECT count(*) FROM library_sessions WHERE session_id = ?').pluck().get(t.session.id)).toBe(1);

    const synced = await cli(['--data-dir', a, 'sync', '--once', '--json']);
    expect(JSON.parse(synced.stdout)).toMatchObject({ uploaded: 4, failed: 0 });
    expect(t.hub.recordings.list({ sessionId: t.session.id }).map((r) => r.id).sort()).toEqual([...takes].sort());
  });
});
