import { useState } from 'react';
import type { RubricTemplate, TemplateFields } from '../../../../shared/scorecards';
import { ApiError } from '../../api/api';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { hrefFor } from '../../app/routes';
import { localizeTemplate } from '../../i18n/shipped-content';
import { useI18n, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/en';
import { ErrorNotice } from '../../ui/error-notice';
import { BackIcon, PlusIcon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import { goTo, tabPath } from './paths';
import { useFocusHeadingIfLost } from './use-focus-heading';

interface EditorCriterion {
  uid: number;
  key?: string;
  name: string;
  description: string;
  weight: string;
  required: boolean;
  anchors: string[];
}

interface EditorSection {
  uid: number;
  key?: string;
  title: string;
  prompt: string;
  required: boolean;
}

interface EditorState {
  focusAreaId: string;
  name: string;
  description: string;
  isDefault: boolean;
  criteria: EditorCriterion[];
  sections: EditorSection[];
}

let nextUid = 1;
const uid = () => nextUid++;

const emptyCriterion = (): EditorCriterion => ({ uid: uid(), name: '', description: '', weight: '1', required: true, anchors: ['', '', '', '', ''] });

function fromTemplate(template: RubricTemplate): EditorState {
  return {
    focusAreaId: template.focusAreaId,
    name: template.name,
    description: template.description,
    isDefault: template.isDefault,
    criteria: template.criteria.map((c) => ({ uid: uid(), key: c.key, name: c.name, description: c.description, weight: String(c.weight), required: c.required, anchors: [...c.anchors] })),
    sections: template.sections.map((s) => ({ uid: uid(), ...s })),
  };
}

function blank(focusAreaId: string, t: Translate): EditorState {
  return {
    focusAreaId,
    name: '',
    description: '',
    isDefault: false,
    criteria: [emptyCriterion()],
    sections: [
      { uid: uid(), title: t('coaching.editor.defaultSection.wentWell'), prompt: '', required: false },
      { uid: uid(), title: t('coaching.editor.defaultSection.improve'), prompt: '', required: false },
      { uid: uid(), title: t('coaching.editor.defaultSection.next'), prompt: '', required: true },
    ],
  };
}

function toFields(state: EditorState): TemplateFields {
  return {
    focusAreaId: state.focusAreaId,
    name: state.name,
    description: state.description,
    isDefault: state.isDefault,
    criteria: state.criteria.map((c) => ({
      ...(c.key ? { key: c.key } : {}),
      name: c.name,
      description: c.description,
      weight: c.weight.trim() === '' ? Number.NaN : Number(c.weight.replace(',', '.')),
      required: c.required,
      anchors: c.anchors,
    })),
    sections: state.sections.map((s) => ({ ...(s.key ? { key: s.key } : {}), title: s.title, prompt: s.prompt, required: s.required })),
  };
}

/** The core's validation messages that this screen knows how to say in every language. */
const knownIssues: Record<string, MessageKey> = {
  'A template needs at least one criterion': 'coaching.editor.error.noCriteria',
  'Another criterion already has this name': 'coaching.editor.error.duplicateName',
  'The weights add up to zero; give at least one criterion a weight above 0': 'coaching.editor.error.weightsZero',
  'Say what the reviewer sees or hears at this level': 'coaching.editor.error.anchor',
  'Describe all five levels, 1 to 5': 'coaching.editor.error.anchor',
  'Name the criterion': 'coaching.editor.error.criterionName',
  'Name the template': 'coaching.editor.error.templateName',
  'Name the section': 'coaching.editor.error.sectionTitle',
  'Another section already has this title': 'coaching.editor.error.duplicateSection',
  'A weight cannot be negative': 'coaching.editor.error.weight',
  'Keep weights at 100 or less': 'coaching.editor.error.weight',
};

function issuesOf(error: unknown, t: Translate): Map<string, string> {
  const map = new Map<string, string>();
  if (!(error instanceof ApiError)) return map;
  for (const issue of error.issues) {
    let path = issue.path.replace(/^fields\./, '');
    // "criteria.0.anchors.3" belongs to the anchor; a bad number anywhere in weight is the weight.
    if (/^criteria\.\d+\.weight/.test(path)) path = path.replace(/(weight).*/, '$1');
    const known = knownIssues[issue.message];
    const message = known ? t(known) : /weight/.test(path) ? t('coaching.editor.error.weight') : issue.message;
    if (!map.has(path)) map.set(path, message);
  }
  return map;
}

export function TemplateEditorPage({ id, focusAreaId }: { id: string; focusAreaId: string | null }) {
  const { t } = useI18n();
  const isNew = id === 'new';
  const template = useApiQuery(`template:${id}`, (a) => (isNew ? Promise.resolve(null) : a.invoke('rubric-templates:get', { id })));
  const areas = useApiQuery('focus-areas', (a) => a.invoke('focus-areas:list', {}), ['focus-areas:changed']);
  if (template.error) {
    return (
      <div className="page">
        <BackToTemplates />
        <PageTitle className="visually-hidden">{t('coaching.editor.editTitle')}</PageTitle>
        <ErrorNotice error={template.error} onRetry={template.reload} />
      </div>
    );
  }
  if (template.loading || !areas.data) return <p className="muted page">{t('common.loading')}</p>;
  return <TemplateEditor key={id} template={template.data ?? null} focusAreaId={focusAreaId ?? areas.data[0]?.id ?? 'discovery'} areas={areas.data} />;
}

function BackToTemplates() {
  const { t } = useI18n();
  return (
    <a className="back-link" href={hrefFor(tabPath('templates'))}>
      <BackIcon size={16} /> {t('coaching.tab.templates')}
    </a>
  );
}

function TemplateEditor({ template, focusAreaId, areas }: { template: RubricTemplate | null; focusAreaId: string; areas: { id: string; name: string }[] }) {
  const { t, focusName, shipped } = useI18n();
  const api = useApi();
  const toast = useToast();
  // A shipped template opens in the language it is read in; saving it makes the text the team's own.
  const [state, setState] = useState<EditorState>(() => (template ? fromTemplate(localizeTemplate(template, shipped)) : blank(focusAreaId, t)));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const issues = issuesOf(error, t);
  useFocusHeadingIfLost();

  const setCriterion = (index: number, patch: Partial<EditorCriterion>) =>
    setState((s) => ({ ...s, criteria: s.criteria.map((c, i) => (i === index ? { ...c, ...patch } : c)) }));
  const setSection = (index: number, patch: Partial<EditorSection>) =>
    setState((s) => ({ ...s, sections: s.sections.map((c, i) => (i === index ? { ...c, ...patch } : c)) }));
  const move = <T,>(list: T[], from: number, to: number): T[] => {
    const copy = [...list];
    const [item] = copy.splice(from, 1);
    copy.splice(to, 0, item!);
    return copy;
  };

  const weights = state.criteria.map((c) => Number(c.weight.replace(',', '.')));
  const weightSum = weights.reduce((sum, w) => sum + (Number.isFinite(w) && w > 0 ? w : 0), 0);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const fields = toFields(state);
      const saved = template
        ? await api.invoke('rubric-templates:update', { id: template.id, fields })
        : await api.invoke('rubric-templates:create', fields);
      if (!template) toast.show({ tone: 'success', message: t('coaching.editor.created', { name: saved.name }) });
      else if (saved.version > template.version) {
        toast.show({ tone: 'success', message: t('coaching.editor.newVersion', { version: saved.version, old: template.version }) });
      } else toast.show({ tone: 'success', message: t('coaching.editor.saved') });
      goTo(tabPath('templates'));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const title = template ? t('coaching.editor.editTitle') : t('coaching.editor.newTitle');
  const describedError = (path: string) => (issues.has(path) ? { 'aria-invalid': true as const, 'aria-describedby': `err-${path}` } : {});
  const errorText = (path: string) =>
    issues.has(path) ? (
      <p id={`err-${path}`} className="field__error">
        {issues.get(path)}
      </p>
    ) : null;

  return (
    <div className="page page--narrow">
      <BackToTemplates />
      <header className="page-header">
        <div>
          <PageTitle>{title}</PageTitle>
          {template ? (
            <p className="page-subtitle">
              {template.usedBy
                ? t('coaching.editor.usedNotice', { version: template.version, count: template.usedBy, next: template.version + 1 })
                : t('coaching.editor.unusedNotice', { version: template.version })}
            </p>
          ) : (
            <p className="page-subtitle">{t('coaching.editor.newIntro')}</p>
          )}
        </div>
      </header>

      <form
        className="form coaching-editor"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {error && issues.size === 0 ? <ErrorNotice error={error} /> : null}
        {issues.size ? (
          <div className="notice notice--error" role="alert">
            <p className="notice__title">{t('coaching.editor.fixErrors', { count: issues.size })}</p>
          </div>
        ) : null}
        <div className="form__section">
          <div className="field">
            <label className="field__label" htmlFor="tpl-name">
              {t('coaching.editor.name')}
            </label>
            <input id="tpl-name" className="input" value={state.name} maxLength={120} onChange={(e) => setState({ ...state, name: e.target.value })} {...describedError('name')} />
            {errorText('name')}
          </div>
          <div className="field">
            <label className="field__label" htmlFor="tpl-description">
              {t('coaching.editor.description')}
            </label>
            <textarea id="tpl-description" className="input coaching-textarea" rows={2} value={state.description} onChange={(e) => setState({ ...state, description: e.target.value })} />
          </div>
          <div className="coaching-row">
            <div className="field">
              <label className="field__label" htmlFor="tpl-focus">
                {t('coaching.editor.focusArea')}
              </label>
              <select id="tpl-focus" className="input" value={state.focusAreaId} onChange={(e) => setState({ ...state, focusAreaId: e.target.value })} {...describedError('focusAreaId')}>
                {areas.map((a) => (
                  <option key={a.id} value={a.id}>
                    {focusName(a.name)}
                  </option>
                ))}
              </select>
              {errorText('focusAreaId')}
            </div>
            <label className="toggle coaching-editor__default">
              <input type="checkbox" className="checkbox" checked={state.isDefault} onChange={(e) => setState({ ...state, isDefault: e.target.checked })} />
              {t('coaching.editor.isDefault')}
            </label>
          </div>
        </div>

        <fieldset className="form__section">
          <legend className="form__legend">{t('coaching.editor.criteria')}</legend>
          <p className="form__intro">{t('coaching.editor.criteriaIntro')}</p>
          {errorText('criteria')}
          {state.criteria.map((c, index) => {
            const base = `criteria.${index}`;
            const share = weightSum > 0 && Number.isFinite(weights[index]) && weights[index]! > 0 ? Math.round((weights[index]! / weightSum) * 100) : 0;
            return (
              <fieldset key={c.uid} className="card coaching-editor__criterion">
                <legend className="coaching-editor__legend">{t('coaching.editor.criterionN', { n: index + 1, name: c.name || '…' })}</legend>
                <div className="coaching-row">
                  <div className="field coaching-editor__grow">
                    <label className="field__label" htmlFor={`c-${c.uid}-name`}>
                      {t('coaching.editor.criterionName')}
                    </label>
                    <input id={`c-${c.uid}-name`} className="input" value={c.name} maxLength={120} onChange={(e) => setCriterion(index, { name: e.target.value })} {...describedError(`${base}.name`)} />
                    {errorText(`${base}.name`)}
                  </div>
                  <div className="field">
                    <label className="field__label" htmlFor={`c-${c.uid}-weight`}>
                      {t('coaching.editor.weight')}
                    </label>
                    <input
                      id={`c-${c.uid}-weight`}
                      className="input input--number"
                      inputMode="decimal"
                      value={c.weight}
                      onChange={(e) => setCriterion(index, { weight: e.target.value })}
                      {...describedError(`${base}.weight`)}
                    />
                    <p className="field__hint">{t('coaching.editor.share', { share })}</p>
                    {errorText(`${base}.weight`)}
                  </div>
                </div>
                <div className="field">
                  <label className="field__label" htmlFor={`c-${c.uid}-description`}>
                    {t('coaching.editor.criterionDescription')}
                  </label>
                  <textarea
                    id={`c-${c.uid}-description`}
                    className="input coaching-textarea"
                    rows={2}
                    value={c.description}
                    onChange={(e) => setCriterion(index, { description: e.target.value })}
                  />
                </div>
                <label className="toggle">
                  <input type="checkbox" className="checkbox" checked={c.required} onChange={(e) => setCriterion(index, { required: e.target.checked })} />
                  {t('coaching.editor.required')}
                </label>
                <p className="field__hint">{t('coaching.editor.anchorsIntro')}</p>
                {errorText(`${base}.anchors`)}
                {c.anchors.map((anchor, level) => (
                  <div className="field coaching-editor__anchor" key={level}>
                    <label className="field__label" htmlFor={`c-${c.uid}-a${level}`}>
                      {t('coaching.editor.level', { level: level + 1 })}
                    </label>
                    <textarea
                      id={`c-${c.uid}-a${level}`}
                      className="input coaching-textarea"
                      rows={2}
                      value={anchor}
                      onChange={(e) => setCriterion(index, { anchors: c.anchors.map((a, i) => (i === level ? e.target.value : a)) })}
                      {...describedError(`${base}.anchors.${level}`)}
                    />
                    {errorText(`${base}.anchors.${level}`)}
                  </div>
                ))}
                <div className="page-actions">
                  <button type="button" className="button button--ghost button--small" disabled={index === 0} onClick={() => setState({ ...state, criteria: move(state.criteria, index, index - 1) })}>
                    {t('coaching.editor.moveUp')}
                  </button>
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    disabled={index === state.criteria.length - 1}
                    onClick={() => setState({ ...state, criteria: move(state.criteria, index, index + 1) })}
                  >
                    {t('coaching.editor.moveDown')}
                  </button>
                  <button type="button" className="button button--danger button--small" onClick={() => setState({ ...state, criteria: state.criteria.filter((_, i) => i !== index) })}>
                    {t('coaching.editor.remove')}
                  </button>
                </div>
              </fieldset>
            );
          })}
          <button type="button" className="button button--secondary" onClick={() => setState({ ...state, criteria: [...state.criteria, emptyCriterion()] })}>
            <PlusIcon size={16} /> {t('coaching.editor.addCriterion')}
          </button>
        </fieldset>

        <fieldset className="form__section">
          <legend className="form__legend">{t('coaching.editor.sections')}</legend>
          <p className="form__intro">{t('coaching.editor.sectionsIntro')}</p>
          {state.sections.map((s, index) => (
            <div key={s.uid} className="coaching-row coaching-editor__section">
              <div className="field coaching-editor__grow">
                <label className="field__label" htmlFor={`s-${s.uid}-title`}>
                  {t('coaching.editor.sectionTitle')}
                </label>
                <input id={`s-${s.uid}-title`} className="input" value={s.title} onChange={(e) => setSection(index, { title: e.target.value })} {...describedError(`sections.${index}.title`)} />
                {errorText(`sections.${index}.title`)}
              </div>
              <div className="field coaching-editor__grow">
                <label className="field__label" htmlFor={`s-${s.uid}-prompt`}>
                  {t('coaching.editor.sectionPrompt')}
                </label>
                <input id={`s-${s.uid}-prompt`} className="input" value={s.prompt} onChange={(e) => setSection(index, { prompt: e.target.value })} />
              </div>
              <label className="toggle">
                <input type="checkbox" className="checkbox" checked={s.required} onChange={(e) => setSection(index, { required: e.target.checked })} />
                {t('coaching.editor.required')}
              </label>
              <button type="button" className="button button--ghost button--small" onClick={() => setState({ ...state, sections: state.sections.filter((_, i) => i !== index) })}>
                {t('coaching.editor.remove')}
                <span className="visually-hidden"> {s.title}</span>
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setState({ ...state, sections: [...state.sections, { uid: uid(), title: '', prompt: '', required: false }] })}
          >
            <PlusIcon size={16} /> {t('coaching.editor.addSection')}
          </button>
        </fieldset>

        <div className="page-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('coaching.editor.save')}
          </button>
          <a className="button button--ghost" href={hrefFor(tabPath('templates'))}>
            {t('common.cancel')}
          </a>
        </div>
      </form>
    </div>
  );
}
