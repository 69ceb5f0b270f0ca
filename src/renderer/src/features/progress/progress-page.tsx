import './progress.css';
import { useMemo, useState } from 'react';
import type { CertificationPattern, Difference, TeamProgress } from '../../../../shared/progress';
import { PageTitle } from '../../app/page-title';
import { hrefFor, personPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { scorecardPath } from '../coaching/paths';
import { useAccess, useMay } from '../hub/access-gate';
import { Chart, type ChartTable } from './chart';
import { CertificationMatrix } from '../certification/certification-matrix';
import { OutcomesImportDialog } from './outcomes-import-dialog';
import { RepArcSection } from './rep-arc';
import { QuotaAttainmentSection } from './quota-attainment';
import { useLevelName } from '../certification/certification-path';
import { initialTeamQuery, percent, round1, seesTeamView, useCellScorecards, useCertifiedProgress, useTeamHeatmap, useWholeTeam, type TeamQuery } from './use-progress';
import { useDemoStatus } from '../demo/demo';

const windows = [4, 8, 12, 26, 52];
/**
 * Reps the heatmap shows at once; a slider moves through the rest. A row per rep for a team of
 * hundreds drew a canvas many screens tall, which took seconds before anything showed.
 */
const heatmapRows = 30;
const heatmapGrid = { left: 150, top: 16, bottom: 90 };
const heatmapHeight = (rows: number) => Math.max(220, 60 + rows * 28);

/** A mean or a rate as the language writes decimals (4,5 in Finnish), at most two places; – for none. */
function useDecimal(): (value: number | null | undefined) => string {
  const { locale } = useI18n();
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  return (value) => (value === null || value === undefined ? '–' : format.format(value));
}
const minSizes = [3, 5, 10];

/**
 * Progress: the team view for admins, managers and coaches (and the owner of a local data folder),
 * each seeing the people the core shows them; a rep signed in to a hub, whom the core would refuse
 * the team view, sees their own arc instead.
 */
export function ProgressPage({ query = new URLSearchParams() }: { query?: URLSearchParams }) {
  const me = useAccess();
  if (!seesTeamView(me) && me.kind === 'person' && me.repId) return <OwnProgressPage repId={me.repId} />;
  return <TeamProgressPage view={query.get('view') === 'certification' ? 'certification' : 'team'} markArea={query.get('mark') ?? undefined} />;
}

type View = 'team' | 'certification';
const viewPath = (view: View) => (view === 'team' ? '/progress' : `/progress?view=${view}`);

function OwnProgressPage({ repId }: { repId: string }) {
  const { t } = useI18n();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <PageTitle>{t('area.progress')}</PageTitle>
          <p className="page-subtitle">{t('progress.own.subtitle')}</p>
        </div>
      </header>
      <RepArcSection repId={repId} />
    </div>
  );
}

/** The team at a glance (heatmap, cadence, who is slipping, the 46–179 gap, learning circles, cohorts, practice against results) or its certification matrix. */
function TeamProgressPage({ view, markArea }: { view: View; markArea?: string }) {
  const { t } = useI18n();
  const [importing, setImporting] = useState(false);
  // Importing deals is offered to whoever the core's rules allow (admins).
  const may = useMay();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <PageTitle>{t('area.progress')}</PageTitle>
          <p className="page-subtitle">{t('progress.subtitle')}</p>
        </div>
        {may('outcomes:import') ? (
          <div className="page-actions">
            <button type="button" className="button button--secondary" data-action="outcomes:import" onClick={() => setImporting(true)}>
              {t('outcomes.import.open')}
            </button>
          </div>
        ) : null}
      </header>
      {importing ? <OutcomesImportDialog onClose={() => setImporting(false)} /> : null}
      <nav className="page-tabs progress-views" aria-label={t('progress.views')}>
        {(['team', 'certification'] as const).map((name) => (
          <a key={name} className="page-tabs__tab" href={hrefFor(viewPath(name))} aria-current={name === view ? 'page' : undefined}>
            {t(name === 'team' ? 'cert.matrix.team' : 'cert.matrix.tab')}
          </a>
        ))}
      </nav>
      {view === 'certification' ? <CertificationMatrix markArea={markArea} /> : <TeamBody />}
    </div>
  );
}

