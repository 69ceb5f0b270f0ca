import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';

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
 * The scenario and the persona the buyer plays, in view before and during the take. How to play
 * the buyer is folded away: the library keeps it from the seller.
 */
export function RoleplayBrief({ scenarioId }: { scenarioId: string }) {
  const { t } = useI18n();
  const scenarios = useApiQuery('scenarios:all', (a) => a.invoke('scenarios:list', { includeArchived: true }), ['library:changed']);
  const personas = useApiQuery('personas:all', (a) => a.invoke('personas:list', { includeArchived: true }), ['library:changed']);
  const scenario = scenarios.data?.find((s) => s.id === scenarioId);
  const persona = personas.data?.find((p) => p.id === scenario?.personaId);
  if (!scenario) return null;
  return (
    <section className="card record-section brief" aria-labelledby="record-brief">
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
          <Lines title={t('library.field.pains')} items={persona.pains} />
          <Lines title={t('library.field.objections')} items={persona.objections} />
        </div>
      ) : null}
      {scenario.buyerNotes ? (
        <details className="brief__buyer">
          <summary>{t('record.brief.buyerNotes')}</summary>
          <p>{scenario.buyerNotes}</p>
        </details>
      ) : null}
    </section>
  );
}
