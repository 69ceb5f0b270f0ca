import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/shared/access';
import type { MatrixPage, MatrixPageInput } from '../../src/shared/certification';
import { dispatch } from '../../src/shared/dispatch';
import { testCore } from '../support/core';
import { storeGrant } from './certification-support';
import { call } from './scorecards-support';

const now = '2027-03-01T09:00:00Z';
const reps = 230;
const rep = (i: number) => `rep${String(i).padStart(3, '0')}@example.com`;

/**
 * A roster of 230 reps in two teams with a manager (Mia, of the first ten), a coach (Cole, named
 * the coach of five), an admin (Ada) and one archived rep; some of them hold levels that are
 * certified, due for renewal or expired on the built-in focus areas.
 */
async function roster() {
  const core = testCore(now);
  const lines = ['name,email,team,manager_email,coach,coach_email', 'Ada Admin,ada@example.com,,,no,', 'Mia Manager,mia@example.com,North,,no,', 'Cole Coach,cole@example.com,South,,yes,'];
  for (let i = 0; i < reps; i++) {
    lines.push(`Rep ${String(i).padStart(3, '0')},${rep(i)},${i % 2 ? 'South' : 'North'},${i < 10 ? 'mia@example.com' : ''},no,${i >= 10 && i < 15 ? 'cole@example.com' : ''}`);
  }
  const report = await call(core, 'people:import', { csv: lines.join('\n') });
  expect(report.rejected).toEqual([]);
  const idOf = (email: string) => core.people.findByEmail(email)!.id;
  core.access.setRole(idOf('ada@example.com'), 'admin');
  await call(core, 'people:archive', { id: idOf(rep(229)) });
  // Advanced lasts 90 days and its renewal window opens 14 days before it ends.
  storeGrant(core, { repId: idOf(rep(1)), focusAreaId: 'demo', grantedAt: '2027-02-01T10:00:00Z', code: 'AAAA-0000-0001' });
  storeGrant(core, { repId: idOf(rep(2)), focusAreaId: 'demo', grantedAt: '2026-12-10T10:00:00Z', code: 'AAAA-0000-0002' });
  storeGrant(core, { repId: idOf(rep(3)), focusAreaId: 'demo', grantedAt: '2026-10-01T10:00:00Z', code: 'AAAA-0000-0003' });
  storeGrant(core, { repId: idOf(rep(12)), focusAreaId: 'discovery', levelIndex: 0, levelName: 'Beginner', validDays: null, grantedAt: '2027-01-05T10:00:00Z', code: 'AAAA-0000-0004' });
  storeGrant(core, { repId: idOf(rep(150)), focusAreaId: 'demo', levelIndex: 1, levelName: 'Intermediate', validDays: null, grantedAt: '2027-01-05T10:00:00Z', code: 'AAAA-0000-0005' });
  // A later grant replaces an earlier one; one made after now does not show yet.
  storeGrant(core, { repId: idOf(rep(150)), focusAreaId: 'demo', levelIndex: 2, levelName: 'Advanced', grantedAt: '2027-03-05T10:00:00Z', code: 'AAAA-0000-0006' });
  storeGrant(core, { repId: idOf(rep(229)), focusAreaId: 'demo', grantedAt: '2027-02-01T10:00:00Z', code: 'AAAA-0000-0007' });
  const as = (email: string): Caller => core.access.callerFor(idOf(email));
  return { core, idOf, as };
}

type Roster = Awaited<ReturnType<typeof roster>>;

async function page(t: Roster, input: MatrixPageInput, caller: Caller = { kind: 'owner' }): Promise<MatrixPage> {
  const result = await dispatch(t.core.handlers, 'certifications:matrix', input, { caller, guard: t.core.guard });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as MatrixPage;
}

/** Every page of an input, following `next`, as one list of emails. */
async function all(t: Roster, input: MatrixPageInput, caller?: Caller): Promise<{ emails: string[]; pages: number; matching: number }> {
  const emails: string[] = [];
  let after: MatrixPage['next'] = null;
  let pages = 0;
  for (;;) {
    const answer = await page(t, { ...input, after }, caller);
    emails.push(...answer.rows.map((r) => r.rep.email));
    pages += 1;
    after = answer.next;
    if (!after || pages >= 100) return { emails, pages, matching: answer.matching };
  }
}

const levelOf = (p: MatrixPage, email: string, area: string) => p.rows.find((r) => r.rep.email === email)?.cells.find((c) => c.focusAreaId === area);

