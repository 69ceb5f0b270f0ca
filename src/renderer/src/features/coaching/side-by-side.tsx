import type { SessionScorecards, SubmittedScorecard } from '../../../../shared/scorecards';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { Badge } from '../../ui/badge';
import { scorecardPath } from './paths';
import { RecordingPlayer, usePlayer, type Player } from './recording-player';
import { MomentLink } from './scorecard-form';
import { sessionLabel } from './session-label';

interface Row {
  key: string;
  name: string;
  version: number;
}

/** Criteria of every scorecard lined up by key, so scorecards on different template versions share rows. */
function criterionRows(cards: SubmittedScorecard[]): Row[] {
  const rows = new Map<string, Row>();
  for (const card of cards) {
    for (const c of card.template.criteria) {
      const row = rows.get(c.key);
      if (!row) rows.set(c.key, { key: c.key, name: c.name, version: card.templateVersion });
      else if (card.templateVersion > row.version) Object.assign(row, { name: c.name, version: card.templateVersion });
    }
  }
  return [...rows.values()];
}

function sectionRows(cards: SubmittedScorecard[]): { key: string; title: string }[] {
  const rows = new Map<string, string>();
  for (const card of cards) for (const s of card.template.sections) if (!rows.has(s.key)) rows.set(s.key, s.title);
  return [...rows].map(([key, title]) => ({ key, title }));
}

function cell(card: SubmittedScorecard, key: string) {
  const criterion = card.template.criteria.find((c) => c.key === key);
  if (!criterion) return null;
  const score = card.scores.find((s) => s.criterionId === criterion.id);
  return score ? { criterion, score } : null;
}

/** Every submitted scorecard of one session next to each other: self, peers, coach. */
export function SideBySide({ group, linkToCards = false }: { group: SessionScorecards; linkToCards?: boolean }) {
  const { t, formatDateTime, formatSessionTime, focusName, shipped } = useI18n();
  const player = usePlayer();
  const cards = group.scorecards;
  const rows = criterionRows(cards);
  const sections = sectionRows(cards);
  const when = group.session.startsAt ? formatSessionTime(group.session.startsAt, group.session.timeZone) : null;
  const seekable: Player | null = group.recordingId ? player : null;

  return (
    <section className="card coaching-session" aria-label={t('coaching.about.sessionLabel', { focus: focusName(group.session.focusAreaName), when: when ?? '' })}>
      <header className="coaching-session__header">
        <h2 className="card__title">
          {focusName(group.session.focusAreaName)}
          <span className="muted"> · {sessionLabel(group.session.title, when) || t('coaching.session.adHoc')}</span>
        </h2>
      </header>
      {group.recordingId ? <RecordingPlayer recordingId={group.recordingId} player={player} /> : null}
      <div className="table-wrap">
        <table className="table coaching-compare">
          <caption className="visually-hidden">{t('coaching.about.caption', { name: group.reviewee.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('coaching.overall.criterion')}</th>
              {cards.map((card) => (
                <th scope="col" key={card.id}>
                  <span className="coaching-compare__reviewer">
                    {linkToCards ? <a href={hrefFor(scorecardPath(card.id))}>{card.reviewer.name}</a> : card.reviewer.name}
                  </span>
                  <Badge tone={card.role === 'coach' ? 'warning' : card.role === 'self' ? 'accent' : 'neutral'}>{t(`coaching.role.${card.role}`)}</Badge>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{shipped(row.name)}</th>
                {cards.map((card) => {
                  const found = cell(card, row.key);
                  if (!found) return <td key={card.id} className="muted">{t('coaching.about.notOnTemplate')}</td>;
                  const { criterion, score } = found;
                  return (
                    <td key={card.id}>
                      <span className="coaching-compare__score" title={score.score ? shipped(criterion.anchors[score.score - 1]!) : undefined}>
                        {score.score ?? '—'}
                      </span>
                      {score.score ? <span className="visually-hidden">{shipped(criterion.anchors[score.score - 1]!)}</span> : null}
                      {score.comment ? <p className="coaching-compare__comment">{score.comment}</p> : null}
                      {score.evidence.length ? (
                        <ul className="coaching-evidence__list">
                          {score.evidence.map((e, i) => (
                            <li key={i}>
                              <MomentLink atMs={e.atMs} player={seekable} />
                              <span>{e.note}</span>
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr className="coaching-compare__overall">
              <th scope="row">{t('coaching.overall.title')}</th>
              {cards.map((card) => (
                <td key={card.id}>
                  <strong>{card.computation.normalized === null ? '—' : Math.round(card.computation.normalized)}</strong>
                  <span className="muted"> / 100</span>
                </td>
              ))}
            </tr>
            {sections.map((section) => (
              <tr key={section.key}>
                <th scope="row">{shipped(section.title)}</th>
                {cards.map((card) => (
                  <td key={card.id} className="coaching-compare__text">
                    {card.sections[section.key] || <span className="muted">—</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted coaching-session__foot">
        {cards
          .map((card) =>
            t('coaching.about.submittedBy', {
              name: card.reviewer.name,
              at: formatDateTime(card.submittedAt),
              revision: card.revision,
              template: `${shipped(card.template.name)} v${card.templateVersion}`,
            }),
          )
          .join(' · ')}
      </p>
    </section>
  );
}
