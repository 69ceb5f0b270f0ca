import { describe, expect, it } from 'vitest';
import { seniorityOf } from '../../src/core/people/seniority';
import { AppError } from '../../src/shared/errors';
import { testCore } from '../support/core';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return undefined;
}

describe('seniorityOf', () => {
  const today = new Date('2026-11-27T12:00:00Z');
  it('is new hire before the threshold and senior from it on', () => {
    expect(seniorityOf('2026-11-27', today, 180)).toBe('new_hire');
    expect(seniorityOf('2026-06-01', today, 180)).toBe('new_hire'); // 179 days
    expect(seniorityOf('2026-06-01', today, 179)).toBe('senior');
    expect(seniorityOf('2026-05-31', today, 180)).toBe('senior'); // 180 days
    expect(seniorityOf('2020-01-01', today, 180)).toBe('senior');
    expect(seniorityOf(null, today, 180)).toBe('unknown');
  });
});

describe('PeopleService', () => {
  it('creates a rep with a profile, normalizes the email and reads it back', () => {
    const core = testCore();
    const created = core.people.create({
      name: '  Aino Virtanen ',
      email: ' Aino@Example.com ',
      role: 'AE',
      team: 'Nordics',
      hireDate: '2026-09-01',
      coach: false,
      profile: { careerGoals: 'Lead a team in two years', learningPreference: 'doing', assessmentType: 'DISC', assessmentResult: 'I/S' },
    });
    expect(created).toMatchObject({
      name: 'Aino Virtanen',
      email: 'aino@example.com',
      seniority: 'new_hire',
      archived: false,
      profile: { careerGoals: 'Lead a team in two years', learningPreference: 'doing', motivators: '', notes: '' },
    });
    expect(core.people.get(created.id)).toEqual(created);
    expect(core.emitted).toEqual([{ name: 'people:changed', payload: { ids: [created.id] } }]);
  });

  it('refuses a second rep with the same email, whatever its case', () => {
    const core = testCore();
    core.people.create({ name: 'Aino', email: 'aino@example.com' });
    expect(codeOf(() => core.people.create({ name: 'Other', email: 'AINO@example.com' }))).toBe('conflict');
    expect(core.people.list()).toHaveLength(1);
  });

  it('updates only what the patch names and keeps the rest of the profile', () => {
    const core = testCore();
    const rep = core.people.create({ name: 'Mika', email: 'mika@example.com', team: 'A', profile: { motivators: 'Winning', notes: 'n' } });
    const updated = core.people.update(rep.id, { team: 'B', profile: { notes: 'new note' } });
    expect(updated).toMatchObject({ name: 'Mika', team: 'B', profile: { motivators: 'Winning', notes: 'new note' } });
  });

  it('derives seniority from the hire date, today and the configured number of days', () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const rep = core.people.create({ name: 'New', email: 'new@example.com', hireDate: '2026-08-01' });
    expect(core.people.get(rep.id).seniority).toBe('new_hire');
    core.settings.update({ newHireDays: 90 });
    expect(core.people.get(rep.id).seniority).toBe('senior');
    core.settings.update({ newHireDays: 180 });
    core.setNow('2027-03-01T09:00:00Z');
    expect(core.people.get(rep.id).seniority).toBe('senior');
  });

  it('checks managers: must exist, not the rep, no reporting loop', () => {
    const core = testCore();
    const boss = core.people.create({ name: 'Boss', email: 'boss@example.com' });
    const lead = core.people.create({ name: 'Lead', email: 'lead@example.com', managerId: boss.id });
    const rep = core.people.create({ name: 'Rep', email: 'rep@example.com', managerId: lead.id });
    expect(rep.managerName).toBe('Lead');
    expect(codeOf(() => core.people.update(boss.id, { managerId: rep.id }))).toBe('invalid_input');
    expect(codeOf(() => core.people.update(boss.id, { managerId: boss.id }))).toBe('invalid_input');
    expect(codeOf(() => core.people.create({ name: 'X', email: 'x@example.com', managerId: 'nope' }))).toBe('invalid_input');
    expect(core.people.get(boss.id).managerId).toBeNull();
  });

  it('archives and restores a rep; archived reps leave the default list', () => {
    const core = testCore();
    const a = core.people.create({ name: 'Aino', email: 'a@example.com' });
    core.people.create({ name: 'Bea', email: 'b@example.com' });
    const archived = core.people.archive(a.id);
    expect(archived.archived).toBe(true);
    expect(archived.archivedAt).toBe('2026-11-27T09:00:00.000Z');
    expect(core.people.list().map((r) => r.name)).toEqual(['Bea']);
    expect(core.people.list({ includeArchived: true }).map((r) => r.name)).toEqual(['Aino', 'Bea']);
    expect(core.people.unarchive(a.id).archived).toBe(false);
    expect(core.people.list()).toHaveLength(2);
  });

  it('searches name, email and team, and filters by team, role, seniority and coach', () => {
    const core = testCore('2026-11-27T09:00:00Z');
    core.people.create({ name: 'Aino Virtanen', email: 'aino@example.com', team: 'Nordics', role: 'AE', hireDate: '2026-10-01' });
    core.people.create({ name: 'Ben Okafor', email: 'ben@example.com', team: 'DACH', role: 'AE', hireDate: '2019-01-01', coach: true });
    core.people.create({ name: 'Chloé 100%', email: 'chloe@example.com', team: 'Nordics', role: 'SDR' });
    const names = (filter: Parameters<typeof core.people.list>[0]) => core.people.list(filter).map((r) => r.name);
    expect(names({ query: 'virta' })).toEqual(['Aino Virtanen']);
    expect(names({ query: 'BEN@' })).toEqual(['Ben Okafor']);
    expect(names({ query: 'nordics' })).toEqual(['Aino Virtanen', 'Chloé 100%']);
    expect(names({ query: '100%' })).toEqual(['Chloé 100%']);
    expect(names({ query: '%' })).toEqual(['Chloé 100%']);
    expect(names({ team: 'DACH' })).toEqual(['Ben Okafor']);
    expect(names({ role: 'AE' })).toEqual(['Aino Virtanen', 'Ben Okafor']);
    expect(names({ seniority: 'new_hire' })).toEqual(['Aino Virtanen']);
    expect(names({ seniority: 'unknown' })).toEqual(['Chloé 100%']);
    expect(names({ coachesOnly: true })).toEqual(['Ben Okafor']);
  });

  it('pages the roster by name and email, each page where the last ended, with counts and filter choices', () => {
    const core = testCore('2026-11-27T09:00:00Z');
    for (let i = 0; i < 25; i++) {
      core.people.create({ name: `Person ${String(i).padStart(2, '0')}`, email: `p${i}@example.com`, team: i % 2 ? 'DACH' : 'Nordics', role: 'AE', hireDate: i < 5 ? '2026-10-01' : null });
    }
    // Two people of one name: the email orders them, and a page break between them loses neither.
    core.people.create({ name: 'person 09', email: 'a-twin@example.com', role: 'SDR' });
    const archived = core.people.create({ name: 'Zed', email: 'zed@example.com', team: 'Sweden' });
    core.people.archive(archived.id);
    const seen: string[] = [];
    let page = core.people.page({ limit: 10 });
    expect(page).toMatchObject({ matching: 26, everyone: 27, active: 26, teams: ['DACH', 'Nordics', 'Sweden'], roles: ['AE', 'SDR'] });
    seen.push(...page.items.map((r) => r.email));
    while (page.next) {
      page = core.people.page({ limit: 10, after: page.next });
      seen.push(...page.items.map((r) => r.email));
    }
    expect(seen).toEqual(core.people.list().map((r) => r.email));
    expect(seen.slice(9, 11)).toEqual(['a-twin@example.com', 'p9@example.com']);
    expect(core.people.page({ filter: { query: 'person 0', seniority: 'new_hire' } }).items.map((r) => r.name)).toEqual([
      'Person 00', 'Person 01', 'Person 02', 'Person 03', 'Person 04',
    ]);
    expect(core.people.page({ filter: { includeArchived: true, team: 'Sweden' } }).items.map((r) => r.name)).toEqual(['Zed']);
  });

  it('lists the people someone leads: their manager tree, whom they coach, the people of programs they coach', () => {
    const core = testCore();
    const boss = core.people.create({ name: 'Boss', email: 'boss@example.com' });
    const lead = core.people.create({ name: 'Lead', email: 'lead@example.com', managerId: boss.id });
    core.people.create({ name: 'Rep', email: 'rep@example.com', managerId: lead.id });
    const coached = core.people.create({ name: 'Coached', email: 'coached@example.com', coachedById: lead.id });
    core.people.create({ name: 'Stranger', email: 'stranger@example.com' });
    const names = (ledBy: string) => core.people.list({ ledBy }).map((r) => r.name);
    expect(names(boss.id)).toEqual(['Lead', 'Rep']);
    expect(names(lead.id)).toEqual(['Coached', 'Rep']);
    expect(names(coached.id)).toEqual([]);
    // A person page lists direct reports only, a page of them with the count.
    const reports = core.people.page({ filter: { managerId: boss.id }, limit: 1 });
    expect(reports.items.map((r) => r.name)).toEqual(['Lead']);
    expect(reports.matching).toBe(1);
    expect(core.people.page({ filter: { ledBy: boss.id }, limit: 1 }).matching).toBe(2);
  });

  it('says which rep is missing', () => {
    const core = testCore();
    expect(codeOf(() => core.people.get('missing'))).toBe('not_found');
    expect(codeOf(() => core.people.archive('missing'))).toBe('not_found');
  });
});
