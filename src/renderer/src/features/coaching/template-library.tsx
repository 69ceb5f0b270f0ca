import { useState } from 'react';
import type { RubricTemplate } from '../../../../shared/scorecards';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { localizeTemplate } from '../../i18n/shipped-content';
import { Badge } from '../../ui/badge';
import { ErrorNotice } from '../../ui/error-notice';
import { ArchiveIcon, EditIcon, PlusIcon, RestoreIcon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import { useMay } from '../hub/access-gate';
import { templatePath } from './paths';

/** Rubric templates by focus area, each readable in full: criteria, weights and what every level looks like. */
export function TemplateLibraryTab() {
  const may = useMay();
  const { t, focusName } = useI18n();
  const templates = useApiQuery('templates', (a) => a.invoke('rubric-templates:list', { includeArchived: true }), ['rubric-templates:changed']);
  const areas = useApiQuery('focus-areas', (a) => a.invoke('focus-areas:list', {}), ['focus-areas:changed']);
  if (templates.error && !templates.data) return <ErrorNotice error={templates.error} onRetry={templates.reload} />;
  if (!templates.data || !areas.data) return <p className="muted">{t('common.loading')}</p>;
  const list = templates.data;
  return (
    <div className="coaching-stack">
      {areas.data.map((area) => {
        const forArea = list.filter((tpl) => tpl.focusAreaId === area.id);
        return (
          <section key={area.id} aria-labelledby={`area-${area.id}`} className="coaching-area">
            <div className="coaching-area__header">
              <h2 id={`area-${area.id}`} className="section-title">
                {focusName(area.name)}
              </h2>
              {may('rubric-templates:create') ? (
                <a className="button button--ghost button--small" data-action="rubric-templates:create" href={hrefFor(templatePath('new', area.id))}>
                  <PlusIcon size={16} /> {t('coaching.templates.new')}
                  <span className="visually-hidden"> {t('coaching.templates.newFor', { focus: focusName(area.name) })}</span>
                </a>
              ) : null}
            </div>
            {forArea.length === 0 ? <p className="muted">{t('coaching.templates.none')}</p> : null}
            {forArea.map((tpl) => (
              <TemplateCard key={tpl.id} template={tpl} />
            ))}
          </section>
        );
      })}
    </div>
  );
}

function TemplateCard({ template: stored }: { template: RubricTemplate }) {
  const may = useMay();
  const { t, locale, shipped } = useI18n();
  const template = localizeTemplate(stored, shipped);
  const api = useApi();
  const toast = useToast();
  const [error, setError] = useState<unknown>(null);

  async function setArchived(archived: boolean) {
    setError(null);
    try {
      await api.invoke('rubric-templates:archive', { id: template.id, archived });
      toast.show({ message: archived ? t('coaching.templates.archived', { name: template.name }) : t('coaching.templates.restored', { name: template.name }) });
    } catch (e) {
      setError(e);
    }
  }

  return (
    <article className={`card coaching-template${template.archived ? ' is-archived' : ''}`} aria-labelledby={`tpl-${template.id}`}>
      <div className="coaching-template__header">
        <div>
          <h3 id={`tpl-${template.id}`} className="coaching-template__name">
            {template.name}
          </h3>
          <p className="muted">
            {t('coaching.templates.summary', { version: template.version, count: template.criteria.length })}
            {template.usedBy ? ` · ${t('coaching.templates.usedBy', { count: template.usedBy })}` : ''}
          </p>
        </div>
        <div className="badge-row">
          {template.isDefault ? <Badge tone="accent">{t('coaching.templates.default')}</Badge> : null}
          {template.builtin ? <Badge tone="neutral">{t('coaching.templates.builtin')}</Badge> : null}
          {template.archived ? <Badge tone="muted">{t('badge.archived')}</Badge> : null}
        </div>
        <div className="page-actions">
          {may('rubric-templates:update') ? (
            <a className="button button--secondary button--small" data-action="rubric-templates:update" href={hrefFor(templatePath(template.id))}>
              <EditIcon size={16} /> {t('common.edit')}
              <span className="visually-hidden"> {template.name}</span>
            </a>
          ) : null}
          {may('rubric-templates:archive') ? (
            <button type="button" className="button button--ghost button--small" data-action="rubric-templates:archive" onClick={() => void setArchived(!template.archived)}>
              {template.archived ? <RestoreIcon size={16} /> : <ArchiveIcon size={16} />}
              {template.archived ? t('coaching.templates.restore') : t('coaching.templates.archive')}
            </button>
          ) : null}
        </div>
      </div>
      {template.description ? <p>{template.description}</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
      <details className="coaching-template__details">
        <summary>{t('coaching.templates.showCriteria')}</summary>
        <ol className="coaching-template__criteria">
          {template.criteria.map((c) => (
            <li key={c.id}>
              <p>
                <strong>{c.name}</strong>{' '}
                <span className="muted">
                  {t('coaching.criterion.weight', { weight: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(c.weight) })} · {c.required ? t('coaching.criterion.required') : t('coaching.criterion.optional')}
                </span>
              </p>
              {c.description ? <p className="muted">{c.description}</p> : null}
              <ol className="coaching-anchors">
                {c.anchors.map((anchor, i) => (
                  <li key={i}>
                    <span className="coaching-level__score">{i + 1}</span> {anchor}
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ol>
        {template.sections.length ? (
          <>
            <p className="section-title">{t('coaching.templates.sections')}</p>
            <ul className="plain-list">
              {template.sections.map((s) => (
                <li key={s.key}>
                  <strong>{s.title}</strong>
                  {s.required ? ` (${t('coaching.criterion.required')})` : ''}
                  {s.prompt ? <span className="muted"> · {s.prompt}</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </details>
    </article>
  );
}