function TeamBody() {
  const { t } = useI18n();
  const [query, setQuery] = useState<TeamQuery>(initialTeamQuery);
  const progress = useTeamHeatmap(query);
  // On a hub there is no demo to switch to; only a local app offers it.
  const demo = useDemoStatus();
  const teams = useMemo(() => progress.data?.teams ?? [...new Set((progress.data?.reps ?? []).map((r) => r.team).filter(Boolean))].sort(), [progress.data]);
  const [allTeams, setAllTeams] = useState<string[]>([]);
  if (teams.length > allTeams.length && !query.team) setAllTeams(teams);

  let body;
  if (progress.error && !progress.data) body = <ErrorNotice error={progress.error} onRetry={progress.reload} />;
  else if (!progress.data)
    body = (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );
  else if ((progress.data.repCount ?? progress.data.reps.length) === 0)
    body = (
      <EmptyState
        title={t('progress.empty.title')}
        headingLevel={2}
        actions={
          <>
            <a className="button button--secondary" href={hrefFor('/people')}>
              {t('placeholder.goToPeople')}
            </a>
            {demo ? (
              <a className="button button--ghost" href={hrefFor('/settings?section=demo')}>
                {t('progress.empty.demo')}
              </a>
            ) : null}
          </>
        }
      >
        <p>{t(demo ? 'progress.empty.body' : 'progress.empty.bodyTeam')}</p>
      </EmptyState>
    );
  else body = <TeamView data={progress.data} query={query} />;

  return (
    <>
      <div className="progress-toolbar" role="search" aria-label={t('progress.filters')}>
        <FilterSelect
          label={t('progress.filter.team')}
          value={query.team ?? ''}
          options={[{ value: '', label: t('progress.filter.allTeams') }, ...allTeams.map((team) => ({ value: team, label: team }))]}
          onChange={(v) => setQuery({ ...query, team: v || undefined })}
        />
        <FilterSelect
          label={t('progress.filter.cells')}
          value={query.heatmap}
          options={[
            { value: 'latest', label: t('progress.filter.latest') },
            { value: 'mean', label: t('progress.filter.mean') },
          ]}
          onChange={(v) => setQuery({ ...query, heatmap: v as TeamQuery['heatmap'] })}
        />
        <FilterSelect
          label={t('progress.filter.window')}
          value={String(query.windowWeeks)}
          options={windows.map((w) => ({ value: String(w), label: t('progress.filter.weeks', { count: w }) }))}
          onChange={(v) => setQuery({ ...query, windowWeeks: Number(v) })}
        />
        <FilterSelect
          label={t('progress.filter.minCohort')}
          value={String(query.minCohort)}
          options={minSizes.map((n) => ({ value: String(n), label: t('progress.filter.people', { count: n }) }))}
          onChange={(v) => setQuery({ ...query, minCohort: Number(v) })}
        />
      </div>
      {body}
    </>
  );
}

/** The heatmap from its own answer, which comes first; the rest once the whole view has answered. */
function TeamView({ data: top, query }: { data: TeamProgress; query: TeamQuery }) {
  const { t } = useI18n();
  const whole = useWholeTeam(query);
  const heatmapNames = new Map(top.reps.map((r) => [r.id, r.name]));
  const heatmap = <Heatmap data={top} name={(id) => heatmapNames.get(id) ?? id} query={query} />;
  if (!whole.data)
    return (
      <div className="team-progress">
        {heatmap}
        <div className="team-progress__rest">
          {whole.error ? (
            <ErrorNotice error={whole.error} onRetry={whole.reload} />
          ) : (
            <p className="progress-line" role="status">
              <span className="spinner" aria-hidden="true" />
              {t('common.loading')}
            </p>
          )}
        </div>
      </div>
    );
  const data = whole.data;
  const names = new Map(data.reps.map((r) => [r.id, r.name]));
  const name = (id: string) => names.get(id) ?? id;
  return (
    <div className="team-progress">
      {heatmap}
      <div className="progress-grid">
        <Slipping data={data} name={name} />
        <Cadence data={data} name={name} />
      </div>
      <Gap data={data} name={name} />
      <div className="progress-grid">
        <Circles data={data} name={name} />
        <Linking data={data} />
      </div>
      <QuotaAttainmentSection team={query.team} />
      <Certified team={query.team} />
      <Cohorts data={data} />
    </div>
  );
}

