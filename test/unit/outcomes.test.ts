import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAmount, parseExportDate } from '../../src/core/progress/outcomes-import';
import { meanDifference, rateRange } from '../../src/core/progress/outcome-metrics';
import { runCli } from '../../src/host/cli';
import { tempDir } from '../support/temp-dir';
import { testCore } from '../support/core';
import { call, fail } from './scorecards-support';

/**
 * Aino, hired 2026-01-05. Worked by hand:
 * Q1 closes A1 (won, 10 000, 30 days) and A2 (lost): 1/2 won, average deal 10 000, median 30 days.
 * Q1 creates A1, A2, A3; A1 and A3 are won: cohort close rate 2/3.
 * Q2 closes A3 (won, 20 000, 40 days), A4 (won, 30 000, 90 days), A6 (lost): 2/3, average 25 000, median 65.
 * Q2 creates A4, A5 (open), A6: 1/3. First won close 2026-02-09: 35 days after the hire.
 */
const salesforce = [
  'Opportunity ID,Opportunity Name,Opportunity Owner Email,Created Date,Close Date,Amount,Stage,Won,Closed',
  'A1,Acme,aino@example.com,1/10/2026,2/9/2026,10000,Closed Won,1,1',
  'A2,Beta,aino@example.com,2/1/2026,3/3/2026,5000,Closed Lost,0,1',
  'A3,Gamma,aino@example.com,3/15/2026,4/24/2026,"20,000.00",Closed Won,1,1',
  'A4,Delta,AINO@example.com,4/1/2026,6/30/2026,30000,Closed Won,1,1',
  'A5,Eta,aino@example.com,5/1/2026,,8000,Negotiation,0,0',
  'A6,Zeta,aino@example.com,5/2/2026,5/20/2026,7000,Closed Lost,0,1',
  'A7,Bad owner,not-an-email,5/2/2026,5/20/2026,7000,Closed Lost,0,1',
  'A8,Backwards,aino@example.com,5/2/2026,4/20/2026,7000,Closed Won,1,1',
].join('\n');

async function withAino() {
  const core = testCore('2026-11-27T09:00:00Z');
  const aino = core.people.create({ name: 'Aino', email: 'aino@example.com', hireDate: '2026-01-05' });
  return { core, aino };
}

