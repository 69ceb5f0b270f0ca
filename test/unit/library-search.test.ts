import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/core/db/open-database';
import { migrations } from '../../src/core/db/migrations';
import { ftsTerms, LibrarySearch, libraryCountStep } from '../../src/core/recordings/library-search';
import { dispatch } from '../../src/shared/dispatch';
import { libraryFilter, type LibraryFilter, type LibraryPage } from '../../src/shared/library';
import { call, fullContent, team } from './scorecards-support';
import { library } from '../bench/library-data';

type Team = ReturnType<typeof team>;
let takes = 0;

function take(t: Team, sessionId: string, startedAt = '2026-11-26T13:00:00Z'): string {
  const id = `rec${++takes}`;
  t.core.db
    .prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at, duration_ms) VALUES (?, ?, 'microphone', 'ready', 'audio/webm', ?, 600000)`)
    .run(id, sessionId, startedAt);
  return id;
}

async function search(t: Team, filter: LibraryFilter = {}) {
  return call(t.core, 'library:search', filter);
}

const ids = (page: { rows: { sessionId: string }[] }) => page.rows.map((r) => r.sessionId);

describe('library search', () => {
  it("gives each row of a page the snippet of its own hit, on every page", async () => {
    const t = team();
    const notes = ['Budjetti kysyttiin liian myöhään', 'Hyvä avaus, budjetista ei puhuttu', 'Budjetointi jäi auki'];
    const sessions = [];
    for (const [i, note] of notes.entries()) {
      const s = t.session('discovery', `2026-11-2${i}T13:00:00Z`, `Harjoitus ${i}`);
      const rec = take(t, s.id, `2026-11-2${i}T13:00:00Z`);
      await call(t.core, 'markers:add', { recordingId: rec, offsetMs: 1000 * (i + 1), note });
      sessions.push(s.id);
    }
    const all = await search(t, { query: 'budj' });
    expect(all.rows.map((r) => [r.sessionId, r.snippet, r.atMs])).toEqual([
      [sessions[2], notes[2], 3000],
      [sessions[1], notes[1], 2000],
      [sessions[0], notes[0], 1000],
    ]);
    const second = await search(t, { query: 'budj', limit: 1, offset: 1 });
    expect(second).toMatchObject({ total: 3 });
    expect(second.rows.map((r) => r.snippet)).toEqual([notes[1]]);
    expect(await search(t, { query: 'budj', limit: 1, offset: 3 })).toMatchObject({ total: 3, rows: [] });
    expect(await search(t, { query: 'budj', limit: 1, from: '2026-11-21' })).toMatchObject({ total: 2, rows: [{ sessionId: sessions[2] }] });
    expect(await search(t, { query: 'budj', limit: 1, focus: 'demo' })).toMatchObject({ total: 0, rows: [] });
  });

  it('finds words in marker notes, titles and scorecards with Finnish and Swedish letters typed without diacritics', async () => {
    const t = team();
    const s = t.session();
    const rec = take(t, s.id);
    await call(t.core, 'markers:add', { recordingId: rec, offsetMs: 83_500, note: 'Hyvä kysymys käyttöönotosta' });
    const other = t.core.sessions.create({
      focusAreaId: 'demo',
      title: 'Översättning av demon',
      startsAt: '2026-11-19T13:00:00Z',
      participants: [
        { repId: t.ben.id, role: 'seller' },
        { repId: t.aino.id, role: 'buyer' },
      ],
    });
    take(t, other.id, '2026-11-19T13:00:00Z');

    const hit = await search(t, { query: 'kayttoonotosta' });
    expect(hit.rows).toHaveLength(1);
    expect(hit.rows[0]).toMatchObject({ sessionId: s.id, recordingId: rec, atMs: 83_500, hitKind: 'marker', snippet: 'Hyvä kysymys käyttöönotosta' });
    // A word's start finds it too: people type as they search.
    expect(ids(await search(t, { query: 'KÄYTTÖ' }))).toEqual([s.id]);
    expect(ids(await search(t, { query: 'oversattning' }))).toEqual([other.id]);
    expect((await search(t, { query: 'oversattning' })).rows[0]).toMatchObject({ hitKind: 'session', atMs: null });
    // Participants' names are in the session's text; every word must match.
    expect(ids(await search(t, { query: 'chloe kysymys' }))).toEqual([s.id]);
    expect(ids(await search(t, { query: 'chloe översättning' }))).toEqual([]);

    // Scorecard text counts once it is submitted; a draft is its writer's alone.
    const card = await call(t.core, 'scorecards:start', { sessionId: other.id, reviewerId: t.aino.id });
    await call(t.core, 'scorecards:save-draft', { id: card.id, sections: { [card.template.sections[0]!.key]: 'Päätöksentekijä jäi löytämättä' } });
    expect(ids(await search(t, { query: 'paatoksentekija' }))).toEqual([]);
    await call(t.core, 'scorecards:submit', fullContent(card, [4], 'Päätöksentekijä jäi löytämättä'));
    expect((await search(t, { query: 'paatoksentekija' })).rows).toMatchObject([{ sessionId: other.id, hitKind: 'scorecard' }]);
  });

  it("finds every longer word a word's start stands for, however many, walking or grouping", async () => {
    const t = team();
    const notes = ['Budjetti', 'budjettia kysyttiin', 'BUDJETTIIN asti', 'Budjettikeskustelu jäi', 'Budjetointi', 'käyttöönotosta', 'Kayttoonottoa'];
    // "555" stands for more index terms than are asked one by one.
    for (let i = 0; i < 12; i++) notes.push(`kohta 555${i}`);
    const sessions: string[] = [];
    for (const [i, note] of notes.entries()) {
      const at = new Date(Date.parse('2026-10-01T10:00:00Z') + i * 86_400_000).toISOString();
      const s = t.session('discovery', at, `Harjoitus ${i}`);
      await call(t.core, 'markers:add', { recordingId: take(t, s.id, at), offsetMs: 1000, note });
      sessions.push(s.id);
    }
    const newestFirst = (...i: number[]) => i.map((n) => sessions[n]!).reverse();
    const twelve = notes.map((_, i) => i).slice(7);
    const expected: [string, string[]][] = [
      ['budjett', newestFirst(0, 1, 2, 3)],
      ['budjettii', newestFirst(2)],
      ['KÄYTTÖÖNOT', newestFirst(5, 6)],
      ['555', newestFirst(...twelve)],
      ['kohta 555', newestFirst(...twelve)],
      ['5551', newestFirst(8, 17, 18)],
      ['budjettix', []],
    ];
    const all = Number.MAX_SAFE_INTEGER;
    for (const search of [new LibrarySearch(t.core.db, 1, 0), new LibrarySearch(t.core.db, all, 0), new LibrarySearch(t.core.db, all, all)])
      for (const [query, found] of expected) {
        const page = search.search(libraryFilter.parse({ query }));
        expect(ids(page), query).toEqual(found);
        expect(page.total).toBe(found.length);
      }
  });

  it('keeps the index in step when markers, names and scenarios change', async () => {
    const t = team();
    const s = t.session();
    const rec = take(t, s.id);
    const marker = await call(t.core, 'markers:add', { recordingId: rec, offsetMs: 1000, note: 'budjetti' });
    await call(t.core, 'markers:update', { id: marker.id, note: 'hinnoittelu' });
    expect(ids(await search(t, { query: 'budjetti' }))).toEqual([]);
    expect(ids(await search(t, { query: 'hinnoittelu' }))).toEqual([s.id]);
    await call(t.core, 'markers:delete', { id: marker.id });
    expect(ids(await search(t, { query: 'hinnoittelu' }))).toEqual([]);

    t.core.people.update(t.ben.id, { name: 'Bengt Åström' });
    expect(ids(await search(t, { query: 'astrom' }))).toEqual([s.id]);

    const scenario = t.core.db.prepare('SELECT id, persona_id AS personaId FROM scenarios LIMIT 1').get() as { id: string; personaId: string };
    t.core.db.prepare('UPDATE sessions SET scenario_id = ? WHERE id = ?').run(scenario.id, s.id);
    t.core.db.prepare("UPDATE personas SET company = 'Kestävä Energia Oy' WHERE id = ?").run(scenario.personaId);
    expect(ids(await search(t, { query: 'kestava energia' }))).toEqual([s.id]);
  });

  it('combines filters: rep in a role, team, focus area, program, dates, review state and score', async () => {
    const t = team();
    const s = t.session();
    t.core.people.update(t.ben.id, { team: 'Nordics' });
    take(t, s.id); // discovery, 26 Nov, Aino sells, Ben buys
    const demo = t.core.sessions.create({
      focusAreaId: 'demo',
      startsAt: '2026-11-12T13:00:00Z',
      participants: [
        { repId: t.ben.id, role: 'seller' },
        { repId: t.aino.id, role: 'buyer' },
      ],
    });
    take(t, demo.id, '2026-11-12T13:00:00Z');
    const unscheduled = t.core.sessions.create({ focusAreaId: 'discovery', participants: [{ repId: t.pia.id, role: 'seller' }] });
    take(t, unscheduled.id, '2026-11-20T09:00:00Z');
    t.core.sessions.create({ focusAreaId: 'discovery', startsAt: '2026-11-27T13:00:00Z', participants: [{ repId: t.aino.id, role: 'seller' }] });

    const card = await call(t.core, 'scorecards:start', { sessionId: demo.id, reviewerId: t.aino.id });
    await call(t.core, 'scorecards:submit', fullContent(card, [5]));

    // Only sessions with a take, newest first; an unscheduled one is dated by its take.
    expect(ids(await search(t))).toEqual([s.id, unscheduled.id, demo.id]);
    expect((await search(t)).rows[1]!.startsAt).toBe('2026-11-20T09:00:00Z');
    expect(ids(await search(t, { rep: 'aino@example.com' }))).toEqual([s.id, demo.id]);
    expect(ids(await search(t, { rep: 'AINO@example.com', repRole: 'seller' }))).toEqual([s.id]);
    expect(ids(await search(t, { rep: t.aino.id, repRole: 'buyer' }))).toEqual([demo.id]);
    expect(ids(await search(t, { team: 'nordics', focus: 'demo' }))).toEqual([demo.id]);
    expect(ids(await search(t, { team: 'nordics', focus: 'personas' }))).toEqual([]);
    expect(ids(await search(t, { from: '2026-11-13', to: '2026-11-20' }))).toEqual([unscheduled.id]);
    expect(ids(await search(t, { review: 'unreviewed', rep: 'aino@example.com' }))).toEqual([s.id]);
    expect(ids(await search(t, { review: 'reviewed' }))).toEqual([demo.id]);
    expect(ids(await search(t, { minScore: 90 }))).toEqual([demo.id]);
    expect(ids(await search(t, { maxScore: 90 }))).toEqual([]);
    expect(ids(await search(t, { sort: 'score' }))[0]).toBe(demo.id);
    expect((await search(t, { review: 'reviewed' })).rows[0]).toMatchObject({ reviews: 1, score: 100 });
    expect(ids(await search(t, { program: 'none-such' }))).toEqual([]);

    expect(await search(t, { query: 'aino', limit: 1 })).toMatchObject({ total: 2, rows: [{ sessionId: s.id }] });
    expect(await search(t, { query: 'aino', limit: 1, offset: 5 })).toMatchObject({ total: 2, rows: [] });
    const page = await search(t, { limit: 2, offset: 2 });
    expect(page).toMatchObject({ total: 3 });
    expect(ids(page)).toEqual([demo.id]);
    const unknown = await dispatch(t.core.handlers, 'library:search', { rep: 'nobody@example.com' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it("carries a program session's time zone, in which the Library shows its time; a role-play outside a program has none", async () => {
    const t = team();
    const inProgram = t.session();
    take(t, inProgram.id);
    const adHoc = t.core.sessions.create({ focusAreaId: 'discovery', participants: [{ repId: t.pia.id, role: 'seller' }] });
    take(t, adHoc.id, '2026-11-20T09:00:00Z');
    const program = await call(t.core, 'programs:create', {
      name: 'Weekly',
      weekday: 'wed',
      time: '14:00',
      durationMinutes: 45,
      timeZone: 'Asia/Tokyo',
      startDate: '2026-09-01',
      repIds: [t.aino.id, t.ben.id],
      focusAreaIds: ['discovery'],
    });
    t.core.db.prepare('UPDATE sessions SET program_id = ? WHERE id = ?').run(program.id, inProgram.id);
    const rows = (await search(t)).rows;
    expect(rows.map((r) => [r.sessionId, r.timeZone])).toEqual([
      [inProgram.id, 'Asia/Tokyo'],
      [adHoc.id, null],
    ]);
    // The same for a word search (a row built from its hit).
    await call(t.core, 'markers:add', { recordingId: take(t, inProgram.id), offsetMs: 1000, note: 'Budjetti' });
    expect((await search(t, { query: 'budjetti' })).rows).toMatchObject([{ sessionId: inProgram.id, timeZone: 'Asia/Tokyo' }]);
  });

  it('finds for a signed-in person only what they may see', async () => {
    const t = team();
    const s = t.session();
    const rec = take(t, s.id);
    await call(t.core, 'markers:add', { recordingId: rec, offsetMs: 0, note: 'kilpailija mainittiin' });
    const card = await call(t.core, 'scorecards:start', { sessionId: s.id, reviewerId: t.ben.id });
    await call(t.core, 'scorecards:submit', fullContent(card, [3], 'Salainen palaute'));
    const as = async (repId: string, filter: LibraryFilter) => {
      const result = await dispatch(t.core.handlers, 'library:search', filter, { caller: t.core.access.callerFor(repId), guard: t.core.guard });
      if (!result.ok) throw new Error(result.error.message);
      return result.value as LibraryPage;
    };
    expect((await as(t.pia.id, {})).total).toBe(0);
    expect(ids(await as(t.pia.id, { query: 'kilpailija' }))).toEqual([]);
    expect(ids(await as(t.chloe.id, { query: 'kilpailija' }))).toEqual([s.id]);
    // The scorecard is Ben's (who wrote it) and Aino's (whom it is about) and her manager's, not the observer's.
    expect(ids(await as(t.ben.id, { query: 'salainen' }))).toEqual([s.id]);
    expect(ids(await as(t.aino.id, { query: 'salainen' }))).toEqual([s.id]);
    expect(ids(await as(t.maija.id, { query: 'salainen' }))).toEqual([s.id]);
    expect(ids(await as(t.chloe.id, { query: 'salainen' }))).toEqual([]);
  });

  it('turns any typed text into a query that cannot fail', () => {
    expect(ftsTerms('  ')).toEqual([]);
    expect(ftsTerms('"AND" OR (NEAR*')).toEqual(['"AND"*', '"OR"', '"NEAR"*']);
    expect(ftsTerms('käyttö-önotto')).toEqual(['"käyttö"*', '"önotto"*']);
  });
});

describe('migration 13: library search', () => {
  it('indexes what was stored before it', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version < 13));
    db.exec(`
      INSERT INTO reps (id, name, email, created_at, updated_at) VALUES ('r1', 'Åsa Öberg', 'asa@example.com', '', '');
      INSERT INTO sessions (id, focus_area_id, title, starts_at, created_at, updated_at) VALUES ('s1', 'demo', 'Viikkoharjoitus', '2026-11-02T10:00:00Z', '', '');
      INSERT INTO session_participants (session_id, rep_id, role) VALUES ('s1', 'r1', 'seller');
      INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('rec', 's1', 'camera', 'ready', 'video/webm', '2026-11-02T10:00:00Z');
      INSERT INTO markers (id, recording_id, offset_ms, note, created_at) VALUES ('m1', 'rec', 4200, 'Tärkeä hetki', '');
    `);
    migrate(db, migrations);
    const search = new LibrarySearch(db);
    expect(search.search(libraryFilter.parse({ query: 'oberg' })).rows).toMatchObject([{ sessionId: 's1', hitKind: 'session' }]);
    expect(search.search(libraryFilter.parse({ query: 'tarkea' })).rows).toMatchObject([{ sessionId: 's1', recordingId: 'rec', atMs: 4200 }]);
    db.close();
  });
});

describe("the Library's mean", () => {
  it('leaves self-reviews out, as Progress does: a session only self-reviewed is unreviewed', async () => {
    const t = team();
    const s = t.session();
    take(t, s.id);
    // Aino, the seller, reviews herself generously.
    const self = await call(t.core, 'scorecards:start', { sessionId: s.id, reviewerId: t.aino.id });
    await call(t.core, 'scorecards:submit', fullContent(self, [5]));
    expect((await search(t)).rows[0]).toMatchObject({ reviews: 0, score: null });
    expect(ids(await search(t, { review: 'unreviewed' }))).toEqual([s.id]);
    // Ben, the buyer, scores her as a peer: the mean is his alone.
    const peer = await call(t.core, 'scorecards:start', { sessionId: s.id, reviewerId: t.ben.id });
    await call(t.core, 'scorecards:submit', fullContent(peer, [1]));
    const row = (await search(t)).rows[0]!;
    expect(row).toMatchObject({ reviews: 1, score: 0 });
    // Progress reads the same scorecards the same way: the peer's 1 of 5, the self-review left out.
    const arc = await call(t.core, 'progress:team', {});
    const cells = arc.heatmap.find((h) => h.focusAreaId === 'discovery')!.rows.find((r) => r.repId === t.aino.id)!.cells;
    expect(cells.every((c) => c.mean === 1 && c.n === 1)).toBe(true);
  });

  it('is recomputed without self-reviews when an older database is upgraded', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 20));
    db.exec(`
      INSERT INTO reps (id, name, email, created_at, updated_at) VALUES ('a', 'Aino', 'a@example.com', '2026-01-01', '2026-01-01'), ('b', 'Ben', 'b@example.com', '2026-01-01', '2026-01-01');
      INSERT INTO sessions (id, focus_area_id, starts_at, created_at, updated_at) VALUES ('s', 'discovery', '2026-11-26T13:00:00Z', '2026-11-01', '2026-11-01');
      INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('r', 's', 'microphone', 'ready', 'audio/webm', '2026-11-26T13:00:00Z');
    `);
    const template = db.prepare('SELECT id FROM rubric_template_versions LIMIT 1').pluck().get() as string;
    const card = db.prepare(
      `INSERT INTO scorecards (id, session_id, reviewer_id, reviewee_id, role, version_id, status, revision, created_at, updated_at)
       VALUES (?, 's', ?, 'a', ?, ?, 'draft', 0, '2026-11-26', '2026-11-26')`,
    );
    const revision = db.prepare(`INSERT INTO scorecard_revisions (scorecard_id, revision, overall, content, submitted_at) VALUES (?, 1, ?, '{}', '2026-11-26')`);
    card.run('self', 'a', 'self', template);
    revision.run('self', 100);
    card.run('peer', 'b', 'peer', template);
    revision.run('peer', 40);
    db.prepare(`UPDATE scorecards SET status = 'submitted', revision = 1`).run();
    expect(db.prepare('SELECT reviews, score FROM library_sessions').get()).toEqual({ reviews: 2, score: 70 });
    migrate(db, migrations);
    expect(db.prepare('SELECT reviews, score FROM library_sessions').get()).toEqual({ reviews: 1, score: 40 });
    db.close();
  });
});

/** A library of this many sessions for the tests of one describe block, removed after them. */
function sharedLibrary(sessions: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-library-'));
  const core = library(dir, sessions);
  afterAll(() => {
    core.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return core;
}

describe('library search by date over a larger library', () => {
  // 1,050 sessions, ten a day (ties on the date, broken by id), every word in many sessions.
  const core = sharedLibrary(1050);
  // Walking the sessions newest first (any word counts as common) against grouping every hit.
  const walking = new LibrarySearch(core.db, 1);
  const grouping = new LibrarySearch(core.db, Number.MAX_SAFE_INTEGER);
  const seen = (page: LibraryPage) => page.rows.map((r) => [r.sessionId, r.recordingId, r.snippet, r.hitKind, r.atMs]);
  const queries: LibraryFilter[] = [
    { query: 'budjetti', from: '2023-03-01' },
    { query: 'aijala hinnoittelu', focus: 'demo', review: 'reviewed', minScore: 30 },
    { query: 'myyja kayttoonotto sopimus', to: '2023-02-15' },
  ];

  it('gives page after page exactly the whole ordered list, walking or grouping', () => {
    for (const query of queries) {
      const whole = grouping.search(libraryFilter.parse({ ...query, limit: 500 }));
      expect(whole.total).toBeGreaterThan(40);
      expect(whole.total).toBeLessThan(500);
      expect(whole.rows).toHaveLength(whole.total);
      const paged: LibraryPage['rows'] = [];
      for (let offset = 0; offset < whole.total; offset += 7) {
        const page = walking.search(libraryFilter.parse({ ...query, limit: 7, offset }));
        // Counted a step past the page's start, or to the end when that is nearer.
        if (offset + libraryCountStep < whole.total) expect(page).toMatchObject({ total: offset + libraryCountStep, capped: true });
        else {
          expect(page).toMatchObject({ total: whole.total });
          expect(page.capped).toBeUndefined();
        }
        paged.push(...page.rows);
      }
      expect(seen({ total: paged.length, rows: paged })).toEqual(seen(whole));
    }
  });

  it('gives the same pages reading each batch of sessions for its own hits or every hit, batch after batch', () => {
    // Every batch reads between its texts; every batch reads each word's every hit.
    const batched = new LibrarySearch(core.db, 1, 2000, 1000, 1);
    const spread = new LibrarySearch(core.db, 1, 2000, 1000, 0);
    // The last two are rare together: the first batch of sessions comes up short, and the next ones
    // start after a date shared by ten sessions.
    for (const query of [...queries, { query: 'aijala hinnoittelu', focus: 'demo', review: 'reviewed', minScore: 80 }, { query: 'kysy 1 riski' }])
      for (const [offset, limit] of [
        [0, 50],
        [30, 12],
        [180, 40],
      ] as const) {
        const filter = libraryFilter.parse({ ...query, offset, limit });
        const expected = grouping.search(filter);
        const whole = grouping.search(libraryFilter.parse({ ...query, limit: 500 })).total;
        const count = offset + libraryCountStep < whole ? { total: offset + libraryCountStep, capped: true } : { total: whole };
        for (const search of [batched, spread]) {
          const page = search.search(filter);
          expect(seen(page), query.query).toEqual(seen(expected));
          expect({ total: page.total, capped: page.capped ?? false }).toEqual({ capped: false, ...count });
        }
      }
  });

  it('walks only what a signed-in person may see, as grouping does', () => {
    // rep3 sold in s3, s203, …; wrote scorecards about others; is the subject of some in their own sessions.
    const sessions = new Set(Array.from({ length: 1050 }, (_, i) => `s${i}`).filter((_, i) => i % 3 === 0));
    const visibility = { repId: 'rep3', sessions, leads: new Set(['rep5']) };
    for (const query of ['kysy budjetti', 'aijala aiemmin']) {
      const filter = libraryFilter.parse({ query, limit: 500 });
      const whole = grouping.search(filter, visibility);
      expect(whole.total).toBeGreaterThan(10);
      expect(whole.rows.every((r) => sessions.has(r.sessionId))).toBe(true);
      const walked = walking.search({ ...filter, limit: 500 }, visibility);
      expect(seen(walked)).toEqual(seen(whole));
    }
  });

  it('stops counting a common word a step past the page, and says so', () => {
    const exact = grouping.search(libraryFilter.parse({ query: 'budjetti', limit: 3 }));
    expect(exact).toMatchObject({ total: 1050 });
    expect(exact.capped).toBeUndefined();
    expect(libraryCountStep).toBeLessThan(1000);
    const first = walking.search(libraryFilter.parse({ query: 'budjetti', limit: 3 }));
    expect(first).toMatchObject({ total: libraryCountStep, capped: true });
    expect(seen(first)).toEqual(seen(exact));
    const later = walking.search(libraryFilter.parse({ query: 'budjetti', limit: 3, offset: 40 }));
    expect(later).toMatchObject({ total: libraryCountStep + 40, capped: true });
    expect(seen(later)).toEqual(seen(grouping.search(libraryFilter.parse({ query: 'budjetti', limit: 3, offset: 40 }))));
    // Within a step of the end the count is exact again.
    const end = 1050 - libraryCountStep + 10;
    expect(walking.search(libraryFilter.parse({ query: 'budjetti', limit: 3, offset: end }))).toMatchObject({ total: 1050 });
    expect(walking.search(libraryFilter.parse({ query: 'budjetti', limit: 3, offset: end })).capped).toBeUndefined();
  });
});

describe('library search by relevance with a common word', () => {
  // 1,050 sessions, "budjetti" in about seven texts of every one of them: a common word.
  const core = sharedLibrary(1050);
  const all = Number.MAX_SAFE_INTEGER;
  const grouping = new LibrarySearch(core.db, all, 0);
  // Every word counts as common; the newest 40 texts of the last word are ranked, or all of them.
  const bounded = new LibrarySearch(core.db, 1, 0, 40);
  const unbounded = new LibrarySearch(core.db, 1, 0, all);
  const seen = (page: LibraryPage) => page.rows.map((r) => [r.sessionId, r.recordingId, r.snippet, r.hitKind, r.atMs]);
  const pages = (search: LibrarySearch, filter: LibraryFilter, visibility: Parameters<LibrarySearch['search']>[1] = null) => {
    const rows: LibraryPage['rows'] = [];
    let last: LibraryPage;
    do {
      last = search.search(libraryFilter.parse({ ...filter, sort: 'relevance', limit: 7, offset: rows.length }), visibility);
      rows.push(...last.rows);
    } while (last.rows.length === 7);
    return { rows, last };
  };

  it('ranks every text as grouping does when none is left out', () => {
    for (const query of ['budjetti', 'aijala hinnoittelu']) {
      const filter = libraryFilter.parse({ query, sort: 'relevance', from: '2023-03-01', limit: 500 });
      const whole = grouping.search(filter);
      expect(whole.total).toBeGreaterThan(100);
      expect({ total: unbounded.search(filter).total, rows: seen(unbounded.search(filter)) }).toEqual({ total: whole.total, rows: seen(whole) });
    }
  });

  it("puts the sessions of the word's newest texts first, best ranked first, then the others newest first", () => {
    const filter: LibraryFilter = { query: 'budjetti', from: '2023-03-01' };
    // What FTS5 ranks among the word's 40 newest texts, each session by its best text.
    const recent = core.db
      .prepare(
        `SELECT d.session_id AS id, min(f.rank) AS rank, l.at FROM (SELECT rowid, rank FROM library_search WHERE library_search MATCH '"budjetti"*' ORDER BY rowid DESC LIMIT 40) f
         JOIN library_search_docs d ON d.id = f.rowid JOIN library_sessions l ON l.session_id = d.session_id WHERE l.at >= '2023-03-01' GROUP BY d.session_id`,
      )
      .all() as { id: string; rank: number; at: string }[];
    recent.sort((a, b) => a.rank - b.rank || b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
    expect(recent.length).toBeGreaterThan(3);
    expect(new Set(recent.map((r) => r.rank)).size).toBeGreaterThan(1);
    const byDate = ids(grouping.search(libraryFilter.parse({ ...filter, limit: 500 })));
    const ranked = recent.map((r) => r.id);
    const expected = [...ranked, ...byDate.filter((id) => !ranked.includes(id))];

    const { rows, last } = pages(bounded, filter);
    expect(rows.map((r) => r.sessionId)).toEqual(expected);
    expect(last).toMatchObject({ total: expected.length });
    expect(last.capped).toBeUndefined();
    // A first page within the ranked sessions counts only those and says there may be more.
    expect(bounded.search(libraryFilter.parse({ ...filter, sort: 'relevance', limit: 3 }))).toMatchObject({ total: ranked.length, capped: true });
    // The sessions after the ranked ones show the same hit as a search by date.
    const dated = grouping.search(libraryFilter.parse({ ...filter, limit: 500 }));
    const rest = rows.slice(ranked.length);
    expect(seen({ total: rest.length, rows: rest })).toEqual(seen({ total: rest.length, rows: dated.rows.filter((r) => !ranked.includes(r.sessionId)) }));
  });

  it('finds for a signed-in person only what they may see, and nothing for a stranger', () => {
    const sessions = new Set(Array.from({ length: 1050 }, (_, i) => `s${i}`).filter((_, i) => i % 3 !== 1));
    const manager = { repId: 'rep3', sessions, leads: new Set(Array.from({ length: 100 }, (_, i) => `rep${i * 2}`)) };
    const stranger = { repId: 'nobody', sessions: new Set<string>(), leads: new Set<string>() };
    for (const query of ['kysy', 'aiemmin budjetti']) {
      const filter = libraryFilter.parse({ query, sort: 'relevance', limit: 500 });
      const whole = grouping.search(filter, manager);
      expect(whole.total).toBeGreaterThan(100);
      expect(seen(unbounded.search(filter, manager))).toEqual(seen(whole));
      const { rows, last } = pages(bounded, { query }, manager);
      expect(rows.every((r) => sessions.has(r.sessionId))).toBe(true);
      expect(new Set(rows.map((r) => r.sessionId))).toEqual(new Set(ids(whole)));
      expect(last.total).toBe(whole.total);
      expect(bounded.search(filter, stranger)).toEqual({ total: 0, rows: [] });
    }
  });
});

describe('library search starting from its rarest word', () => {
  // 1,050 sessions, ten a day (ties on the date), texts of one shape (ties in relevance), where
  // "12"* is in a few sessions' comments and "1" or "kayttoonotto" in nearly every session.
  const core = sharedLibrary(1050);
  const all = Number.MAX_SAFE_INTEGER;
  // Grouping every hit of every word (no word counts as rare) against starting from the rarest.
  const grouping = new LibrarySearch(core.db, all, 0);
  const rarest = new LibrarySearch(core.db, all, all);
  const seen = (page: LibraryPage) => page.rows.map((r) => [r.sessionId, r.recordingId, r.snippet, r.hitKind, r.atMs, r.startsAt]);
  const queries: LibraryFilter[] = [
    { query: 'kayttoonotto 12-1' },
    { query: '12 budjetti' },
    { query: 'mainittiin 104' },
    { query: 'aijala 10-3 mainittiin', focus: 'demo' },
    { query: 'hyoty 2 1', from: '2023-02-01', to: '2023-03-31', review: 'reviewed', minScore: 30 },
  ];

  it('gives the same pages in every order, ties included', () => {
    let tiedDays = 0;
    for (const query of queries)
      for (const sort of ['date', 'score', 'relevance'] as const) {
        const whole = grouping.search(libraryFilter.parse({ ...query, sort, limit: 500 }));
        expect(whole.total, query.query).toBeGreaterThan(2);
        expect(whole.rows).toHaveLength(Math.min(whole.total, 500));
        const fast = rarest.search(libraryFilter.parse({ ...query, sort, limit: 500 }));
        expect({ total: fast.total, rows: seen(fast) }).toEqual({ total: whole.total, rows: seen(whole) });
        const paged: LibraryPage['rows'] = [];
        const shown = Math.min(whole.total, 60);
        for (let offset = 0; offset < shown; offset += 12) {
          const page = rarest.search(libraryFilter.parse({ ...query, sort, limit: 12, offset }));
          expect(page.total).toBe(whole.total);
          paged.push(...page.rows);
        }
        expect(seen({ total: paged.length, rows: paged })).toEqual(seen({ total: shown, rows: whole.rows.slice(0, shown) }));
        tiedDays += whole.rows.filter((r, i) => i > 0 && whole.rows[i - 1]!.startsAt === r.startsAt).length;
      }
    expect(tiedDays).toBeGreaterThan(10);
  }, 120_000);

  it('finds the same for a signed-in person, whose hidden scorecards do not count', () => {
    const sessions = new Set(Array.from({ length: 1050 }, (_, i) => `s${i}`).filter((_, i) => i % 3 !== 1));
    const leads = new Set(Array.from({ length: 100 }, (_, i) => `rep${i * 2}`));
    const visibility = { repId: 'rep3', sessions, leads };
    for (const query of ['kysy 12', 'aiemmin 10-2 budjetti', 'aijala 104'])
      for (const sort of ['date', 'relevance'] as const) {
        const filter = libraryFilter.parse({ query, sort, limit: 500 });
        const whole = grouping.search(filter, visibility);
        expect(whole.total).toBeGreaterThan(0);
        expect(seen(rarest.search(filter, visibility))).toEqual(seen(whole));
      }
  });
});