type Named = { data: TeamProgress; name: (id: string) => string };

function Heatmap({ data, name, query }: Named & { query: TeamQuery }) {
  const { t, focusName, shipped, formatDate } = useI18n();
  const decimal = useDecimal();
  const [areaId, setAreaId] = useState(data.heatmap[0]?.focusAreaId ?? '');
  const [picked, setPicked] = useState<{ repId: string; key: string } | null>(null);
  const area = data.heatmap.find((h) => h.focusAreaId === areaId) ?? data.heatmap[0];
  if (!area) {
    return (
      <section className="card">
        <h2 className="card__title">{t('progress.heatmap.title')}</h2>
        <p className="muted">{t('progress.heatmap.empty')}</p>
      </section>
    );
  }
  const rows = area.rows;
  const criteria = area.criteria.map((c) => shipped(c.name));
  const cells = rows.flatMap((row, y) => row.cells.map((cell, x) => [x, y, cell.mean]));
  const table: ChartTable = {
    columns: [t('progress.col.rep'), ...criteria],
    rows: rows.map((row) => [name(row.repId), ...row.cells.map((c) => c.mean)]),
    onCell: (row, column) => setPicked({ repId: rows[row]!.repId, key: area.criteria[column - 1]!.key }),
  };
  const pickedRow = picked && rows.find((r) => r.repId === picked.repId);
  const pickedCell = pickedRow?.cells.find((c) => c.key === picked?.key);
  return (
    <section className="card" aria-labelledby="heatmap-title">
      <h2 id="heatmap-title" className="card__title">
        {t('progress.heatmap.title')}
      </h2>
      <div className="progress-toolbar">
        <label className="progress-filter">
          <span className="progress-filter__label">{t('progress.arc.focusArea')}</span>
          <select className="input input--compact" value={area.focusAreaId} onChange={(e) => (setAreaId(e.target.value), setPicked(null))}>
            {data.heatmap.map((h) => (
              <option key={h.focusAreaId} value={h.focusAreaId}>
                {focusName(h.focusAreaName)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Chart
        title={t('progress.heatmap.of', { area: focusName(area.focusAreaName) })}
        fileName={`heatmap-${area.focusAreaId}`}
        table={table}
        height={heatmapHeight(Math.min(rows.length, heatmapRows))}
        exportAs={{ height: heatmapHeight(rows.length), option: { dataZoom: [], grid: { ...heatmapGrid, right: 16 } } }}
        onClick={(params) => {
          const [x, y] = params.data as [number, number];
          setPicked({ repId: rows[y]!.repId, key: area.criteria[x]!.key });
        }}
        option={{
          tooltip: { renderMode: 'richText' },
          grid: { ...heatmapGrid, right: rows.length > heatmapRows ? 40 : 16 },
          dataZoom:
            rows.length > heatmapRows
              ? [{ type: 'slider', yAxisIndex: 0, startValue: 0, endValue: heatmapRows - 1, zoomLock: true, right: 8, width: 16, showDetail: false, brushSelect: false }]
              : [],
          xAxis: { type: 'category', data: criteria, axisLabel: { interval: 0, rotate: 20, width: 120, overflow: 'truncate' } },
          yAxis: { type: 'category', data: rows.map((r) => name(r.repId)), inverse: true },
          visualMap: { min: 1, max: 5, calculable: false, text: ['5', '1'], orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#c0504d', '#f2c14e', '#5aa469'] } },
          series: [{ type: 'heatmap', data: cells, label: { show: true, formatter: (p: { data: [number, number, number | null] }) => (p.data[2] === null ? '' : decimal(round1(p.data[2]))) } }],
        }}
      />
      <p className="small muted">{t('progress.heatmap.hint')}</p>
      {picked && pickedRow && pickedCell ? (
        <div className="cell-detail" role="region" aria-live="polite" aria-label={t('progress.heatmap.behind')}>
          <p>
            <a href={hrefFor(personPath(picked.repId))}>{name(picked.repId)}</a>
            {' · '}
            {shipped(area.criteria.find((c) => c.key === picked.key)?.name ?? '')}
            {' · '}
            {t('progress.heatmap.cellSummary', { mean: decimal(round1(pickedCell.mean)), count: pickedCell.n })}
          </p>
          <CellScorecardList query={query} focusAreaId={area.focusAreaId} repId={picked.repId} />
        </div>
      ) : null}
      <p className="small muted">{t('progress.asOf', { date: formatDate(data.asOf) })}</p>
    </section>
  );
}

function CellScorecardList({ query, focusAreaId, repId }: { query: TeamQuery; focusAreaId: string; repId: string }) {
  const { t, formatDate } = useI18n();
  const cards = useCellScorecards(query, focusAreaId, repId);
  if (cards.error && !cards.data) return <ErrorNotice error={cards.error} onRetry={cards.reload} />;
  // The previous cell's list stays while the next loads only if it is that cell's: a stale one would link the wrong scorecards.
  if (!cards.data || cards.loading)
    return (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );
  return (
    <ul className="plain-list link-list">
      {cards.data.map((card) => (
        <li key={card.id}>
          <a href={hrefFor(scorecardPath(card.id))}>{t('progress.heatmap.scorecard', { role: t(`coaching.role.${card.role}.long`), date: formatDate(card.date) })}</a>
        </li>
      ))}
    </ul>
  );
}

function Slipping({ data, name }: Named) {
  const { t, formatDate, focusName } = useI18n();
  const decimal = useDecimal();
  const areaNames = new Map(data.heatmap.map((h) => [h.focusAreaId, h.focusAreaName]));
  const areaName = (id: string) => focusName(areaNames.get(id) ?? id);
  return (
    <section className="card" aria-labelledby="slipping-title">
      <h2 id="slipping-title" className="card__title">
        {t('progress.slipping.title')}
      </h2>
      {data.slipping.length === 0 ? (
        <p className="muted">{t('progress.slipping.none')}</p>
      ) : (
        <ul className="plain-list slipping-list">
          {data.slipping.map((s) => (
            <li key={s.repId}>
              <a href={hrefFor(personPath(s.repId))}>{name(s.repId)}</a>
              <ul>
                {s.reasons.map((r, i) => (
                  <li key={i} className="small">
                    {r.kind === 'trend'
                      ? t('progress.slipping.trend', { scores: r.scores.map(decimal).join(' → '), slope: decimal(r.slope) })
                      : r.kind === 'missed'
                        ? t('progress.slipping.missed', { count: r.missed, weeks: r.weeks })
                        : r.lastPractised
                          ? t('progress.slipping.idle', { area: areaName(r.focusAreaId), date: formatDate(r.lastPractised) })
                          : t('progress.slipping.never', { area: areaName(r.focusAreaId) })}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Cadence({ data, name }: Named) {
  const { t, formatDate } = useI18n();
  const weeks = [...new Set(data.cadence.byTeam.flatMap((team) => team.weeks.map((w) => w.weekStart)))].sort();
  const table: ChartTable = {
    columns: [t('progress.col.team'), t('progress.col.week'), t('progress.col.planned'), t('progress.col.held'), t('progress.col.share')],
    rows: [
      ...data.cadence.byTeam.flatMap((team) => team.weeks.map((w) => [team.team || t('progress.noTeam'), w.weekStart, w.planned, w.held, percent(w.share)])),
      ...data.cadence.byProgram.flatMap((p) => p.weeks.map((w) => [p.name, w.weekStart, w.planned, w.held, percent(w.share)])),
    ],
  };
  return (
    <section className="card" aria-labelledby="cadence-title">
      <h2 id="cadence-title" className="card__title">
        {t('progress.cadence.title')}
      </h2>
      <Chart
        title={t('progress.cadence.chart')}
        fileName="cadence"
        table={table}
        height={240}
        option={{
          tooltip: { trigger: 'axis', renderMode: 'richText' },
          legend: { top: 0 },
          grid: { left: 44, right: 16, top: 40, bottom: 32 },
          xAxis: { type: 'category', data: weeks, axisLabel: { formatter: (v: string) => formatDate(v) } },
          yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
          series: data.cadence.byTeam.map((team, i) => ({
            name: team.team || t('progress.noTeam'),
            type: 'line',
            symbol: ['circle', 'diamond', 'triangle', 'rect'][i % 4],
            // Every week's point drawn full size: a single week (a team's first) is a point and no line.
            showSymbol: true,
            symbolSize: 9,
            data: weeks.map((w) => percent(team.weeks.find((x) => x.weekStart === w)?.share ?? null)),
          })),
        }}
      />
      <h3 className="section-title">{t('progress.cadence.missedTwo')}</h3>
      {data.cadence.missedTwoInARow.length === 0 ? (
        <p className="muted">{t('progress.cadence.missedNone')}</p>
      ) : (
        <ul className="plain-list link-list">
          {data.cadence.missedTwoInARow.map((m) => (
            <li key={m.repId}>
              <a href={hrefFor(personPath(m.repId))}>{name(m.repId)}</a> <span className="muted small">({m.dates.map(formatDate).join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Gap({ data, name }: Named) {
  const { t, formatDate } = useI18n();
  const decimal = useDecimal();
  const reps = data.gap.reps;
  const table: ChartTable = {
    columns: [t('progress.col.rep'), t('progress.col.hired'), t('progress.gap.early'), t('progress.gap.band')],
    rows: reps.map((r) => [name(r.repId), r.hireDate, r.earlyPerWeek, r.bandPerWeek]),
  };
  return (
    <section className="card" aria-labelledby="gap-title">
      <h2 id="gap-title" className="card__title">
        {t('progress.gap.title')}
      </h2>
      <p className="small">
        {t('progress.gap.median', { early: decimal(round1(data.gap.medianEarlyPerWeek)), band: decimal(round1(data.gap.medianBandPerWeek)) })}
      </p>
      {(data.gap.repCount ?? reps.length) > reps.length ? <p className="small muted">{t('progress.gap.shown', { shown: reps.length, count: data.gap.repCount! })}</p> : null}
      {reps.length === 0 ? (
        <p className="muted">{t('progress.gap.none')}</p>
      ) : (
        <Chart
          title={t('progress.gap.chart')}
          fileName="gap-46-179"
          table={table}
          height={260}
          option={{
            // ECharts writes 0.8 whatever the language; Finnish reads 0,8.
            tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: (v: number | null) => decimal(v) },
            legend: { top: 0 },
            grid: { left: 44, right: 16, top: 40, bottom: 48 },
            xAxis: { type: 'category', data: reps.map((r) => `${name(r.repId)}\n${formatDate(r.hireDate)}`), axisLabel: { interval: 0 } },
            yAxis: { type: 'value', name: t('progress.gap.perWeek'), axisLabel: { formatter: (v: number) => decimal(v) } },
            series: [
              { name: t('progress.gap.early'), type: 'bar', data: reps.map((r) => r.earlyPerWeek) },
              { name: t('progress.gap.band'), type: 'bar', data: reps.map((r) => r.bandPerWeek), itemStyle: { decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: 0.8 } } },
            ],
          }}
        />
      )}
    </section>
  );
}

function Circles({ data, name }: Named) {
  const { t } = useI18n();
  const { mix, coachedNobody, pairCount } = data.circles;
  const unnamed = (data.circles.coachedNobodyCount ?? coachedNobody.length) - coachedNobody.length;
  return (
    <section className="card" aria-labelledby="circles-title">
      <h2 id="circles-title" className="card__title">
        {t('progress.circles.title')}
      </h2>
      <div className="table-wrap">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t('progress.circles.kind')}</th>
              <th scope="col">{t('progress.circles.times')}</th>
            </tr>
          </thead>
          <tbody>
            {(['seniorNew', 'seniorSenior', 'newNew', 'newSenior'] as const).map((k) => (
              <tr key={k}>
                <td>{t(`progress.circles.${k}`)}</td>
                <td>{mix[k]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small">{t('progress.circles.pairs', { count: pairCount })}</p>
      <h3 className="section-title">{t('progress.circles.nobody')}</h3>
      {coachedNobody.length === 0 ? (
        <p className="muted">{t('progress.circles.everyone')}</p>
      ) : (
        <p className="small">
          {coachedNobody.map((id, i) => (
            <span key={id}>
              {i ? ', ' : ''}
              <a href={hrefFor(personPath(id))}>{name(id)}</a>
            </span>
          ))}
          {unnamed > 0 ? <span className="muted"> {t('progress.circles.nobodyMore', { count: unnamed })}</span> : null}
        </p>
      )}
    </section>
  );
}

/** How a compared measure reads: a rate in per cent, its difference in percentage points; money as a whole number. */
function useDifferenceFormat() {
  const { t, locale } = useI18n();
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const format = (label: string, v: number | null) => (v === null ? '–' : label.startsWith('winRate') ? `${percent(v)} %` : number.format(v));
  // A difference of two rates is in percentage points, not per cent.
  const formatDifference = (label: string, v: number | null) =>
    v === null ? '–' : label.startsWith('winRate') ? t('progress.linking.points', { value: number.format(percent(v)!) }) : number.format(v);
  // Points through the same format as money, so a negative one has the language's minus sign like the rest.
  const intervalEnd = (label: string, v: number) => number.format(label.startsWith('winRate') ? percent(v)! : v);
  const interval = (d: Difference) =>
    d.low === null || d.high === null ? t('progress.linking.tooFew') : t('progress.linking.interval', { low: intervalEnd(d.label, d.low), high: intervalEnd(d.label, d.high) });
  const measure = (label: string) => t(`progress.linking.${label.split(':')[0] as 'winRate' | 'avgDealSize'}`);
  return { format, formatDifference, interval, measure };
}

/** Both sides of a comparison with their n, then the difference and its interval: one row of either comparison table. */
function ComparedCells({ d, first }: { d: Difference; first: 'a' | 'b' }) {
  const { format, formatDifference, interval } = useDifferenceFormat();
  const side = (which: 'a' | 'b') => (
    <td>
      {format(d.label, d[which])} <span className="muted compared-n">(n = {which === 'a' ? d.nA : d.nB})</span>
    </td>
  );
  return (
    <>
      {side(first)}
      {side(first === 'a' ? 'b' : 'a')}
      <td>
        {formatDifference(d.label, d.difference)} <span className="muted compared-interval">{interval(d)}</span>
      </td>
    </>
  );
}

function Linking({ data }: { data: TeamProgress }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="linking-title">
      <h2 id="linking-title" className="card__title">
        {t('progress.linking.title')}
      </h2>
      <p className="patterns-note small">{t('progress.linking.note')}</p>
      {data.linking.length === 0 ? (
        <p className="muted">{t('progress.linking.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--compact linking-table">
            <thead>
              <tr>
                <th scope="col">{t('progress.linking.measure')}</th>
                <th scope="col">{t('progress.linking.more')}</th>
                <th scope="col">{t('progress.linking.less')}</th>
                <th scope="col">{t('progress.linking.difference')}</th>
              </tr>
            </thead>
            <tbody>
              {data.linking.map((d) => (
                <tr key={d.label}>
                  <td>{t(`progress.linking.${d.label.split(':')[0] as 'winRate' | 'avgDealSize'}`)}</td>
                  <ComparedCells d={d} first="a" />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * Results around certification: each level's reps, their deals before the grant beside those 7 days
 * or more after. Fetched on its own, as it replays every certification: the heatmap above does not wait for it.
 */
function Certified({ team }: { team: string | undefined }) {
  const { t } = useI18n();
  const certified = useCertifiedProgress(team);
  let body;
  if (certified.error && !certified.data) body = <ErrorNotice error={certified.error} onRetry={certified.reload} />;
  else if (!certified.data)
    body = (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );
  else body = <CertifiedResults groups={certified.data} />;
  return (
    <section className="card" aria-labelledby="certified-title">
      <h2 id="certified-title" className="card__title">
        {t('progress.certified.title')}
      </h2>
      <p className="patterns-note small">{t('progress.certified.note')}</p>
      {body}
    </section>
  );
}

function CertifiedResults({ groups }: { groups: CertificationPattern[] }) {
  const { t, focusName } = useI18n();
  const { measure } = useDifferenceFormat();
  const levelName = useLevelName();
  const groupName = (g: CertificationPattern) => `${focusName(g.focusAreaName)} · ${levelName(g.level)}`;
  const winRate = (g: CertificationPattern) => g.measures.find((m) => m.label.startsWith('winRate'));
  const table: ChartTable = {
    columns: [
      t('progress.certified.group'),
      t('progress.linking.measure'),
      t('progress.certified.before'),
      t('progress.certified.repsBefore'),
      t('progress.certified.after'),
      t('progress.certified.repsAfter'),
      t('progress.linking.difference'),
      t('progress.certified.low'),
      t('progress.certified.high'),
    ],
    rows: groups.flatMap((g) =>
      g.measures.map((m) => {
        const rate = m.label.startsWith('winRate');
        const shown = (v: number | null) => (v === null ? null : rate ? percent(v) : Math.round(v));
        return [groupName(g), rate ? t('progress.certified.winRateUnits') : measure(m.label), shown(m.b), m.nB, shown(m.a), m.nA, shown(m.difference), shown(m.low), shown(m.high)];
      }),
    ),
  };
  if (groups.length === 0) return <p className="muted">{t('progress.certified.none')}</p>;
  return (
    <>
      <Chart
        title={t('progress.certified.chart')}
        fileName="certification-before-after"
        table={table}
        height={Math.max(220, 80 + groups.length * 44)}
        option={{
          tooltip: { trigger: 'axis', renderMode: 'richText' },
          legend: { top: 0 },
          grid: { left: 200, right: 24, top: 40, bottom: 32 },
          yAxis: { type: 'category', data: groups.map(groupName), inverse: true, axisLabel: { width: 180, overflow: 'truncate' } },
          xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
          series: [
            { name: t('progress.certified.before'), type: 'bar', data: groups.map((g) => percent(winRate(g)?.b)) },
            {
              name: t('progress.certified.after'),
              type: 'bar',
              data: groups.map((g) => percent(winRate(g)?.a)),
              itemStyle: { decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: 0.8 } },
            },
          ],
        }}
      />
      <div className="table-wrap">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t('progress.certified.group')}</th>
              <th scope="col">{t('progress.linking.measure')}</th>
              <th scope="col">{t('progress.certified.before')}</th>
              <th scope="col">{t('progress.certified.after')}</th>
              <th scope="col">{t('progress.linking.difference')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.flatMap((g) =>
              g.measures.map((d, i) => (
                <tr key={`${g.focusAreaId}:${g.level}:${d.label}`}>
                  {i === 0 ? (
                    <th scope="rowgroup" rowSpan={g.measures.length} className="certified__group">
                      {groupName(g)}
                      <span className="muted small">
                        {t('progress.certified.reps', { count: g.reps })}
                        <br />
                        {t('progress.certified.deals', { before: g.closedBefore, after: g.closedAfter })}
                      </span>
                    </th>
                  ) : null}
                  <td>{measure(d.label)}</td>
                  <ComparedCells d={d} first="b" />
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Cohorts({ data }: { data: TeamProgress }) {
  const { t } = useI18n();
  const decimal = useDecimal();
  const { cohorts } = data;
  const groups = [
    ['byHireQuarter', cohorts.byHireQuarter, (k: string) => k],
    ['byAssessment', cohorts.byAssessment, (k: string) => k],
    ['byLearningPreference', cohorts.byLearningPreference, (k: string) => t(`learning.${k as 'doing'}`)],
  ] as const;
  return (
    <section className="card" aria-labelledby="cohorts-title">
      <h2 id="cohorts-title" className="card__title">
        {t('progress.cohorts.title')}
      </h2>
      <p className="patterns-note small">{t('progress.cohorts.note')}</p>
      <p className="small muted">{t('progress.cohorts.hidden', { count: cohorts.hidden, min: cohorts.minSize })}</p>
      <div className="progress-grid">
        {groups.map(([key, list, label]) => (
          <div key={key}>
            <h3 className="section-title">{t(`progress.cohorts.${key}`)}</h3>
            {list.length === 0 ? (
              <p className="muted small">{t('progress.cohorts.noneShown')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table table--compact">
                  <thead>
                    <tr>
                      <th scope="col">{t('progress.cohorts.group')}</th>
                      <th scope="col">n</th>
                      <th scope="col">{t('progress.cohorts.meanScore')}</th>
                      <th scope="col">{t('progress.cohorts.perWeek')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((g) => (
                      <tr key={g.key}>
                        <td>{label(g.key)}</td>
                        <td>{g.n}</td>
                        <td>{decimal(round1(g.meanScore))}</td>
                        <td>{decimal(round1(g.sessionsPerWeek))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

/** One labelled filter of the Progress toolbar. */
function FilterSelect({ label, value, options, onChange }: { label: string; value: string; options: { value: string; label: string }[]; onChange(value: string): void }) {
  return (
    <label className="progress-filter">
      <span className="progress-filter__label">{label}</span>
      <select className="input input--compact" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
