import { describe, expect, it } from 'vitest';
import { heldStatusSql } from '../../src/core/sessions/held';
import { dispatch } from '../../src/shared/dispatch';
import type { LibraryPage } from '../../src/shared/library';
import { testCore } from '../support/core';

/**
 * Generating a schedule writes its sessions in one batch, with the per-row work of some triggers
 * (search documents, Progress rows) done once after the rows are in. What the triggers would have
 * made must be there all the same, and the triggers must be back for the writes that follow.
 */

type TestCore = ReturnType<typeof testCore>;

const names = ['Aino Kettunen', 'Väinö Mäkelä', 'Elsa Nyström', 'Oskari Laine', 'Helmi Virtanen', 'Eino Salo', 'Lumi Heikkinen'];

function seed(core: TestCore): { ids: string[]; programId: string } {
  const ids = names.map((name, i) => core.people.create({ name, email: `rep${i}@example.com`, hireDate: '2020-01-01' }).id);
  const program = core.programs.programs.create({
    name: 'Nordics weekly',
    weekday: 'wed',
    time: '15:00',
    durationMinutes: 45,
    timeZone: 'Europe/Helsinki',
    startDate: '2026-11-30',
    repIds: ids,
  });
  return { ids, programId: program.id };
}

async function callOk<T>(core: TestCore, channel: string, input: unknown): Promise<T> {
  const result = await dispatch(core.handlers, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

function take(core: TestCore, id: string, sessionId: string, startedAt: string): void {
  core.db
    .prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at, duration_ms) VALUES (?, ?, 'microphone', 'ready', 'audio/webm', ?, 600000)`)
    .run(id, sessionId, startedAt);
}

const triggers = (core: TestCore) => core.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();

describe('schedule generate writes', () => {
  it("lets the library search find a generated session by a participant's name", async () => {
    const core = testCore();
    const { ids, programId } = seed(core);
    const { sessions } = await callOk<{ sessions: { id: string; startsAt: string; participants: { repId: string }[] }[] }>(core, 'schedule:generate', { programId, weeks: 3 });
    expect(sessions.length).toBeGreaterThan(3);
    const vaino = ids[1]!;
    const his = sessions.find((s) => s.participants.some((p) => p.repId === vaino))!;
    const other = sessions.find((s) => !s.participants.some((p) => p.repId === vaino))!;
    // The Library lists sessions with a take; a take adds the session to it but writes no search document.
    take(core, 'rec-his', his.id, his.startsAt);
    take(core, 'rec-other', other.id, other.startsAt);

    const found = await callOk<LibraryPage>(core, 'library:search', { query: 'Mäkelä' });
    expect(found.rows.map((r) => r.sessionId)).toEqual([his.id]);
    // Accents ignored, as for any other document.
    const plain = await callOk<LibraryPage>(core, 'library:search', { query: 'makela' });
    expect(plain.rows.map((r) => r.sessionId)).toEqual([his.id]);
  });

  it("makes every participant's Progress row as the trigger would, and leaves the triggers as they were", async () => {
    const core = testCore();
    const { programId } = seed(core);
    const before = triggers(core);
    const participationsVersion = () => core.db.prepare("SELECT version FROM progress_versions WHERE part = 'participations'").pluck().get() as number;
    const versionBefore = participationsVersion();
    await callOk(core, 'schedule:generate', { programId, weeks: 4 });
    await callOk(core, 'schedule:generate', { programId, weeks: 2, more: true });
    expect(triggers(core)).toEqual(before);

    const plain = core.db
      .prepare(
        `SELECT sp.session_id, sp.rep_id, sp.role, ${heldStatusSql()} AS status, s.program_id, s.focus_area_id, s.coach_rep_id AS coach_id,
                COALESCE(s.local_date, substr(s.starts_at, 1, 10)) AS date
         FROM session_participants sp JOIN sessions s ON s.id = sp.session_id ORDER BY sp.session_id, sp.rep_id`,
      )
      .all();
    const kept = core.db
      .prepare('SELECT session_id, rep_id, role, status, program_id, focus_area_id, coach_id, date FROM progress_participations ORDER BY session_id, rep_id')
      .all();
    expect(plain.length).toBeGreaterThan(12);
    expect(kept).toEqual(plain);
    // Migration 47's count of writes went up once per Progress row, as its row trigger would have raised it.
    expect(participationsVersion()).toBe(versionBefore + kept.length);

    // The triggers work again after the batch: a participant added by hand gets their row.
    const [first] = plain as { session_id: string }[];
    const extra = core.people.create({ name: 'Iida Koskinen', email: 'iida@example.com', hireDate: '2020-01-01' }).id;
    core.db.prepare(`INSERT INTO session_participants (session_id, rep_id, role) VALUES (?, ?, 'observer')`).run(first!.session_id, extra);
    expect(core.db.prepare('SELECT role FROM progress_participations WHERE session_id = ? AND rep_id = ?').pluck().get(first!.session_id, extra)).toBe('observer');
    expect(participationsVersion()).toBe(versionBefore + kept.length + 1);
  });
});
