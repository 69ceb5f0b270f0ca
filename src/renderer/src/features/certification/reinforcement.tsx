import './certification.css';
import type { ReinforcementCard, RepReinforcement } from '../../../../shared/certification';
import { ApiError } from '../../api/api';
import { useApiQuery, type QuerySpec } from '../../api/use-api-query';
import { hrefFor, personPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { useDay } from './certification-path';

/** What makes practice due again: shared by everything that asks `reinforcement:due`. */
export const reinforcementRefreshOn = ['scorecards:changed', 'sessions:changed', 'focus-areas:changed'] as const;
const dayMs = 86_400_000;

export const recallPercent = (r: number) => Math.round(r * 100);

/** Past its due day: the practice was due before today began. */
function overdue(dueAt: string, now = Date.now()): boolean {
  const today = new Date(now);
  return Date.parse(dueAt) < new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
}

function dueToday(dueAt: string, now = Date.now()): boolean {
  const today = new Date(now);
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  const at = Date.parse(dueAt);
  return at >= start && at < start + dayMs;
}

/** A rep's cards, for the person page to ask for while it still waits for the person. */
export const cardsQuery = (repId: string): QuerySpec<RepReinforcement[]> => ({ key: `reinforce:${repId}`, load: (a) => a.invoke('reinforcement:cards', { repId }) });

/** A rep's FSRS cards: per focus area and per rubric criterion, how likely they recall it today and when to practise next. */
export function ReinforcementSection({ repId }: { repId: string }) {
  const { t } = useI18n();
  const spec = cardsQuery(repId);
  const cards = useApiQuery(spec.key, spec.load, reinforcementRefreshOn);
  if (cards.error instanceof ApiError && cards.error.code === 'forbidden') return null;
  let body;
  if (cards.error && !cards.data) body = <ErrorNotice error={cards.error} onRetry={cards.reload} />;
  else if (!cards.data)
    body = (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );
  else {
    const mine = cards.data.find((r) => r.rep.id === repId)?.cards ?? [];
    const areas = mine.filter((c) => c.kind === 'focus-area');
    const criteria = mine.filter((c) => c.kind === 'criterion');
    body =
      mine.length === 0 ? (
        <p className="card muted" data-testid="reinforce-empty">
          {t('reinforce.empty')}
        </p>
      ) : (
        <div className="reinforce__grid">
          <CardList title={t('reinforce.areas')} cards={areas} />
          <CardList title={t('reinforce.criteria')} cards={criteria} />
        </div>
      );
  }
  return (
    <section className="reinforce" aria-labelledby="reinforce-title">
      <h2 id="reinforce-title" className="section-heading">
        {t('reinforce.title')}
      </h2>
      <p className="muted small">{t('reinforce.subtitle')}</p>
      {body}
    </section>
  );
}

function CardList({ title, cards }: { title: string; cards: ReinforcementCard[] }) {
  const { t, focusName, shipped } = useI18n();
  const day = useDay();
  if (cards.length === 0) return null;
  const sorted = [...cards].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return (
    <div className="card">
      <h3 className="card__title">{title}</h3>
      <ul className="plain-list recall-list" aria-label={title}>
        {sorted.map((c) => {
          const late = overdue(c.dueAt);
          return (
            <li key={`${c.kind}:${c.key}`} className="recall-list__item">
              <span className="recall-list__name">{c.kind === 'focus-area' ? focusName(c.name) : shipped(c.name)}</span>
              <span className="recall-list__detail small">
                <span className="recall-bar" aria-hidden="true">
                  <span style={{ width: `${recallPercent(c.retrievability)}%` }} />
                </span>
                {t('reinforce.recall', { percent: recallPercent(c.retrievability) })}
                {' · '}
                <span className={late ? 'is-overdue' : 'muted'}>
                  {t('reinforce.practiseBy', {
                    date: dueToday(c.dueAt) ? t('reinforce.dueToday') : t(late ? 'reinforce.overdue' : 'reinforce.dueOn', { date: day(c.dueAt) }),
                  })}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** At most this many reps on Today; the rest are a count, so the page stays calm. */
const shownReps = 5;

/**
 * Today's "Reinforcement due": the focus areas whose practice is due or overdue, mine first, then
 * (for whoever the core shows more) each rep's, linked to their page.
 */
export function ReinforcementDue({ me }: { me: string | null }) {
  const { t } = useI18n();
  const due = useApiQuery('reinforce:due', (a) => a.invoke('reinforcement:due', {}), reinforcementRefreshOn, { shared: true });
  if (due.error instanceof ApiError && due.error.code === 'forbidden') return null;
  if (due.error && !due.data) return <ErrorNotice error={due.error} onRetry={due.reload} />;
  if (!due.data) return null;
  const withAreas = due.data
    .map((r) => ({ ...r, cards: r.cards.filter((c) => c.kind === 'focus-area') }))
    .filter((r) => r.cards.length > 0);
  const mine = withAreas.find((r) => r.rep.id === me);
  const others = withAreas.filter((r) => r.rep.id !== me);
  return (
    <section className="card due" aria-labelledby="due-title" data-testid="reinforcement-due">
      <h2 id="due-title" className="card__title">
        {t('today.due.title')}
      </h2>
      {withAreas.length === 0 ? (
        <p className="muted">{t('today.due.none')}</p>
      ) : (
        <ul className="plain-list due-list">
          {mine ? (
            <li>
              <strong>{t('today.due.mine')}</strong>
              <DueAreas rep={mine} recall />
            </li>
          ) : null}
          {others.slice(0, shownReps).map((r) => (
            <li key={r.rep.id}>
              <a href={hrefFor(personPath(r.rep.id))}>{r.rep.name}</a>
              <DueAreas rep={r} />
            </li>
          ))}
          {others.length > shownReps ? <li className="muted small">{t('today.due.more', { count: others.length - shownReps })}</li> : null}
        </ul>
      )}
    </section>
  );
}

/** The rep's own list says how likely they recall each area; others' stay short. */
function DueAreas({ rep, recall = false }: { rep: RepReinforcement; recall?: boolean }) {
  const { t, focusName } = useI18n();
  const day = useDay();
  const weakest = [...rep.cards].sort((a, b) => a.retrievability - b.retrievability);
  return (
    <span className="small">
      {': '}
      {weakest
        .map((c) =>
          t(recall ? 'today.due.areaRecall' : 'today.due.area', {
            area: focusName(c.name),
            recall: t('reinforce.recall', { percent: recallPercent(c.retrievability) }),
            date: dueToday(c.dueAt) ? t('reinforce.dueToday') : day(c.dueAt),
          }),
        )
        .join(recall ? '; ' : ', ')}
    </span>
  );
}
