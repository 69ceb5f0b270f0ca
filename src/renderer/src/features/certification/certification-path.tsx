import './certification.css';
import { useEffect, useRef, useState } from 'react';
import type { CertificationState, CertificationStatus, MetricBound, MissingItem, Verdict } from '../../../../shared/certification';
import { ApiError } from '../../api/api';
import { useApiQuery, type QuerySpec } from '../../api/use-api-query';
import { certificatePath, hrefFor } from '../../app/routes';
import { useI18n, type Translate } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { scorecardPath } from '../coaching/paths';
import { ProgramDialog } from './program-editor';

const refreshOn = ['certifications:changed', 'scorecards:changed', 'focus-areas:changed'] as const;

/** The query a link adds to a rep's page to open it at the certification path. */
export const pathSection = 'certification';

const stateTone: Record<CertificationState, string> = {
  'in-progress': 'badge--neutral',
  certified: 'badge--success',
  due: 'badge--warning',
  expired: 'badge--danger',
};

export function StateBadge({ state }: { state: CertificationState }) {
  const { t } = useI18n();
  return <span className={`badge ${stateTone[state]}`}>{t(`cert.state.${state}`)}</span>;
}

const builtinLevels = new Set(['Beginner', 'Intermediate', 'Advanced']);

/** A level's name: the default levels in the active language, a team's own as written. */
export function useLevelName() {
  const { t } = useI18n();
  return (name: string) => (builtinLevels.has(name) ? t(`cert.level.${name as 'Beginner'}`) : name);
}

/** A date of an ISO instant, as the language writes dates. */
export function useDay() {
  const { formatDate } = useI18n();
  return (iso: string) => formatDate(iso.slice(0, 10));
}

/**
 * A rep's certification path: per focus area the level held and its dates, what the next level
 * still needs, the scorecards that counted and those that were practice only (with why), and the
 * levels held before. What the core lets the viewer see is what is shown; nothing, if it refuses.
 */
/** What the path shows, for the person page to ask for while it still waits for the person. */
export const pathQuery = (repId: string): QuerySpec<CertificationStatus[]> => ({ key: `cert:path:${repId}`, load: (a) => a.invoke('certifications:list', { repId }) });

export function CertificationPath({ repId }: { repId: string }) {
  const { t } = useI18n();
  const path = pathQuery(repId);
  const list = useApiQuery(path.key, path.load, refreshOn);
  const ref = useRef<HTMLElement>(null);
  const [rulesOpen, setRulesOpen] = useState(false);
  const ready = list.data !== undefined;
  useEffect(() => {
    // The matrix links here with ?section=certification: bring the path into view once it is drawn.
    if (ready && new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('section') === pathSection) ref.current?.scrollIntoView({ block: 'start' });
  }, [ready]);
  if (list.error instanceof ApiError && list.error.code === 'forbidden') return null;
  let body;
  if (list.error && !list.data) body = <ErrorNotice error={list.error} onRetry={list.reload} />;
  else if (!list.data)
    body = (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );
  else body = <PathView statuses={list.data.filter((s) => s.rep.id === repId)} />;
  return (
    <section className="cert-path" aria-labelledby="cert-path-title" id={pathSection} ref={ref}>
      <h2 id="cert-path-title" className="section-heading">
        {t('cert.path.title')}
      </h2>
      <p className="muted small">
        {t('cert.path.subtitle')}{' '}
        <button type="button" className="link-button" onClick={() => setRulesOpen(true)}>
          {t('cert.program.open')}
        </button>
      </p>
      {rulesOpen ? <ProgramDialog onClose={() => setRulesOpen(false)} /> : null}
      {body}
    </section>
  );
}

function PathView({ statuses }: { statuses: CertificationStatus[] }) {
  const { t } = useI18n();
  const levelName = useLevelName();
  const nothing = statuses.every((s) => s.level === null && s.history.length === 0 && s.verdicts.length === 0);
  if (nothing) {
    const first = statuses[0]?.missing.find((m) => m.kind === 'roleplays');
    return (
      <div className="card cert-empty" data-testid="cert-path-empty">
        <h3 className="card__title">{t('cert.path.empty.title')}</h3>
        <p className="muted">
          {first ? t('cert.path.empty.body', { level: levelName(first.level), count: first.required, score: first.minScore }) : t('cert.path.empty.bodyNoAreas')}
        </p>
      </div>
    );
  }
  return (
    <div className="cert-areas">
      {statuses.map((s) => (
        <AreaPath key={s.focusArea.id} status={s} />
      ))}
    </div>
  );
}