describe('outcomes import and metrics', () => {
  it('computes win rate, cohort close rate, deal size, days to close and the first deal from a hand-worked export', async () => {
    const { core, aino } = await withAino();
    const report = await call(core, 'outcomes:import', { csv: salesforce });
    expect(report).toMatchObject({ created: 6, updated: 0, unchanged: 0 });
    expect(report.rejected).toEqual([
      { line: 8, email: null, reason: 'Owner "not-an-email" is not an email address.' },
      { line: 9, email: 'aino@example.com', reason: 'Closed on 2026-04-20, before it was created (2026-05-02).' },
    ]);
    await call(core, 'outcomes:import', { csv: 'owner_email,period,quota\naino@example.com,2026-Q2,40000\n' });
    const arc = await call(core, 'progress:rep', { repId: aino.id });
    expect(arc.outcomes.byPeriod).toEqual([
      {
        period: '2026-Q1', won: 1, closed: 2, winRate: 0.5, avgDealSize: 10000, medianDaysToClose: 30,
        created: 3, createdWon: 2, cohortCloseRate: 0.6667, wonAmount: 10000, quota: null, quotaAttainment: null,
      },
      {
        period: '2026-Q2', won: 2, closed: 3, winRate: 0.6667, avgDealSize: 25000, medianDaysToClose: 65,
        created: 3, createdWon: 1, cohortCloseRate: 0.3333, wonAmount: 50000, quota: 40000, quotaAttainment: 1.25,
      },
    ]);
    expect(arc.outcomes.firstWonDaysFromHire).toBe(35);
  });

  it('warns about owners the roster does not have, whose deals count for no one until they are added', async () => {
    const { core, aino } = await withAino();
    const csv = [
      'Opportunity ID,Owner Email,Created Date,Close Date,Amount,Stage',
      'B1,aino@example.com,2026-03-01,2026-03-20,100,Closed Won',
      'B2,Olli@Example.com,2026-03-01,2026-03-20,100,Closed Won',
      'B3,olli@example.com,2026-03-02,2026-03-21,100,Closed Lost',
      'B4,pekka@example.com,2026-03-02,,100,Prospecting',
    ].join('\n');
    const report = await call(core, 'outcomes:import', { csv });
    expect(report).toMatchObject({ created: 4, rejected: [] });
    expect(report.warnings).toEqual([
      'olli@example.com (lines 3, 4) is not in the roster: their deals count for them once they are added.',
      'pekka@example.com (line 5) is not in the roster: their deals count for them once they are added.',
    ]);
    core.people.create({ name: 'Olli', email: 'olli@example.com' });
    expect((await call(core, 'outcomes:import', { csv })).warnings).toEqual([
      'pekka@example.com (line 5) is not in the roster: their deals count for them once they are added.',
    ]);
    expect((await call(core, 'progress:rep', { repId: aino.id })).outcomes.byPeriod[0]).toMatchObject({ won: 1, closed: 1 });
  });

  it('keeps a deal closed after today but says to check its close date', async () => {
    const { core, aino } = await withAino();
    const csv = ['Opportunity ID,Owner Email,Created Date,Close Date,Amount,Stage', 'F1,aino@example.com,2026-11-01,2026-12-15,100,Closed Won', 'F2,aino@example.com,2026-11-01,2026-12-15,100,Negotiation'].join(
      '\n',
    );
    const report = await call(core, 'outcomes:import', { csv });
    expect(report).toMatchObject({ created: 2, rejected: [] });
    expect(report.warnings).toEqual(['Line 2: opportunity F1 is closed on 2026-12-15, after today; check its close date in the CRM.']);
    expect((await call(core, 'progress:rep', { repId: aino.id })).outcomes.byPeriod.find((p) => p.period === '2026-Q4')).toMatchObject({ won: 1, closed: 1 });
  });

  it('updates by opportunity id when a newer export is imported', async () => {
    const { core, aino } = await withAino();
    await call(core, 'outcomes:import', { csv: salesforce });
    const newer = salesforce.replace('A5,Eta,aino@example.com,5/1/2026,,8000,Negotiation,0,0', 'A5,Eta,aino@example.com,5/1/2026,7/10/2026,8000,Closed Won,1,1');
    const report = await call(core, 'outcomes:import', { csv: newer });
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 5 });
    const q3 = (await call(core, 'progress:rep', { repId: aino.id })).outcomes.byPeriod.find((p) => p.period === '2026-Q3');
    expect(q3).toMatchObject({ won: 1, closed: 1, medianDaysToClose: 70 });
  });

  it('recognizes a HubSpot deals export: owner as "Name (email)", won and closed from the deal stage', async () => {
    const { core, aino } = await withAino();
    const hubspot = [
      'Record ID,Deal Name,Deal owner,Create Date,Close Date,Amount,Deal Stage',
      '101,Acme,Aino Aalto (aino@example.com),2026-03-02 09:30,2026-03-20 16:00,"12 500,50",Closed won',
      '102,Beta,Aino Aalto (aino@example.com),2026-03-05,2026-03-25,900,Closed lost',
      '103,Gamma,Aino Aalto (aino@example.com),2026-03-06,,900,Appointment scheduled',
    ].join('\n');
    expect(await call(core, 'outcomes:import', { csv: hubspot })).toMatchObject({ created: 3, rejected: [] });
    const q1 = (await call(core, 'progress:rep', { repId: aino.id })).outcomes.byPeriod[0];
    expect(q1).toMatchObject({ period: '2026-Q1', won: 1, closed: 2, avgDealSize: 12500.5, medianDaysToClose: 18, created: 3 });
  });

  it('takes a column mapping for headers it does not know, and says which columns are missing without one', async () => {
    const { core } = await withAino();
    const csv = 'Ref,Rep,Opened,Shut,Value,Result\nX1,aino@example.com,2026-01-01,2026-01-31,100,won\n';
    const missing = await fail(core, 'outcomes:import', { csv });
    expect(missing.message).toContain('has no column for opportunity_id, owner_email, created_date');
    const mapping = { opportunity_id: 'Ref', owner_email: 'Rep', created_date: 'Opened', close_date: 'Shut', amount: 'Value', won: 'Result' };
    expect(await call(core, 'outcomes:import', { csv, mapping })).toMatchObject({ created: 1, rejected: [] });
  });

  it('reads dates and amounts the ways exports write them', () => {
    expect(parseExportDate('2026-02-29')).toBeNull();
    expect(parseExportDate('2028-02-29T10:00:00Z')).toBe('2028-02-29');
    expect(parseExportDate('29.2.2028')).toBe('2028-02-29');
    expect(parseExportDate('12/31/2026')).toBe('2026-12-31');
    expect(parseAmount('12,500.00')).toBe(12500);
    expect(parseAmount('12.500,75 €')).toBe(12500.75);
    expect(parseAmount('1,5')).toBe(1.5);
    expect(parseAmount('EUR 900')).toBe(900);
    expect(parseAmount('lots')).toBeNaN();
  });

  it('reprise outcomes import exits 1, names each rejected line, and still imports the good rows', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'opportunities.csv');
    fs.writeFileSync(file, salesforce);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--data-dir', dir, 'outcomes', 'import', file, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
    expect(code).toBe(1);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ created: 6 });
    // This data folder has no roster yet: the deals are kept, and the warning says they count for no one so far.
    expect(err).toEqual([
      'opportunities.csv: warning: aino@example.com (lines 2, 3, 4, 5, 6 and 1 more) is not in the roster: their deals count for them once they are added.',
      'opportunities.csv:8: Owner "not-an-email" is not an email address.',
      'opportunities.csv:9: aino@example.com: Closed on 2026-04-20, before it was created (2026-05-02).',
    ]);
  });
});

describe('a win-rate difference', () => {
  it('keeps its interval within what two rates can differ by, however few reps there are', () => {
    // Three reps won 100 %, 100 % and 0 % after; three won 0 %, 0 % and 10 % before.
    const measure = meanDifference('winRate:afterVsBefore', [1, 1, 0], [0, 0, 0.1], rateRange);
    expect(measure.difference).toBeCloseTo(0.63, 2);
    expect(measure.high).toBe(1);
    expect(measure.low).toBeGreaterThanOrEqual(-1);
    // A deal size has no such bound: its interval is left as the normal approximation draws it.
    const sizes = meanDifference('avgDealSize:afterVsBefore', [1, 1, 0], [0, 0, 0.1]);
    expect(sizes.high).toBeGreaterThan(1);
  });
});
