import { render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import { ProgressPage } from '../../src/renderer/src/features/progress/progress-page';
import { RepArcSection } from '../../src/renderer/src/features/progress/rep-arc';
import type { RepArc } from '../../src/shared/progress';
import { fakeApi } from './fake-api';
import { aino, teamProgress } from './team-progress-fixture';

// ECharts needs a canvas, which jsdom lacks: the options each chart is given are kept and read here.
const drawn = vi.hoisted(() => [] as Record<string, unknown>[]);
vi.mock('../../src/renderer/src/features/progress/echarts', () => {
  const zr = { clear: () => undefined, refreshImmediately: () => undefined };
  const chart = { on: () => undefined, setOption: (option: Record<string, unknown>) => void drawn.push(option), resize: () => undefined, dispose: () => undefined, isDisposed: () => false, getZr: () => zr };
  return { echarts: { init: () => chart } };
});

type Series = { name: string; data: unknown[]; showSymbol?: boolean; symbolSize?: number };
type Axis = { type: string; data: string[]; axisLabel: { formatter: (value: string, index: number) => string } };
const axisOf = (option: Record<string, unknown>) => option.xAxis as Axis;
const seriesOf = (option: Record<string, unknown>) => option.series as Series[];
/** The labels an axis writes under its categories, as ECharts asks for them. */
const labels = (axis: Axis) => axis.data.map((v, i) => axis.axisLabel.formatter(v, i)).filter((l) => l !== '');

beforeAll(() =>
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      disconnect() {}
    },
  ),
);
afterAll(() => vi.unstubAllGlobals());

/** The arc of Sam, hired on Tuesday, Sep 1, 2026, over 15 weeks to the week of Dec 7 (day 97); `held` per week. */
function newHireArc(held: (week: number) => number): RepArc {
  const weeks = Array.from({ length: 15 }, (_, i) => {
    const start = new Date(Date.UTC(2026, 7, 31 + i * 7)).toISOString().slice(0, 10);
    return { weekStart: start, day: i * 7 - 1, held: held(i), missed: 0, cancelled: 0, recordings: 0, scorecards: 0, coachingNotes: 0 };
  });
  return {
    rep: { id: 's1', name: 'Sam Seller', email: 'sam@example.com', team: 'Nordics', hireDate: '2026-09-01' },
    marks: { day0: '2026-09-01', day45: '2026-10-16', day90: '2026-11-30', day180: '2027-02-28', bandStart: '2026-10-17', bandEnd: '2027-02-27' },
    weeks,
    scores: [],
    coachingNotes: [],
    metrics: [],
    profile: { careerGoals: '', motivators: '', learningPreference: null, assessmentType: '', assessmentResult: '', notes: '' },
    profileHistory: [],
    outcomes: { byPeriod: [], firstWonDaysFromHire: null },
  } as unknown as RepArc;
}

