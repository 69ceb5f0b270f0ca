import './progress.css';
import { useState } from 'react';
import type { RepArc } from '../../../../shared/progress';
import { ApiError } from '../../api/api';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { useTheme } from '../../theme/theme';
import { ErrorNotice } from '../../ui/error-notice';
import { scorecardPath } from '../coaching/paths';
import { Chart, type ChartTable } from './chart';
import { percent, useRepArc, weekOf } from './use-progress';

const roles = ['peer', 'coach', 'self'] as const;
/** Peer, coach and self scores differ by shape as well as colour, so they are told apart without colour too. */
const roleSymbols = { peer: 'circle', coach: 'diamond', self: 'triangle' } as const;

/** A rep's development arc: the timeline from the hire date, scores over time, results, profile history. */
export function RepArcSection({ repId }: { repId: string }) {
  const { t } = useI18n();
  const arc = useRepArc(repId);
  // A coach may open a rep's page but not their arc and results (the rep and their managers may): say nothing then.
  if (arc.error instanceof ApiError && arc.error.code === 'forbidden') return null;
  if (arc.error && !arc.data) return <ErrorNotice error={arc.error} onRetry={arc.reload} />;
  if (!arc.data || arc.data.rep.id !== repId) {
    return (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );
  }
  return <ArcView arc={arc.data} />;
}

function ArcView({ arc }: { arc: RepArc }) {
  const { t } = useI18n();
  return (
    <section className="arc" aria-labelledby="arc-title">
      <h2 id="arc-title" className="section-heading">
        {t('progress.arc.title')}
      </h2>
      {arc.rep.hireDate ? null : <p className="muted">{t('progress.arc.noHireDate')}</p>}
      <div className="card">
        <Timeline arc={arc} />
      </div>
      <div className="card">
        <Scores arc={arc} />
      </div>
      <div className="detail-grid">
        <div className="card">
          <Outcomes arc={arc} />
        </div>
        <div className="card arc-side">
          <ProfileHistory arc={arc} />
          <CoachingNotes arc={arc} />
        </div>
      </div>
    </section>
  );
}

/**
 * Where a day mark's name sits on its line's top: centred, except near the chart's edges, where a
 * centred name crossed the y-axis's top number (Day 0 is always on the first week) or ran off the
 * right edge. There it starts at the line and reads into the chart.
 */
export function markAlign(index: number, count: number): 'left' | 'center' | 'right' {
  if (index < count / 4) return 'left';
  if (index >= count - count / 4) return 'right';
  return 'center';
}

function Timeline({ arc }: { arc: RepArc }) {
  const { t, formatDate } = useI18n();
  const weeks = arc.weeks;
  const categories = weeks.map((w) => w.weekStart);
  const marks = arc.marks;
  const markLines = marks
    ? (
        [
          ['day0', marks.day0],
          ['day45', marks.day45],
          ['day90', marks.day90],
          ['day180', marks.day180],
        ] as const
      )
        .map(([key, date]) => ({ week: weekOf(weeks, date), label: t(`progress.arc.${key}`) }))
        .filter((m) => m.week !== null)
        .map((m) => ({ xAxis: m.week, label: { formatter: m.label, align: markAlign(categories.indexOf(m.week!), categories.length) } }))
    : [];
  // Named at the top of the band, above the bars that hid it at the bottom, in the text's own colour:
  // the band's pale fill made the label unreadable.
  const bandLabel = useTheme().resolved === 'dark' ? '#c9ccd1' : '#4a4d55';
  if (!weeks.some((w) => w.held + w.missed + w.cancelled + w.recordings + w.scorecards + w.coachingNotes > 0)) {
    // Nothing to draw: an empty axis says less than a sentence.
    return (
      <>
        <h3 className="chart__title">{t('progress.arc.timeline')}</h3>
        <p className="muted">{t('progress.arc.noSessions')}</p>
      </>
    );
  }
  const bandFrom = marks ? weekOf(weeks, marks.bandStart) : null;
  const bandTo = marks ? weekOf(weeks, marks.bandEnd, { clamp: true }) : null;
  const table: ChartTable = {
    columns: [t('progress.col.week'), t('progress.col.day'), t('progress.col.held'), t('progress.col.missed'), t('progress.col.cancelled'), t('progress.col.recordings'), t('progress.col.scorecards'), t('progress.col.notes')],
    rows: weeks.map((w) => [w.weekStart, w.day, w.held, w.missed, w.cancelled, w.recordings, w.scorecards, w.coachingNotes]),
  };
  const colors = { held: '#4f63d2', missed: '#d0623d', cancelled: '#9a9ca3' };
  const bar = (name: string, key: 'held' | 'missed' | 'cancelled') => ({ name, type: 'bar', stack: 'sessions', itemStyle: { color: colors[key] }, data: weeks.map((w) => w[key]) });
  return (
    <Chart
      title={t('progress.arc.timeline')}
      fileName="arc-timeline"
      table={table}
      option={{
        tooltip: { trigger: 'axis', renderMode: 'richText' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 48, bottom: 40 },
        xAxis: { type: 'category', data: categories, axisLabel: { formatter: (v: string) => formatDate(v) } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            ...bar(t('progress.col.held'), 'held'),
            markArea:
              bandFrom && bandTo ? { silent: true, itemStyle: { opacity: 0.12 }, label: { position: 'insideTop', offset: [0, 4], color: bandLabel, textBorderWidth: 0 }, data: [[{ name: t('progress.arc.band'), xAxis: bandFrom }, { xAxis: bandTo }]] } : undefined,
            markLine: markLines.length ? { silent: true, symbol: 'none', lineStyle: { type: 'dashed' }, data: markLines } : undefined,
          },
          bar(t('progress.col.missed'), 'missed'),
          bar(t('progress.col.cancelled'), 'cancelled'),
          { name: t('progress.col.scorecards'), type: 'line', step: 'middle', itemStyle: { color: '#2f9e6a' }, data: weeks.map((w) => w.scorecards), symbol: 'diamond' },
        ],
      }}
    />
  );
}