describe('the certification matrix a page at a time', () => {
  it('pages through everyone active in roster order, each once, with the focus areas as columns', async () => {
    const t = await roster();
    const first = await page(t, { limit: 100 });
    expect(first.areas.map((a) => a.id)).toEqual(['discovery', 'demo', 'personas', 'objection-handling']);
    expect(first.rows).toHaveLength(100);
    expect(first.matching).toBe(reps - 1 + 3);
    expect(first.teams).toEqual(['North', 'South']);
    expect(first.rows.slice(0, 3).map((r) => r.rep.name)).toEqual(['Ada Admin', 'Cole Coach', 'Mia Manager']);
    const { emails, pages } = await all(t, { limit: 100 });
    expect(pages).toBe(3);
    expect(emails).toHaveLength(reps - 1 + 3);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails).not.toContain(rep(229));
  });

  it('shows the level held, its state and expiry, as the full certification list does', async () => {
    const t = await roster();
    const { emails } = await all(t, { limit: 50 });
    const rows = await page(t, { limit: 500 });
    expect(rows.rows.map((r) => r.rep.email)).toEqual(emails);
    expect(levelOf(rows, rep(1), 'demo')).toEqual({ focusAreaId: 'demo', level: 'Advanced', levelIndex: 2, state: 'certified', expiresAt: '2027-05-02T10:00:00.000Z' });
    expect(levelOf(rows, rep(2), 'demo')?.state).toBe('due');
    expect(levelOf(rows, rep(3), 'demo')?.state).toBe('expired');
    expect(levelOf(rows, rep(150), 'demo')).toMatchObject({ level: 'Intermediate', state: 'certified', expiresAt: null });
    expect(levelOf(rows, rep(4), 'demo')).toBeUndefined();
    // The cells say what the paths say, for every rep holding a level.
    const held = await call(t.core, 'certifications:list', { held: true });
    expect(held).toHaveLength(5);
    for (const status of held) {
      const cell = levelOf(rows, status.rep.email, status.focusArea.id);
      expect({ email: status.rep.email, level: cell?.level ?? null, state: cell?.state ?? 'in-progress', expiresAt: cell?.expiresAt ?? null }).toEqual({
        email: status.rep.email,
        level: status.level,
        state: status.state,
        expiresAt: status.expiresAt,
      });
    }
  });

  it('searches names, emails and teams, narrows to a team and to who is due or expired, in the query', async () => {
    const t = await roster();
    const search = await all(t, { query: 'Rep 15', limit: 4 });
    expect(search.emails).toEqual(Array.from({ length: 10 }, (_, i) => rep(150 + i)));
    expect(search.matching).toBe(10);
    expect(search.pages).toBe(3);
    // A percent sign is a character to find, not a wildcard.
    expect((await page(t, { query: '%' })).matching).toBe(0);
    const south = await all(t, { team: 'South', limit: 40 });
    // The odd reps but the archived one, and Cole.
    expect(south.matching).toBe(115);
    expect(south.emails.every((e) => e === 'cole@example.com' || Number(e.slice(3, 6)) % 2 === 1)).toBe(true);
    const due = await page(t, { onlyDue: true });
    expect(due.rows.map((r) => r.rep.email)).toEqual([rep(2), rep(3)]);
    expect((await page(t, { onlyDue: true, team: 'South' })).rows.map((r) => r.rep.email)).toEqual([rep(3)]);
  });

  it('sorts by a focus area: expired, then due, then the highest level, then everyone else by name, across pages', async () => {
    const t = await roster();
    const { emails } = await all(t, { sortArea: 'demo', limit: 2 });
    expect(emails.slice(0, 6)).toEqual([rep(3), rep(2), rep(1), rep(150), 'ada@example.com', 'cole@example.com']);
    const whole = await all(t, { sortArea: 'demo', limit: 7 });
    expect(whole.emails).toHaveLength(reps - 1 + 3);
    expect(new Set(whole.emails).size).toBe(whole.emails.length);
    expect((await all(t, { sortArea: 'discovery', limit: 100 })).emails[0]).toBe(rep(12));
  });

  it('gives each role only their own row and those of the people they lead; a stranger nothing', async () => {
    const t = await roster();
    const admin = await all(t, { limit: 100 }, t.as('ada@example.com'));
    expect(admin.matching).toBe(reps - 1 + 3);
    const manager = await all(t, { limit: 4 }, t.as('mia@example.com'));
    expect(manager.emails.sort()).toEqual(['mia@example.com', ...Array.from({ length: 10 }, (_, i) => rep(i))].sort());
    expect(manager.matching).toBe(11);
    expect((await page(t, {}, t.as('mia@example.com'))).teams).toEqual(['North', 'South']);
    const coach = await all(t, { limit: 100 }, t.as('cole@example.com'));
    expect(coach.emails).toEqual(['cole@example.com', rep(10), rep(11), rep(12), rep(13), rep(14)]);
    const plain = await page(t, { sortArea: 'demo' }, t.as(rep(3)));
    expect(plain.rows.map((r) => r.rep.email)).toEqual([rep(3)]);
    expect(plain.matching).toBe(1);
    expect(plain.teams).toEqual(['South']);
    expect((await page(t, { query: 'Rep 1' }, t.as(rep(3)))).rows).toEqual([]);
    const stranger = await dispatch(t.core.handlers, 'certifications:matrix', {}, { caller: { kind: 'stranger' }, guard: t.core.guard });
    expect(stranger.ok ? 'allowed' : stranger.error.code).toBe('unauthenticated');
  });
});