function AreaPath({ status: s }: { status: CertificationStatus }) {
  const { t, focusName } = useI18n();
  const levelName = useLevelName();
  const day = useDay();
  const titleId = `cert-area-${s.focusArea.id}`;
  const evidence = s.verdicts.filter((v) => v.counted);
  const practice = s.verdicts.filter((v) => !v.counted);
  const lapsed = s.state === 'expired';
  return (
    <article className="card cert-area" aria-labelledby={titleId} data-testid="cert-area">
      <header className="cert-area__head">
        <h3 id={titleId} className="card__title">
          {focusName(s.focusArea.name)}
        </h3>
        <StateBadge state={s.state} />
      </header>
      <p className="cert-area__level">
        <strong>{s.level ? levelName(s.level) : t('cert.noLevel')}</strong>
        {s.grantedAt ? (
          <>
            {' · '}
            {s.certifier ? t('cert.grantedBy', { date: day(s.grantedAt), name: s.certifier.name }) : t('cert.granted', { date: day(s.grantedAt) })}
            {' · '}
            {s.expiresAt ? t(lapsed ? 'cert.expired' : 'cert.expires', { date: day(s.expiresAt) }) : t('cert.noExpiry')}
          </>
        ) : null}
      </p>
      {s.code ? (
        <p className="small muted cert-certificate" data-certificate-code={s.code}>
          <a href={hrefFor(certificatePath(s.code))}>{t('cert.certificate')}</a>
          {' · '}
          {t('cert.code', { code: s.code })}
        </p>
      ) : null}
      <NextStep status={s} />
      <div className="cert-cards">
        <div>
          <h4 className="section-title">{t('cert.evidence.title')}</h4>
          {evidence.length === 0 ? <p className="small muted">{t(s.level ? 'cert.evidence.none' : 'cert.evidence.noneYet')}</p> : <VerdictList verdicts={evidence} />}
        </div>
        {practice.length > 0 ? (
          <div>
            <h4 className="section-title">{t('cert.practice.title')}</h4>
            <VerdictList verdicts={practice} />
          </div>
        ) : null}
      </div>
      {s.history.length > 0 ? <History status={s} /> : null}
    </article>
  );
}

function NextStep({ status: s }: { status: CertificationStatus }) {
  const { t } = useI18n();
  const day = useDay();
  const levelName = useLevelName();
  const { missing } = s;
  if (missing.length === 0) {
    return <p className="cert-next__top">{s.nextOpensAt ? t('cert.top', { date: day(s.nextOpensAt) }) : t('cert.topForever')}</p>;
  }
  const renewal = missing.find((m) => m.kind === 'renewal');
  const level = levelName(missing[0]!.level);
  // A lone wait is a level already met that is granted on its date.
  const metAndWaiting = missing.length === 1 && missing[0]!.kind === 'wait';
  return (
    <div className="cert-next">
      <h4 className="section-title">{renewal ? t('cert.renewal.title', { level }) : t('cert.next.title', { level })}</h4>
      <ul className="plain-list cert-checklist">
        {missing.map((m, i) => (
          <ChecklistItems key={i} item={m} metAndWaiting={metAndWaiting} t={t} day={day} />
        ))}
      </ul>
    </div>
  );
}

/** "Seller talk time (%) at most 60": a conversation-metric range the level asks of each role-play. */
function metricBoundText(bound: MetricBound, t: Translate): string {
  const metric = t(`cert.metric.${bound.metricKey}`);
  if (bound.min !== null && bound.max !== null) return t('cert.item.metric.range', { metric, min: bound.min, max: bound.max });
  return bound.min !== null ? t('cert.item.metric.min', { metric, min: bound.min }) : t('cert.item.metric.max', { metric, max: bound.max ?? 0 });
}

