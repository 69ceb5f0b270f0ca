import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importScorecards } from '../../src/core/scorecards/scorecards-import';
import { runCli } from '../../src/host/cli';
import { linesPrefix, scorecardImportMessagesFi } from '../../src/renderer/src/api/scorecard-import-messages';
import { call, criterionFields, team } from './scorecards-support';

const header = 'session_date,focus_area,seller_email,buyer_email,reviewer_email,reviewer_role,criterion,score,comment';
const keys = ['open-questions', 'pain-and-impact', 'quantifying', 'listening', 'next-step'];
const now = '2027-03-01T09:00:00Z';
const noPause = { sliceMs: 5, pause: () => Promise.resolve() };

/** The rows of one scorecard: every discovery criterion at `score` unless `byKey` says otherwise. */
function card(date: string, seller: string, buyer: string, reviewer: string, role: string, score: number, byKey: Record<string, number> = {}): string[] {
  return keys.map((k) => [date, 'discovery', seller, buyer, reviewer, role, k, byKey[k] ?? score, ''].join(','));
}

function csv(...groups: string[][]): string {
  return [header, ...groups.flat()].join('\n') + '\n';
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) }, env);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('scorecards import', () => {
  it('makes one submitted scorecard per date, focus area, seller and reviewer on a held session of that day', async () => {
    const t = team(now);
    const report = await call(
      t.core,
      'scorecards:import',
      {
        csv: csv(
          card('2027-01-04', 'aino@example.com', 'ben@example.com', 'maija@example.com', 'coach', 4),
          card('2027-01-04', 'aino@example.com', 'ben@example.com', 'ben@example.com', 'peer', 3),
          // The same day in the Finnish way, and self-review without a buyer column filled.
          card('4.1.2027', 'aino@example.com', '', 'aino@example.com', 'self', 5),
        ),
      },
    );
    expect(report).toEqual({ created: 3, revised: 0, unchanged: 0, sessionsCreated: 1, rejected: [], warnings: [] });
    const [roleplay] = await call(t.core, 'scorecards:about', { revieweeId: t.aino.id });
    expect(roleplay!.session).toMatchObject({ focusAreaId: 'discovery', startsAt: '2027-01-04T12:00:00.000Z', status: 'done' });
    expect(roleplay!.scorecards.map((c) => [c.reviewer.name, c.role, c.computation.mean])).toEqual([
      ['Aino', 'self', 5],
      ['Ben', 'peer', 3],
      ['Maija', 'coach', 4],
    ]);
    const session = t.core.sessions.get(roleplay!.session.id);
    expect(session.participants.map((p) => [p.name, p.role])).toEqual([
      ['Aino', 'seller'],
      ['Ben', 'buyer'],
    ]);
  });

  it('scores an existing session of that day and rejects one with other participants, naming each group by its lines', async () => {
    const t = team(now);
    const held = t.core.sessions.create({
      focusAreaId: 'discovery',
      startsAt: '2027-01-05T08:30:00Z',
      participants: [
        { repId: t.aino.id, role: 'seller' },
        { repId: t.ben.id, role: 'buyer' },
      ],
    });
    const report = await importScorecards(
      t.core.db,
      { cards: t.core.scorecards.cards, templates: t.core.scorecards.templates, sessions: t.core.sessions, clock: () => new Date(now) },
      csv(
        card('2027-01-05', 'aino@example.com', '', 'maija@example.com', 'coach', 4), // lines 2-6
        card('2027-01-05', 'aino@example.com', 'chloe@example.com', 'pia@example.com', 'peer', 4), // 7-11
        card('2027-01-06', 'aino@example.com', 'ben@example.com', 'nobody@example.com', 'peer', 4), // 12-16
        card('2027-01-06', 'chloe@example.com', 'ben@example.com', 'pia@example.com', 'peer', 4, { listening: 7 }), // 17-21
        card('2027-01-06', 'ben@example.com', 'aino@example.com', 'pia@example.com', 'self', 4), // 22-26
        card('2027-01-06', 'pia@example.com', 'aino@example.com', 'otto@example.com', 'coach', 4).slice(0, 3), // 27-29
        card('2027-13-06', 'pia@example.com', 'aino@example.com', 'ben@example.com', 'peer', 4), // 30-34
        [...card('2027-01-07', 'pia@example.com', 'aino@example.com', 'ben@example.com', 'peer', 4), '2027-01-07,discovery,pia@example.com,aino@example.com,ben@example.com,peer,rapport,4,'], // 35-40
        card('2027-04-01', 'pia@example.com', 'aino@example.com', 'ben@example.com', 'peer', 4), // 41-45
      ),
      noPause,
    );
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    expect(report.created).toBe(1);
    expect(report.sessionsCreated).toBe(0);
    expect(report.rejected.map((r) => r.lines)).toEqual([
      range(7, 11),
      range(12, 16),
      range(17, 21),
      range(22, 26),
      range(27, 29),
      range(30, 34),
      range(35, 40),
      range(41, 45),
    ]);
    const reasons = report.rejected.map((r) => r.reasons.join(' '));
    expect(reasons[0]).toBe(
      'The Discovery role-play on 2027-01-05 where Aino sells is already in the app with Ben (ben@example.com) as buyer, not chloe@example.com. Correct buyer_email, or leave it empty to score that role-play.',
    );
    expect(reasons[1]).toBe('reviewer_email nobody@example.com is not on the roster; add the reviewer to the roster first.');
    expect(reasons[2]).toBe('Line 20: score "7" is not a whole number from 1 to 5.');
    expect(reasons[3]).toBe('reviewer_role is self, but the reviewer pia@example.com is not the seller ben@example.com; a self-review is written by the seller.');
    expect(reasons[4]).toBe(
      'Required criteria without a score: listening, next-step. A scorecard needs every required criterion of its template; optional ones may be left out.',
    );
    expect(reasons[5]).toBe('session_date "2027-13-06" is not a date; use YYYY-MM-DD or D.M.YYYY.');
    expect(reasons[6]).toBe(
      'Line 40: criterion "rapport" is not in the template "Discovery call"; its criteria are open-questions, pain-and-impact, quantifying, listening, next-step.',
    );
    expect(reasons[7]).toBe('session_date 2027-04-01 is in the future; only role-plays that took place can be imported.');
    // The held session got the one valid scorecard; nothing of the rejected groups was written.
    expect((await call(t.core, 'scorecards:for-session', { sessionId: held.id })).scorecards.map((c) => c.reviewer.name)).toEqual(['Maija']);
    expect(t.core.db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(1);
    expect(t.core.db.prepare('SELECT count(*) FROM scorecards').pluck().get()).toBe(1);
  });

  it('rejects two buyers for one role-play within the file', async () => {
    const t = team(now);
    const report = await call(t.core, 'scorecards:import', {
      csv: csv(
        card('2027-01-05', 'aino@example.com', 'ben@example.com', 'maija@example.com', 'coach', 4),
        card('2027-01-05', 'aino@example.com', 'chloe@example.com', 'pia@example.com', 'peer', 4),
      ),
    });
    expect(report).toMatchObject({ created: 1, sessionsCreated: 1 });
    expect(report.rejected).toEqual([
      {
        lines: [7, 8, 9, 10, 11],
        reasons: ['buyer_email chloe@example.com differs from ben@example.com on lines 2, 3, 4, 5, 6 for the same role-play (same date, focus area and seller).'],
      },
    ]);
  });

  it('leaves optional criteria out when the template allows it', async () => {
    const t = team(now);
    await call(t.core, 'rubric-templates:create', {
      focusAreaId: 'discovery',
      name: 'Short discovery',
      criteria: [criterionFields('Questions', { key: 'questions' }), criterionFields('Rapport', { key: 'rapport', required: false })],
      sections: [{ title: 'Practise next', required: true }],
      isDefault: true,
    });
    const report = await call(t.core, 'scorecards:import', {
      csv: `${header}\n2027-01-04,Discovery,aino@example.com,,maija@example.com,,questions,4,Good open questions\n`,
    });
    expect(report).toMatchObject({ created: 1, rejected: [] });
    const [card] = (await call(t.core, 'scorecards:about', { revieweeId: t.aino.id }))[0]!.scorecards;
    expect(card).toMatchObject({ role: 'coach', sections: {} });
    expect(card!.scores.map((s) => [s.score, s.comment])).toEqual([
      [4, 'Good open questions'],
      [null, ''],
    ]);
  });

  it('changes nothing on a second import, and a corrected score becomes a new revision', async () => {
    const t = team(now);
    const file = csv(
      card('2027-01-04', 'aino@example.com', 'ben@example.com', 'maija@example.com', 'coach', 4),
      card('2027-01-11', 'aino@example.com', 'ben@example.com', 'maija@example.com', 'coach', 3),
    );
    expect(await call(t.core, 'scorecards:import', { csv: file })).toMatchObject({ created: 2, sessionsCreated: 2 });
    const revisions = () => t.core.db.prepare('SELECT scorecard_id, revision FROM scorecard_revisions ORDER BY scorecard_id, revision').all();
    const before = revisions();
    t.core.emitted.length = 0;
    expect(await call(t.core, 'scorecards:import', { csv: file })).toEqual({ created: 0, revised: 0, unchanged: 2, sessionsCreated: 0, rejected: [], warnings: [] });
    expect(revisions()).toEqual(before);
    expect(t.core.emitted.filter((e) => e.name === 'scorecards:changed' || e.name === 'sessions:changed')).toEqual([]);

    const corrected = file.replace('2027-01-11,discovery,aino@example.com,ben@example.com,maija@example.com,coach,listening,3,', '2027-01-11,discovery,aino@example.com,ben@example.com,maija@example.com,coach,listening,5,Much better');
    expect(await call(t.core, 'scorecards:import', { csv: corrected })).toMatchObject({ created: 0, revised: 1, unchanged: 1 });
    const [latest] = await call(t.core, 'scorecards:about', { revieweeId: t.aino.id });
    expect(latest!.scorecards[0]).toMatchObject({ revision: 2 });
    expect(latest!.scorecards[0]!.scores.find((s) => s.score === 5)).toMatchObject({ comment: 'Much better' });
    expect(await call(t.core, 'scorecards:import', { csv: corrected })).toMatchObject({ revised: 0, unchanged: 2 });
  });

  it('gives certification and reinforcement the same history as scorecards written in the app', async () => {
    // Maija (Aino's manager, a coach) certifies; Ben buys and scores as a peer; Aino reviews herself.
    const history: { date: string; coach: number; peer: number; byKey?: Record<string, number> }[] = [
      { date: '2027-01-04', coach: 4, peer: 3 },
      { date: '2027-01-08', coach: 4, peer: 4, byKey: { quantifying: 2 } },
      { date: '2027-01-20', coach: 5, peer: 4 },
      { date: '2027-02-12', coach: 5, peer: 5, byKey: { listening: 3 } },
      { date: '2027-02-19', coach: 3, peer: 4 },
    ];
    const written = team('2027-01-01T09:00:00Z');
    for (const h of history) {
      written.core.setNow(`${h.date}T15:00:00Z`);
      const session = written.core.sessions.create({
        focusAreaId: 'discovery',
        startsAt: `${h.date}T12:00:00Z`,
        participants: [
          { repId: written.aino.id, role: 'seller' },
          { repId: written.ben.id, role: 'buyer' },
        ],
      });
      for (const [reviewer, score] of [
        [written.maija, h.coach],
        [written.ben, h.peer],
        [written.aino, 5],
      ] as const) {
        const started = await call(written.core, 'scorecards:start', { sessionId: session.id, reviewerId: reviewer.id });
        await call(written.core, 'scorecards:submit', {
          id: started.id,
          scores: started.template.criteria.map((c) => ({ criterionId: c.id, score: reviewer === written.maija ? (h.byKey?.[c.key] ?? score) : score })),
          sections: { 'practise-next': 'Ask about budget earlier' },
        });
      }
    }

    const imported = team(now);
    const file = csv(
      ...history.flatMap((h) => [
        card(h.date, 'aino@example.com', 'ben@example.com', 'maija@example.com', 'coach', h.coach, h.byKey),
        card(h.date, 'aino@example.com', 'ben@example.com', 'ben@example.com', 'peer', h.peer),
        card(h.date, 'aino@example.com', 'ben@example.com', 'aino@example.com', 'self', 5),
      ]),
    );
    const dir = path.join(imported.core.dataDir, '..');
    const file_ = path.join(dir, `history-${process.pid}.csv`);
    fs.writeFileSync(file_, file);
    const importedDir = imported.core.dataDir;
    const writtenDir = written.core.dataDir;
    imported.core.close();
    written.core.close();
    const env = { REPRISE_NOW: now };
    const run = await cli(['--data-dir', importedDir, 'scorecards', 'import', file_], env);
    expect(run).toMatchObject({ code: 0, stdout: `Imported ${path.basename(file_)}: 15 scorecards created, 0 revised, 0 unchanged, 0 rejected; 5 sessions created.` });

    const view = async (dir: string, args: string[]) => {
      const result = await cli(['--data-dir', dir, ...args, '--json'], env);
      expect(result.code).toBe(0);
      // Verification codes are random per grant; everything else must match.
      return result.stdout.replace(/"code": "[0-9A-Z-]+"/g, '"code": "…"');
    };
    for (const args of [['certifications', 'list'], ['reinforcement', 'due'], ['reinforcement', 'due', '--on', '2027-06-01']]) {
      const fromApp = await view(writtenDir, args);
      expect(await view(importedDir, args)).toBe(fromApp);
    }
    // The comparison is not between two empty answers.
    const certs = JSON.parse(await view(importedDir, ['certifications', 'list'])) as { rep: string; focusArea: string; level: string | null }[];
    // Maija, a coach, keeps certifying after Aino's first grant: Beginner, then Intermediate a month on.
    expect(certs.find((c) => c.rep === 'aino@example.com' && c.focusArea === 'discovery')).toMatchObject({ level: 'Intermediate' });
    expect(JSON.parse(await view(importedDir, ['reinforcement', 'due', '--on', '2027-06-01']))).not.toEqual([]);
  });

  it('exits 1 from the command line when a group is rejected, naming the lines', async () => {
    const t = team(now);
    const dir = t.core.dataDir;
    t.core.close();
    const file = path.join(dir, '..', `bad-${process.pid}.csv`);
    fs.writeFileSync(file, csv(card('2027-01-04', 'aino@example.com', '', 'pia@example.com', 'peer', 9)));
    const run = await cli(['--data-dir', dir, 'scorecards', 'import', file], { REPRISE_NOW: now });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${path.basename(file)}:2-6: score "9" is not a whole number from 1 to 5.`);
  });

  const full = (prefix: string) =>
    ['open-questions', 'pain-and-impact', 'quantifying', 'listening', 'next-step'].map((k) => `${prefix},${k},4,`);

  /** A file that trips every check the import makes, one scorecard at a time. */
  async function everyReason() {
    const t = team('2027-03-01T09:00:00Z');
    t.core.sessions.create({
      focusAreaId: 'discovery',
      startsAt: '2027-01-05T08:30:00Z',
      participants: [
        { repId: t.aino.id, role: 'seller' },
        { repId: t.ben.id, role: 'buyer' },
      ],
    });
    const rows = [
      ...full('2027-01-05,discovery,aino@example.com,chloe@example.com,pia@example.com,peer'),
      ...full('2027-01-06,discovery,aino@example.com,,nobody@example.com,peer'),
      '2027-01-06,discovery,chloe@example.com,,pia@example.com,peer,listening,7,',
      '2027-01-06,discovery,ben@example.com,ben@example.com,pia@example.com,self,listening,4,',
      '2027-01-06,discovery,ben@example.com,,ben@example.com,coach,listening,,',
      '2027-01-06,Nowhere,ben@example.com,,otto@example.com,boss,,4,',
      '2027-13-06,discovery,ben@example.com,,otto@example.com,coach,listening,4,',
      '2027-04-01,discovery,ben@example.com,,otto@example.com,coach,listening,4,',
      ',,,,,,listening,4,',
      '2027-01-07,discovery,pia@example.com,aino@example.com,otto@example.com,coach,rapport,4,',
      ...full('2027-01-08,discovery,pia@example.com,aino@example.com,otto@example.com,coach'),
      '2027-01-08,discovery,pia@example.com,aino@example.com,otto@example.com,peer,listening,4,',
      '2027-01-08,discovery,pia@example.com,ben@example.com,otto@example.com,coach,listening,4,',
      ...full('2027-01-09,discovery,pia@example.com,aino@example.com,ben@example.com,peer'),
      ...full('2027-01-09,discovery,pia@example.com,chloe@example.com,otto@example.com,coach'),
      '2027-01-10,discovery,pia@example.com,,otto@example.com,coach,listening,4,"x",extra',
    ];
    const csv = [header, ...rows].join('\n');
    return importScorecards(
      t.core.db,
      { cards: t.core.scorecards.cards, templates: t.core.scorecards.templates, sessions: t.core.sessions, clock: () => new Date('2027-03-01T09:00:00Z') },
      csv,
      { sliceMs: 50, pause: () => Promise.resolve() },
    );
  }

  it('has Finnish for every reason a scorecard can be skipped for', async () => {
    const report = await everyReason();
    const reasons = report.rejected.flatMap((r) => r.reasons).map((reason) => linesPrefix.exec(reason)?.[3] ?? reason);
    expect(reasons.length).toBeGreaterThan(20);
    expect(reasons.filter((reason) => !scorecardImportMessagesFi.some((m) => m.pattern.test(reason)))).toEqual([]);
  });

  it('has Finnish for the refusals of the scorecard and session services it writes through', async () => {
    const t = team('2027-03-01T09:00:00Z');
    const gone = t.core.people.create({ name: 'Gustav', email: 'gustav@example.com', coach: true });
    t.core.people.archive(gone.id);
    const csv = [
      header,
      // Ben is neither a coach nor Pia's manager.
      ...full('2027-01-05,discovery,pia@example.com,,ben@example.com,coach'),
      // An archived reviewer, and an archived seller whose role-play would have to be made.
      ...full('2027-01-06,discovery,pia@example.com,,gustav@example.com,coach'),
      ...full('2027-01-07,discovery,gustav@example.com,,otto@example.com,coach'),
    ].join('\n');
    const report = await importScorecards(
      t.core.db,
      { cards: t.core.scorecards.cards, templates: t.core.scorecards.templates, sessions: t.core.sessions, clock: () => new Date('2027-03-01T09:00:00Z') },
      csv,
      noPause,
    );
    const reasons = report.rejected.flatMap((r) => r.reasons);
    expect(reasons).toHaveLength(3);
    expect(reasons.filter((reason) => !scorecardImportMessagesFi.some((m) => m.pattern.test(reason)))).toEqual([]);
  });
});

describe('scorecards import from a Finnish spreadsheet', () => {
  it('reads a whole score written with a decimal comma (4,0) and skips the ;;;; rows Excel leaves', async () => {
    const t = team(now);
    const rows = keys.map((k) => ['4.1.2027', 'discovery', 'aino@example.com', 'ben@example.com', 'maija@example.com', 'coach', k, '4,0', ''].join(';'));
    const file = ['sep=;', header.replace(/,/g, ';'), ...rows, ';;;;;;;;', ''].join('\r\n');
    const report = await call(t.core, 'scorecards:import', { csv: file, encoding: 'UTF-8' });
    expect(report).toEqual({ created: 1, revised: 0, unchanged: 0, sessionsCreated: 1, rejected: [], warnings: [], encoding: 'UTF-8' });
    const [roleplay] = await call(t.core, 'scorecards:about', { revieweeId: t.aino.id });
    expect(roleplay!.scorecards[0]!.computation.mean).toBe(4);
  });
});