function Scores({ arc }: { arc: RepArc }) {
  const { t, formatDate, focusName, shipped } = useI18n();
  const [areaId, setAreaId] = useState(arc.scores[0]?.focusAreaId ?? '');
  const [criterion, setCriterion] = useState('');
  const area = arc.scores.find((s) => s.focusAreaId === areaId) ?? arc.scores[0];
  if (!area) {
    return (
      <>
        <h3 className="chart__title">{t('progress.arc.scores')}</h3>
        <p className="muted">{t('progress.arc.noScores')}</p>
      </>
    );
  }
  const points = criterion ? (area.criteria.find((c) => c.key === criterion)?.points ?? []) : area.points;
  const table: ChartTable = {
    columns: [t('progress.col.date'), t('progress.col.role'), t('progress.col.score')],
    rows: points.map((p) => [p.date, t(`coaching.role.${p.role}`), p.score]),
  };
  return (
    <>
      <div className="progress-toolbar">
        <label className="progress-filter">
          <span className="progress-filter__label">{t('progress.arc.focusArea')}</span>
          <select className="input input--compact" value={area.focusAreaId} onChange={(e) => (setAreaId(e.target.value), setCriterion(''))}>
            {arc.scores.map((s) => (
              <option key={s.focusAreaId} value={s.focusAreaId}>
                {focusName(s.focusAreaName)}
              </option>
            ))}
          </select>
        </label>
        <label className="progress-filter">
          <span className="progress-filter__label">{t('progress.arc.criterion')}</span>
          <select className="input input--compact" value={criterion} onChange={(e) => setCriterion(e.target.value)}>
            <option value="">{t('progress.arc.allCriteria')}</option>
            {area.criteria.map((c) => (
              <option key={c.key} value={c.key}>
                {shipped(c.name)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Chart
        title={t('progress.arc.scoresOf', { area: focusName(area.focusAreaName) })}
        fileName={`arc-scores-${area.focusAreaId}${criterion ? `-${criterion}` : ''}`}
        table={table}
        option={{
          tooltip: { trigger: 'item', renderMode: 'richText' },
          legend: { top: 0 },
          grid: { left: 40, right: 16, top: 48, bottom: 40 },
          // One place on the axis per scorecard, in order: several cards on one day (a rep's first
          // week) each get their own point instead of one on top of the other, and a day is named
          // once, under its first card. A time axis repeated one date under every hour tick.
          xAxis: {
            type: 'category',
            data: points.map((p) => p.scorecardId),
            axisLabel: { interval: 0, hideOverlap: true, formatter: (_id: string, i: number) => (dayStarts(points, i) ? formatDate(points[i]!.date) : '') },
            axisTick: { alignWithLabel: true },
          },
          yAxis: { type: 'value', min: 1, max: 5, interval: 1 },
          series: roles
            .filter((role) => points.some((p) => p.role === role))
            .map((role) => ({
              name: t(`coaching.role.${role}`),
              type: 'line',
              symbol: roleSymbols[role],
              symbolSize: 9,
              connectNulls: true,
              lineStyle: { type: role === 'coach' ? 'solid' : role === 'peer' ? 'dashed' : 'dotted' },
              data: points.map((p) => (p.role === role ? p.score : null)),
            })),
        }}
      />
      {points.length ? (
        <p className="muted small">
          {t('progress.arc.latestCard')}{' '}
          <a href={hrefFor(scorecardPath(points[points.length - 1]!.scorecardId))}>{formatDate(points[points.length - 1]!.date)}</a>
        </p>
      ) : null}
    </>
  );
}

/** Whether the card at `i` is the first of its day (its date is the label; the day's later cards have none). */
function dayStarts(points: { date: string }[], i: number): boolean {
  return i === 0 || points[i - 1]?.date !== points[i]?.date;
}

function Outcomes({ arc }: { arc: RepArc }) {
  const { t, locale } = useI18n();
  const periods = arc.outcomes.byPeriod;
  const money = (v: number | null) => (v === null ? null : new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(v));
  const table: ChartTable = {
    columns: [t('progress.col.period'), t('progress.col.won'), t('progress.col.closed'), t('progress.col.winRate'), t('progress.col.cohortCloseRate'), t('progress.col.avgDeal'), t('progress.col.daysToClose'), t('progress.col.quota')],
    rows: periods.map((p) => [p.period, p.won, p.closed, percent(p.winRate), percent(p.cohortCloseRate), p.avgDealSize, p.medianDaysToClose, percent(p.quotaAttainment)]),
  };
  if (periods.length === 0) {
    return (
      <>
        <h3 className="chart__title">{t('progress.arc.outcomes')}</h3>
        <p className="muted">{t('progress.arc.noOutcomes')}</p>
      </>
    );
  }
  return (
    <>
      <Chart
        title={t('progress.arc.outcomes')}
        fileName="arc-outcomes"
        table={table}
        height={240}
        option={{
          tooltip: { trigger: 'axis', renderMode: 'richText' },
          legend: { top: 0 },
          grid: { left: 44, right: 16, top: 48, bottom: 32 },
          xAxis: { type: 'category', data: periods.map((p) => p.period) },
          // Quota attainment passes 100 % in a good quarter: the axis grows to show it.
          yAxis: { type: 'value', min: 0, max: (extent: { max: number }) => Math.max(100, Math.ceil(extent.max / 20) * 20), axisLabel: { formatter: '{value} %' } },
          series: [
            { name: t('progress.col.winRate'), type: 'bar', data: periods.map((p) => percent(p.winRate)) },
            { name: t('progress.col.cohortCloseRate'), type: 'line', symbol: 'diamond', data: periods.map((p) => percent(p.cohortCloseRate)) },
            ...(periods.some((p) => p.quotaAttainment !== null)
              ? [{ name: t('progress.col.quota'), type: 'line', symbol: 'rect', symbolSize: 9, connectNulls: true, data: periods.map((p) => percent(p.quotaAttainment)) }]
              : []),
          ],
        }}
      />
      <p className="small">
        {arc.outcomes.firstWonDaysFromHire === null
          ? t('progress.arc.noFirstWon')
          : t('progress.arc.firstWon', { count: arc.outcomes.firstWonDaysFromHire })}{' '}
        {periods.at(-1)?.avgDealSize != null ? t('progress.arc.lastAvgDeal', { amount: money(periods.at(-1)!.avgDealSize)! }) : null}
      </p>
    </>
  );
}

function ProfileHistory({ arc }: { arc: RepArc }) {
  const { t, formatDate } = useI18n();
  return (
    <>
      <h3 className="chart__title">{t('progress.arc.profileHistory')}</h3>
      {arc.profileHistory.length === 0 ? (
        <p className="muted">{t('progress.arc.noProfileHistory')}</p>
      ) : (
        <ol className="plain-list history-list">
          {[...arc.profileHistory].reverse().map((h) => (
            <li key={h.replacedAt}>
              <p className="small muted">{t('progress.arc.until', { date: formatDate(h.replacedAt.slice(0, 10)) })}</p>
              {h.careerGoals ? <p>{t('progress.arc.goals', { text: h.careerGoals })}</p> : null}
              {h.motivators ? <p>{t('progress.arc.motivators', { text: h.motivators })}</p> : null}
              {h.learningPreference ? <p>{t('progress.arc.learning', { text: t(`learning.${h.learningPreference}`) })}</p> : null}
              {h.assessmentType ? <p>{t('progress.arc.assessment', { text: [h.assessmentType, h.assessmentResult].filter(Boolean).join(': ') })}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function CoachingNotes({ arc }: { arc: RepArc }) {
  const { t, formatDate } = useI18n();
  const notes = arc.coachingNotes.slice(-5).reverse();
  return (
    <>
      <h3 className="chart__title">{t('progress.arc.notes')}</h3>
      {notes.length === 0 ? (
        <p className="muted">{t('progress.arc.noNotes')}</p>
      ) : (
        <ul className="plain-list history-list">
          {notes.map((n) => (
            <li key={n.id}>
              <p className="small muted">{t('progress.arc.noteWeek', { date: formatDate(n.weekOf), coach: n.coachName })}</p>
              <ul>
                {(n.actions as { text: string; done: boolean }[]).map((a, i) => (
                  <li key={i}>
                    {a.text} <span className="muted">({a.done ? t('progress.arc.actionDone') : t('progress.arc.actionOpen')})</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