function ChecklistItems({ item, metAndWaiting, t, day }: { item: MissingItem; metAndWaiting: boolean; t: Translate; day: (iso: string) => string }) {
  const rows: { met: boolean; text: string }[] = [];
  if (item.kind === 'roleplays') {
    rows.push({ met: item.remaining === 0, text: t('cert.item.roleplays', { score: item.minScore, have: item.required - item.remaining, required: item.required }) });
    for (const b of item.blockers) rows.push({ met: item.remaining === 0, text: t('cert.item.blocker', { score: b.minScore, criterion: b.criterionName }) });
    for (const m of item.metrics ?? []) rows.push({ met: item.remaining === 0, text: metricBoundText(m, t) });
  } else if (item.kind === 'renewal') {
    rows.push({ met: false, text: t('cert.item.renewal', { score: item.minScore }) });
    for (const b of item.blockers) rows.push({ met: false, text: t('cert.item.blocker', { score: b.minScore, criterion: b.criterionName }) });
    for (const m of item.metrics ?? []) rows.push({ met: false, text: metricBoundText(m, t) });
  } else if (metAndWaiting) {
    rows.push({ met: true, text: t('cert.item.waitMet', { date: day(item.until) }) });
  } else {
    rows.push({ met: false, text: t('cert.item.wait', { date: day(item.until) }) });
  }
  return (
    <>
      {rows.map((r, i) => (
        <li key={i} className={`cert-check ${r.met ? 'is-met' : 'is-missing'}`}>
          <span className="cert-check__mark" aria-hidden="true">
            {r.met ? '✓' : '○'}
          </span>
          <span className="visually-hidden">{r.met ? t('cert.met') : t('cert.missing')}: </span>
          {r.text}
        </li>
      ))}
    </>
  );
}

/** Newest first; past the first few, the older ones fold away so a busy area stays short. */
const shownVerdicts = 3;

function VerdictList({ verdicts }: { verdicts: Verdict[] }) {
  const { t } = useI18n();
  const newest = [...verdicts].reverse();
  const older = newest.slice(shownVerdicts);
  return (
    <>
      <ul className="plain-list link-list cert-verdicts">
        {newest.slice(0, shownVerdicts).map((v) => (
          <VerdictItem key={v.scorecardId} verdict={v} />
        ))}
      </ul>
      {older.length > 0 ? (
        <details className="cert-older">
          <summary className="small">{t('cert.verdicts.more', { count: older.length })}</summary>
          <ul className="plain-list link-list cert-verdicts">
            {older.map((v) => (
              <VerdictItem key={v.scorecardId} verdict={v} />
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

function VerdictItem({ verdict: v }: { verdict: Verdict }) {
  const { t, shipped } = useI18n();
  const levelName = useLevelName();
  const day = useDay();
  return (
        <li>
          <a href={hrefFor(scorecardPath(v.scorecardId))}>
            {t('cert.scorecard', { date: day(v.at), reviewer: v.reviewer.name, score: v.overall === null ? t('cert.scorecard.noScore') : String(Math.round(v.overall)) })}
          </a>
          {v.reason ? (
            <span className="small muted">
              {' — '}
              {t(`cert.reason.${v.reason}`, {
                reviewer: v.reviewer.name,
                level: levelName(v.level),
                criterion: shipped(v.criterionName ?? ''),
                metric: v.metricKey ? t(`cert.metric.${v.metricKey}`) : '',
              })}
            </span>
          ) : null}
        </li>
  );
}

function History({ status: s }: { status: CertificationStatus }) {
  const { t } = useI18n();
  const levelName = useLevelName();
  const day = useDay();
  return (
    <details className="cert-history">
      <summary>{t('cert.history.title')}</summary>
      <ol className="plain-list">
        {[...s.history].reverse().map((h) => (
          <li key={h.code} data-certificate-code={h.code}>
            <a href={hrefFor(certificatePath(h.code))}>
              {t(h.kind === 'renewal' ? 'cert.history.renewal' : 'cert.history.grant', { level: levelName(h.level), date: day(h.grantedAt) })}
            </a>
            {h.expiredAt ? (
              <span className="badge badge--danger cert-history__lapsed">{t('cert.history.lapsed', { date: day(h.expiredAt) })}</span>
            ) : h.expiresAt ? (
              <span className="muted"> · {t('cert.history.until', { date: day(h.expiresAt) })}</span>
            ) : null}
            {h.evidence.length > 0 ? (
              <ul className="plain-list link-list cert-history__evidence">
                {h.evidence.map((e) => (
                  <li key={e.scorecardId} className="small">
                    <a href={hrefFor(scorecardPath(e.scorecardId))}>{t('cert.scorecard', { date: day(e.at), reviewer: e.reviewer.name, score: String(Math.round(e.overall)) })}</a>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