describe('charts draw what their tables hold', () => {
  it("scores over time: six cards on a rep's first two days are six points, and each day is named once", async () => {
    drawn.length = 0;
    const point = (date: string, n: number, role: 'peer' | 'self' | 'coach', score: number) => ({ date, scorecardId: `card-${n}`, sessionId: `s-${date}`, role, score });
    const points = [
      point('2026-12-01', 1, 'peer', 2),
      point('2026-12-01', 2, 'self', 4.2),
      point('2026-12-01', 3, 'coach', 2.6),
      point('2026-12-02', 4, 'peer', 3),
      point('2026-12-02', 5, 'coach', 2.8),
      point('2026-12-02', 6, 'self', 3.6),
    ];
    const arc: RepArc = {
      rep: { id: 'r1', name: 'Aino Virtanen', email: 'aino@example.com', team: 'Nordics', hireDate: '2026-11-30' },
      marks: null,
      weeks: [],
      scores: [{ focusAreaId: 'discovery', focusAreaName: 'Discovery', points, criteria: [] }],
      coachingNotes: [],
      metrics: [],
      profile: { careerGoals: '', motivators: '', learningPreference: null, assessmentType: '', assessmentResult: '', notes: '' },
      profileHistory: [],
      outcomes: {
        byPeriod: [
          { period: '2026-Q3', won: 2, closed: 4, winRate: 0.5, avgDealSize: 10_000, medianDaysToClose: 30, created: 5, createdWon: 2, cohortCloseRate: 0.4, wonAmount: 20_000, quota: 25_000, quotaAttainment: 0.8 },
          { period: '2026-Q4', won: 3, closed: 4, winRate: 0.75, avgDealSize: 13_000, medianDaysToClose: 25, created: 4, createdWon: 3, cohortCloseRate: 0.75, wonAmount: 39_000, quota: 30_000, quotaAttainment: 1.3 },
        ],
        firstWonDaysFromHire: 40,
      },
    };
    render(
      <AppProviders api={fakeApi({ 'progress:rep': () => arc })} language="en">
        <RepArcSection repId="r1" />
      </AppProviders>,
    );
    await screen.findByText(/scores over time/);
    await waitFor(() => expect(drawn.some((o) => seriesOf(o).some((s) => s.name === 'Self'))).toBe(true));
    const scores = drawn.find((o) => seriesOf(o).some((s) => s.name === 'Self'))!;
    const plotted = seriesOf(scores).flatMap((s) => s.data.filter((v) => v !== null));
    expect(plotted.sort()).toEqual(points.map((p) => p.score).sort());
    expect(labels(axisOf(scores))).toEqual(['Dec 1, 2026', 'Dec 2, 2026']);
    // Results: quota attainment per period is in the table and drawn too, past 100 % when it is.
    const results = drawn.find((o) => seriesOf(o).some((s) => s.name === 'Win rate %'))!;
    expect(seriesOf(results).find((s) => s.name === 'Quota attainment %')?.data).toEqual([80, 130]);
    const yMax = (results.yAxis as { max: (extent: { max: number }) => number }).max;
    expect(yMax({ max: 130 })).toBeGreaterThanOrEqual(130);
    expect(yMax({ max: 60 })).toBe(100);
  });

  it('Cadence: a single week is drawn as a visible point', async () => {
    drawn.length = 0;
    const team = teamProgress({
      asOf: '2026-12-04',
      reps: [{ ...aino, hireDate: '2026-11-30' }],
      cadence: { byTeam: [{ team: 'Nordics', weeks: [{ weekStart: '2026-11-30', planned: 2, held: 2, share: 1 }] }], byProgram: [], missedTwoInARow: [] },
    });
    render(
      <AppProviders api={fakeApi({ 'access:me': () => ({ kind: 'owner', repId: null, name: null, role: null }), 'progress:team': () => team, 'progress:certified': () => [] })} language="en">
        <AccessGate>
          <ProgressPage />
        </AccessGate>
      </AppProviders>,
    );
    await waitFor(() => expect(drawn.some((o) => seriesOf(o).some((s) => s.name === 'Nordics'))).toBe(true));
    const cadence = drawn.find((o) => seriesOf(o).some((s) => s.name === 'Nordics'))!;
    const [nordics] = seriesOf(cadence);
    expect(nordics!.data).toEqual([100]);
    expect(nordics).toMatchObject({ showSymbol: true });
    expect(nordics!.symbolSize).toBeGreaterThanOrEqual(8);
    expect(labels(axisOf(cadence))).toEqual(['Nov 30, 2026']);
  });

  it("the arc draws only the day marks its weeks reach: a new hire's day 180, still to come, is not drawn on this week", async () => {
    drawn.length = 0;
    // Hired on Tuesday, Sep 1; the chart's last week starts Monday, Dec 7 (day 97).
    const arc = newHireArc((week) => (week === 14 ? 1 : 0));
    render(
      <AppProviders api={fakeApi({ 'progress:rep': () => arc })} language="en">
        <RepArcSection repId="s1" />
      </AppProviders>,
    );
    await waitFor(() => expect(drawn.some((o) => seriesOf(o).some((s) => s.name === 'Held'))).toBe(true));
    const timeline = drawn.find((o) => seriesOf(o).some((s) => s.name === 'Held'))!;
    const held = seriesOf(timeline).find((s) => s.name === 'Held') as unknown as {
      markLine: { data: { xAxis: string; label: { formatter: string } }[] };
      markArea: { data: [{ xAxis: string }, { xAxis: string }][] };
    };
    expect(held.markLine.data.map((m) => [m.label.formatter, m.xAxis])).toEqual([
      ['Day 0', '2026-08-31'],
      ['Day 45', '2026-10-12'],
      ['Day 90', '2026-11-30'],
    ]);
    // The 46–179 band runs on past the chart: drawn to its last week.
    expect(held.markArea.data[0]!.map((m) => m.xAxis)).toEqual(['2026-10-12', '2026-12-07']);
  });

  it("the arc's day marks never name themselves across the y-axis or off the chart's right edge, in English and Finnish", async () => {
    // Hired on Tuesday, Sep 1: Day 0 is on the first week, where a centred name crossed the y-axis's top number.
    const arc = newHireArc(() => 1);
    for (const [language, held, names] of [
      ['en', 'Held', ['Day 0', 'Day 45', 'Day 90']],
      ['fi', 'Pidetty', ['Päivä 0', 'Päivä 45', 'Päivä 90']],
    ] as const) {
      drawn.length = 0;
      const view = render(
        <AppProviders api={fakeApi({ 'progress:rep': () => arc })} language={language}>
          <RepArcSection repId="s1" />
        </AppProviders>,
      );
      await waitFor(() => expect(drawn.some((o) => seriesOf(o).some((s) => s.name === held))).toBe(true));
      const timeline = drawn.find((o) => seriesOf(o).some((s) => s.name === held))!;
      const series = seriesOf(timeline).find((s) => s.name === held) as unknown as { markLine: { data: { xAxis: string; label: { formatter: string; align: string } }[] } };
      // Day 0's name starts at its line and reads into the chart; Day 90, two weeks from the end, ends at its line.
      expect(series.markLine.data.map((m) => [m.label.formatter, m.label.align])).toEqual([
        [names[0], 'left'],
        [names[1], 'center'],
        [names[2], 'right'],
      ]);
      view.unmount();
    }
  });

  it('the arc of someone with no role-play yet says so in words, not with an empty axis', async () => {
    drawn.length = 0;
    const week = { weekStart: '2026-11-30', day: 0, held: 0, missed: 0, cancelled: 0, recordings: 0, scorecards: 0, coachingNotes: 0 };
    const arc = {
      rep: { id: 'c1', name: 'Cole Coach', email: 'cole@example.com', team: 'North', hireDate: null },
      marks: null,
      weeks: [week, { ...week, weekStart: '2026-12-07', day: 7 }],
      scores: [],
      coachingNotes: [],
      metrics: [],
      profile: { careerGoals: '', motivators: '', learningPreference: null, assessmentType: '', assessmentResult: '', notes: '' },
      profileHistory: [],
      outcomes: { byPeriod: [], firstWonDaysFromHire: null },
    } as unknown as RepArc;
    render(
      <AppProviders api={fakeApi({ 'progress:rep': () => arc })} language="fi">
        <RepArcSection repId="c1" />
      </AppProviders>,
    );
    await screen.findByText(/Ei vielä roolipelejä/);
    expect(drawn.some((o) => seriesOf(o).some((s) => s.name === 'Pidetty' || s.name === 'Held'))).toBe(false);
  });
});
