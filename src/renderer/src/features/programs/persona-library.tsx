import { useState } from 'react';
import type { Persona, Scenario } from '../../../../shared/programs';
import { ApiError } from '../../api/api';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { useI18n } from '../../i18n/i18n';
import { Badge } from '../../ui/badge';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { BackIcon, EditIcon, PlusIcon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import './programs.css';

type Editing = { kind: 'persona'; item: Persona | null } | { kind: 'scenario'; item: Scenario | null } | null;

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** The buyer personas and scenarios sessions are given: the shipped set and the team's own. */
export function PersonaLibrary() {
  const { t, focusName, shipped } = useI18n();
  const personas = useApiQuery('library:personas', (a) => a.invoke('personas:list', { includeArchived: true }), ['library:changed']);
  const scenarios = useApiQuery('library:scenarios', (a) => a.invoke('scenarios:list', { includeArchived: true }), ['library:changed']);
  const areas = useApiQuery('library:areas', (a) => a.invoke('focus-areas:list', {}), ['focus-areas:changed']);
  const [editing, setEditing] = useState<Editing>(null);
  const areaName = (id: string | null) => (id ? focusName(areas.data?.find((a) => a.id === id)?.name ?? id) : t('library.anyFocus'));
  const personaName = (id: string) => personas.data?.find((p) => p.id === id)?.name ?? '';

  return (
    <div className="page programs-wide">
      <a className="back-link" href="#/schedule">
        <BackIcon /> {t('area.schedule')}
      </a>
      <header className="page-header">
        <div>
          <PageTitle>{t('library.title')}</PageTitle>
          <p className="page-subtitle">{t('library.intro')}</p>
        </div>
        <div className="page-actions">
          <button type="button" className="button button--secondary" onClick={() => setEditing({ kind: 'persona', item: null })}>
            <PlusIcon /> {t('library.newPersona')}
          </button>
          <button type="button" className="button button--primary" onClick={() => setEditing({ kind: 'scenario', item: null })}>
            <PlusIcon /> {t('library.newScenario')}
          </button>
        </div>
      </header>
      {personas.error ? <ErrorNotice error={personas.error} onRetry={personas.reload} /> : null}
      <div className="library-columns">
        <section aria-labelledby="library-scenarios">
          <h2 id="library-scenarios" className="section-title">
            {t('library.scenarios')}
          </h2>
          <ul className="plain-list library-list">
            {(scenarios.data ?? []).map((s) => (
              <LibraryItem
                key={s.id}
                title={shipped(s.title)}
                archived={s.archived}
                detail={`${areaName(s.focusAreaId)} · ${personaName(s.personaId)}`}
                text={shipped(s.sellerGoal)}
                onEdit={() => setEditing({ kind: 'scenario', item: s })}
              />
            ))}
          </ul>
        </section>
        <section aria-labelledby="library-personas">
          <h2 id="library-personas" className="section-title">
            {t('library.personas')}
          </h2>
          <ul className="plain-list library-list">
            {(personas.data ?? []).map((p) => (
              <LibraryItem
                key={p.id}
                title={p.name}
                archived={p.archived}
                detail={[shipped(p.role), shipped(p.company)].filter(Boolean).join(', ')}
                onEdit={() => setEditing({ kind: 'persona', item: p })}
              />
            ))}
          </ul>
        </section>
      </div>
      {editing?.kind === 'persona' ? <PersonaForm persona={editing.item} onClose={() => setEditing(null)} /> : null}
      {editing?.kind === 'scenario' ? (
        <ScenarioForm scenario={editing.item} personas={(personas.data ?? []).filter((p) => !p.archived)} areas={areas.data ?? []} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}

function useSave() {
  const toast = useToast();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (work: () => Promise<unknown>, done: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      toast.show({ tone: 'success', message: t('library.saved') });
      done();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const issue = (path: string) => (error instanceof ApiError ? error.issues.find((i) => i.path === `fields.${path}` || i.path === path)?.message : undefined);
  return { busy, error, run, issue };
}

function PersonaForm({ persona, onClose }: { persona: Persona | null; onClose(): void }) {
  const { t, shipped } = useI18n();
  const api = useApi();
  const { busy, error, run, issue } = useSave();
  const [v, setV] = useState({
    name: persona?.name ?? '',
    // The form holds what the list shows, so a shipped persona is edited in the language it is read in.
    role: shipped(persona?.role ?? ''),
    company: shipped(persona?.company ?? ''),
    situation: shipped(persona?.situation ?? ''),
    pains: persona?.pains.map(shipped).join('\n') ?? '',
    objections: persona?.objections.map(shipped).join('\n') ?? '',
    uncover: persona?.uncover.map(shipped).join('\n') ?? '',
    archived: persona?.archived ?? false,
  });
  const save = () =>
    run(
      () =>
        api.invoke('personas:save', {
          id: persona?.id,
          fields: { ...v, pains: lines(v.pains), objections: lines(v.objections), uncover: lines(v.uncover) },
        }),
      onClose,
    );
  const text = (key: 'name' | 'role' | 'company', label: string, required = false) => (
    <Field label={label} required={required} error={issue(key)}>
      {(p) => <input {...p} className="input" value={v[key]} onChange={(e) => setV({ ...v, [key]: e.target.value })} />}
    </Field>
  );
  const area = (key: 'situation' | 'pains' | 'objections' | 'uncover', label: string, hint?: string) => (
    <Field label={label} hint={hint} error={issue(key)}>
      {(p) => <textarea {...p} className="input" rows={key === 'situation' ? 4 : 3} value={v[key]} onChange={(e) => setV({ ...v, [key]: e.target.value })} />}
    </Field>
  );
  return (
    <Dialog
      title={persona ? t('library.editPersona') : t('library.newPersona')}
      onClose={onClose}
      busy={busy}
      variant="panel"
      footer={<SaveCancel busy={busy} onSave={() => void save()} onCancel={onClose} />}
    >
      <div className="form">
        {text('name', t('library.field.name'), true)}
        {text('role', t('library.field.role'))}
        {text('company', t('library.field.company'))}
        {area('situation', t('library.field.situation'))}
        {area('pains', t('library.field.pains'), t('library.onePerLine'))}
        {area('objections', t('library.field.objections'), t('library.onePerLine'))}
        {area('uncover', t('library.field.uncover'), t('library.onePerLine'))}
        <label className="programs-check">
          <input type="checkbox" className="checkbox" checked={v.archived} onChange={(e) => setV({ ...v, archived: e.target.checked })} />
          {t('library.archived')}
        </label>
        {error && !(error instanceof ApiError && error.issues.length) ? <ErrorNotice error={error} /> : null}
      </div>
    </Dialog>
  );
}

/** One persona or scenario in the library's lists. */
function LibraryItem({ title, archived, detail, text, onEdit }: { title: string; archived: boolean; detail: string; text?: string; onEdit(): void }) {
  const { t } = useI18n();
  return (
    <li className="card library-item">
      <div>
        <p className="library-item__title">
          {title} {archived ? <Badge tone="muted">{t('badge.archived')}</Badge> : null}
        </p>
        <p className="muted">{detail}</p>
        {text ? <p className="library-item__text">{text}</p> : null}
      </div>
      <button type="button" className="button button--ghost button--small" onClick={onEdit}>
        <EditIcon /> {t('common.edit')}
      </button>
    </li>
  );
}

/** The footer both library forms share: Cancel, and Save that says when it is saving. */
function SaveCancel({ busy, onSave, onCancel }: { busy: boolean; onSave(): void; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <>
      <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
        {t('common.cancel')}
      </button>
      <button type="button" className="button button--primary" onClick={onSave} disabled={busy}>
        {busy ? t('common.saving') : t('common.save')}
      </button>
    </>
  );
}

function ScenarioForm({ scenario, personas, areas, onClose }: { scenario: Scenario | null; personas: Persona[]; areas: { id: string; name: string }[]; onClose(): void }) {
  const { t, focusName, shipped } = useI18n();
  const api = useApi();
  const { busy, error, run, issue } = useSave();
  const [v, setV] = useState({
    title: shipped(scenario?.title ?? ''),
    focusAreaId: scenario?.focusAreaId ?? '',
    personaId: scenario?.personaId ?? personas[0]?.id ?? '',
    setup: shipped(scenario?.setup ?? ''),
    sellerGoal: shipped(scenario?.sellerGoal ?? ''),
    buyerNotes: shipped(scenario?.buyerNotes ?? ''),
    archived: scenario?.archived ?? false,
  });
  const save = () => run(() => api.invoke('scenarios:save', { id: scenario?.id, fields: { ...v, focusAreaId: v.focusAreaId || null } }), onClose);
  const area = (key: 'setup' | 'sellerGoal' | 'buyerNotes', label: string, hint?: string) => (
    <Field label={label} hint={hint} error={issue(key)}>
      {(p) => <textarea {...p} className="input" rows={3} value={v[key]} onChange={(e) => setV({ ...v, [key]: e.target.value })} />}
    </Field>
  );
  return (
    <Dialog
      title={scenario ? t('library.editScenario') : t('library.newScenario')}
      onClose={onClose}
      busy={busy}
      variant="panel"
      footer={<SaveCancel busy={busy} onSave={() => void save()} onCancel={onClose} />}
    >
      <div className="form">
        <Field label={t('library.field.title')} required error={issue('title')}>
          {(p) => <input {...p} className="input" value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} />}
        </Field>
        <Field label={t('library.field.focus')} error={issue('focusAreaId')}>
          {(p) => (
            <select {...p} className="input" value={v.focusAreaId} onChange={(e) => setV({ ...v, focusAreaId: e.target.value })}>
              <option value="">{t('library.anyFocus')}</option>
              {areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {focusName(a.name)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('library.field.persona')} required error={issue('personaId')}>
          {(p) => (
            <select {...p} className="input" value={v.personaId} onChange={(e) => setV({ ...v, personaId: e.target.value })}>
              {personas.map((persona) => (
                <option key={persona.id} value={persona.id}>
                  {persona.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {area('setup', t('library.field.setup'))}
        {area('sellerGoal', t('library.field.sellerGoal'))}
        {area('buyerNotes', t('library.field.buyerNotes'), t('library.buyerNotesHint'))}
        <label className="programs-check">
          <input type="checkbox" className="checkbox" checked={v.archived} onChange={(e) => setV({ ...v, archived: e.target.checked })} />
          {t('library.archived')}
        </label>
        {error && !(error instanceof ApiError && error.issues.length) ? <ErrorNotice error={error} /> : null}
      </div>
    </Dialog>
  );
}
