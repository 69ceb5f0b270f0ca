import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { localizePersona, localizeScenario } from '../../i18n/shipped-content';

function Lines({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <>
      <h4 className="brief__heading">{title}</h4>
      <ul className="brief__list">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  );
}

/**
 * The scenario and the persona the buyer plays, in view before and during the take. For a session
 * the core answers the brief as the caller may see it: its seller gets it without the buyer's
 * side. An ad-hoc role-play not yet made has no seller on record, so the buyer's side is folded
 * away under a heading that says whom it is for.
 */
export function RoleplayBrief({ scenarioId, sessionId }: { scenarioId: string; sessionId?: string | null }) {
  const { t, shipped } = useI18n();
  const forSession = useApiQuery(
    `scenarios:brief:${sessionId ?? ''}`,
    (a) => (sessionId ? a.invoke('scenarios:brief', { sessionId }) : Promise.resolve(null)),
    ['library:changed', 'sessions:changed'],
  );
  const scenarios = useApiQuery('scenarios:all', (a) => (sessionId ? Promise.resolve(null) : a.invoke('scenarios:list', { includeArchived: true })), ['library:changed']);
  const personas = useApiQuery('personas:all', (a) => (sessionId ? Promise.resolve(null) : a.invoke('personas:list', { includeArchived: true })), ['library:changed']);
  const storedScenario = sessionId ? forSession.data?.scenario : scenarios.data?.find((s) => s.id === scenarioId);
  const storedPersona = sessionId ? forSession.data?.persona : personas.data?.find((p) => p.id === storedScenario?.personaId);
  // The shipped library in the reader's language, as on Today.
  const scenario = storedScenario ? localizeScenario(storedScenario, shipped) : null;
  const persona = storedPersona ? localizePersona(storedPersona, shipped) : null;
  const withheld = forSession.data?.withheld ?? false;
  if (!scenario) return null;
  const buyerSide = persona ? [...persona.pains, ...persona.objections].length > 0 || scenario.buyerNotes !== '' : scenario.buyerNotes !== '';
  return (
    <section className="card record-section brief" aria-labelledby="record-brief" data-testid="roleplay-brief">
      <h2 id="record-brief" className="card__title">{t('record.brief.title', { title: scenario.title })}</h2>
      {scenario.setup ? <p>{scenario.setup}</p> : null}
      {scenario.sellerGoal ? (
        <>
          <h3 className="brief__heading">{t('library.field.sellerGoal')}</h3>
          <p>{scenario.sellerGoal}</p>
        </>
      ) : null}
      {persona ? (
        <div className="brief__persona">
          <h3 className="brief__heading">{t('record.brief.buyerPlays', { name: persona.name })}</h3>
          <p className="muted">{[persona.role, persona.company].filter(Boolean).join(', ')}</p>
          {persona.situation ? <p>{persona.situation}</p> : null}
        </div>
      ) : null}
      {withheld ? (
        <p className="notice notice--muted" data-testid="brief-withheld">
          {t('today.sellerHidden')}
        </p>
      ) : buyerSide ? (
        <details className="brief__buyer" open={Boolean(sessionId)}>
          <summary>{t('record.brief.buyerNotes')}</summary>
          {persona ? (
            <>
              <Lines title={t('library.field.pains')} items={persona.pains} />
              <Lines title={t('library.field.objections')} items={persona.objections} />
            </>
          ) : null}
          {scenario.buyerNotes ? <p>{scenario.buyerNotes}</p> : null}
        </details>
      ) : null}
    </section>
  );
}
