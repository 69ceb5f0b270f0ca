import { useRef, useState } from 'react';
import type { CoachingNote, CoachingNoteFields } from '../../../../shared/scorecards';
import { ApiError } from '../../api/api';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/errors';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { BackIcon, CoachingIcon, PlusIcon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import { goTo, notesPath, tabPath } from './paths';
import { useQueuedIsSaved } from '../sync/use-queued';
import { useAutosave } from './use-autosave';
import { useAccess } from '../hub/access-gate';
import { PersonPicker } from '../people/person-picker';
import { useFocusHeadingIfLost } from './use-focus-heading';

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The weekly peer-coaching notes the person wrote, and those written about them. */
export function NotesTab({ me }: { me: string }) {
  const { t, formatDate } = useI18n();
  const written = useApiQuery(`notes-by:${me}`, (a) => a.invoke('coaching-notes:list', { coachId: me }), ['coaching-notes:changed']);
  const received = useApiQuery(`notes-for:${me}`, (a) => a.invoke('coaching-notes:list', { repId: me }), ['coaching-notes:changed']);
  if (written.error && !written.data) return <ErrorNotice error={written.error} onRetry={written.reload} />;
  if (!written.data || !received.data) return <p className="muted">{t('common.loading')}</p>;

  const list = (notes: CoachingNote[], other: 'rep' | 'coach') => (
    <ul className="coaching-list">
      {notes.map((n) => (
        <li key={n.id} className="card coaching-list__item">
          <div className="coaching-list__main">
            <p className="coaching-list__title">
              <a href={hrefFor(notesPath(n.id))}>{t('coaching.notes.itemTitle', { name: n[other].name, week: formatDate(n.weekOf) })}</a>
            </p>
            <p className="muted">
              {n.practised || n.goalsReviewed || t('coaching.notes.emptyNote')}
              {n.followUpOn ? ` · ${t('coaching.notes.followUpOn', { date: formatDate(n.followUpOn) })}` : ''}
            </p>
          </div>
          {/* "0 of 0 actions done" says nothing: a note without agreed actions shows no count. */}
          {n.actions.length > 0 ? (
            <span className="muted">{t('coaching.notes.actionsDone', { done: n.actions.filter((a) => a.done).length, count: n.actions.length })}</span>
          ) : null}
        </li>
      ))}
    </ul>
  );

  return (
    <div className="coaching-stack">
      <div className="coaching-area__header">
        <p className="muted">{t('coaching.notes.intro')}</p>
        <a className="button button--primary" href={hrefFor(notesPath('new'))}>
          <PlusIcon size={16} /> {t('coaching.notes.new')}
        </a>
      </div>
      <section aria-labelledby="notes-written">
        <h2 id="notes-written" className="section-title">
          {t('coaching.notes.written')}
        </h2>
        {written.data.length ? (
          list(written.data, 'rep')
        ) : (
          <EmptyState icon={<CoachingIcon size={28} />} title={t('coaching.notes.emptyWritten')} headingLevel={3}>
            <p>{t('coaching.notes.emptyWrittenBody')}</p>
          </EmptyState>
        )}
      </section>
      <section aria-labelledby="notes-received">
        <h2 id="notes-received" className="section-title">
          {t('coaching.notes.received')}
        </h2>
        {received.data.length ? list(received.data, 'coach') : <p className="muted">{t('coaching.notes.emptyReceived')}</p>}
      </section>
    </div>
  );
}

export function NotesPage({ id, me }: { id: string; me: { id: string; name: string } }) {
  const { t } = useI18n();
  // Notes created on this screen keep their form when the address changes to their new id.
  const [created, setCreated] = useState<string | null>(null);
  const loadId = id === created ? 'new' : id;
  const note = useApiQuery(`note:${loadId}`, (a) => (loadId === 'new' ? Promise.resolve(null) : a.invoke('coaching-notes:get', { id: loadId })));
  if (note.error) {
    return (
      <div className="page">
        <BackToNotes />
        <PageTitle className="visually-hidden">{t('coaching.notes.title')}</PageTitle>
        <ErrorNotice error={note.error} onRetry={note.reload} />
      </div>
    );
  }
  if (note.loading) return <p className="muted page">{t('common.loading')}</p>;
  return (
    <NotesForm
      key={loadId}
      note={note.data ?? null}
      me={me}
      onCreated={(newId) => {
        setCreated(newId);
        goTo(notesPath(newId), { replace: true });
      }}
    />
  );
}

function BackToNotes() {
  const { t } = useI18n();
  return (
    <a className="back-link" href={hrefFor(tabPath('notes'))}>
      <BackIcon size={16} /> {t('coaching.tab.notes')}
    </a>
  );
}

function NotesForm({ note, me, onCreated }: { note: CoachingNote | null; me: { id: string; name: string }; onCreated(id: string): void }) {
  const { t, language, locale, formatSessionTime, focusName } = useI18n();
  const api = useApi();
  const toast = useToast();
  const [id, setId] = useState<string | null>(note?.id ?? null);
  useFocusHeadingIfLost();
  const [fields, setFields] = useState<Required<Omit<CoachingNoteFields, 'actions'>> & { actions: { text: string; done: boolean }[] }>(() => ({
    coachId: note?.coach.id ?? me.id,
    repId: note?.rep.id ?? '',
    weekOf: note?.weekOf ?? today(),
    sessionId: note?.sessionId ?? null,
    goalsReviewed: note?.goalsReviewed ?? '',
    practised: note?.practised ?? '',
    actions: note?.actions ?? [],
    followUpOn: note?.followUpOn ?? null,
  }));
  const idRef = useRef(id);
  const queued = useQueuedIsSaved();
  const autosave = useAutosave(async (value: typeof fields) => {
    // Blank actions are still being typed; they are saved once they have words.
    const saved = await queued(
      api.invoke('coaching-notes:save', {
        ...(idRef.current ? { id: idRef.current } : {}),
        fields: { ...value, actions: value.actions.filter((a) => a.text.trim()) },
      }),
    );
    if (saved && !idRef.current) {
      idRef.current = saved.id;
      setId(saved.id);
      onCreated(saved.id);
    }
  }, 700);
  const sessions = useApiQuery(`rep-sessions:${fields.repId}`, (a) =>
    fields.repId ? a.invoke('sessions:list', { repId: fields.repId, status: ['done', 'scheduled'] }) : Promise.resolve([]),
  );

  function update(patch: Partial<typeof fields>) {
    const next = { ...fields, ...patch };
    setFields(next);
    if (next.repId && next.weekOf) autosave.schedule(next);
  }

  async function remove() {
    if (!id) return;
    await autosave.flush();
    await api.invoke('coaching-notes:delete', { id });
    toast.show({ message: t('coaching.notes.deleted') });
    goTo(tabPath('notes'));
  }

  // Offered only the people the core lets this coach write about (those they coach or manage), found by searching;
  // an admin may write about anyone.
  const access = useAccess();
  const admin = access.kind === 'owner' || access.role === 'admin';
  const coachName = note?.coach.name ?? (fields.coachId === me.id ? me.name : '');
  const saveError = autosave.state.kind === 'error' ? autosave.state.error : null;
  const weekIssue = saveError instanceof ApiError && saveError.issues.some((i) => i.path === 'fields.weekOf');
  const recentSessions = (sessions.data ?? []).filter((s) => s.startsAt === null || s.startsAt <= new Date().toISOString()).slice(-12).reverse();

  return (
    <div className="page page--narrow">
      <BackToNotes />
      <header className="page-header">
        <div>
          <PageTitle>{t('coaching.notes.title')}</PageTitle>
          <p className="page-subtitle">{t('coaching.notes.subtitle', { name: coachName })}</p>
        </div>
        <p className="coaching-save" role="status" data-save-state={autosave.state.kind}>
          {autosave.state.kind === 'saved'
            ? t('coaching.save.saved', { time: new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(autosave.state.at) })
            : autosave.state.kind === 'saving'
              ? t('common.saving')
              : autosave.state.kind === 'pending'
                ? t('coaching.save.pending')
                : autosave.state.kind === 'error'
                  ? t('coaching.save.error', { message: describeError(autosave.state.error, t, language).message })
                  : id
                    ? t('coaching.save.idle')
                    : t('coaching.notes.pickFirst')}
        </p>
      </header>
      <div className="form">
        <div className="form__row">
          <div className="field coaching-editor__grow">
            <label className="field__label" htmlFor="note-rep">
              {t('coaching.notes.colleague')}
            </label>
            <PersonPicker
              id="note-rep"
              value={fields.repId}
              chosen={note ? { id: note.rep.id, name: note.rep.name } : null}
              placeholder={t('coaching.notes.pickColleague')}
              searchLabel={t('coaching.notes.findColleague')}
              filter={admin ? undefined : { ledBy: fields.coachId }}
              isDisabled={(p) => p.id === fields.coachId}
              onChange={(p) => update({ repId: p?.id ?? '', sessionId: null })}
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="note-week">
              {t('coaching.notes.week')}
            </label>
            <input id="note-week" type="date" className="input" value={fields.weekOf} onChange={(e) => e.target.value && update({ weekOf: e.target.value })} aria-invalid={weekIssue || undefined} />
            <p className="field__hint">{t('coaching.notes.weekHint')}</p>
          </div>
        </div>
        {weekIssue ? <p className="field__error">{t('coaching.notes.weekTaken')}</p> : null}
        <div className="field">
          <label className="field__label" htmlFor="note-session">
            {t('coaching.notes.session')}
          </label>
          <select id="note-session" className="input" value={fields.sessionId ?? ''} onChange={(e) => update({ sessionId: e.target.value || null })} disabled={!fields.repId}>
            <option value="">{t('coaching.notes.noSession')}</option>
            {recentSessions.map((s) => (
              <option key={s.id} value={s.id}>
                {[focusName(s.focusAreaName), s.startsAt ? formatSessionTime(s.startsAt, s.timeZone) : s.title].filter(Boolean).join(' · ')}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="note-goals">
            {t('coaching.notes.goals')}
          </label>
          <textarea id="note-goals" className="input coaching-textarea" rows={3} value={fields.goalsReviewed} onChange={(e) => update({ goalsReviewed: e.target.value })} />
          <p className="field__hint">{t('coaching.notes.goalsHint')}</p>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="note-practised">
            {t('coaching.notes.practised')}
          </label>
          <textarea id="note-practised" className="input coaching-textarea" rows={3} value={fields.practised} onChange={(e) => update({ practised: e.target.value })} />
        </div>
        <fieldset className="form__section">
          <legend className="form__legend">{t('coaching.notes.actions')}</legend>
          {fields.actions.map((action, index) => (
            <div key={index} className="coaching-action">
              <input
                type="checkbox"
                className="checkbox"
                checked={action.done}
                aria-label={t('coaching.notes.actionDone', { n: index + 1 })}
                onChange={(e) => update({ actions: fields.actions.map((a, i) => (i === index ? { ...a, done: e.target.checked } : a)) })}
              />
              <input
                className="input"
                value={action.text}
                maxLength={500}
                aria-label={t('coaching.notes.actionN', { n: index + 1 })}
                onChange={(e) => update({ actions: fields.actions.map((a, i) => (i === index ? { ...a, text: e.target.value } : a)) })}
              />
              <button type="button" className="button button--ghost button--small" onClick={() => update({ actions: fields.actions.filter((_, i) => i !== index) })}>
                {t('coaching.editor.remove')}
                <span className="visually-hidden"> {t('coaching.notes.actionN', { n: index + 1 })}</span>
              </button>
            </div>
          ))}
          <button type="button" className="button button--secondary button--small" onClick={() => setFields({ ...fields, actions: [...fields.actions, { text: '', done: false }] })}>
            <PlusIcon size={16} /> {t('coaching.notes.addAction')}
          </button>
        </fieldset>
        <div className="field">
          <label className="field__label" htmlFor="note-follow-up">
            {t('coaching.notes.followUp')}
          </label>
          <input id="note-follow-up" type="date" className="input input--auto" value={fields.followUpOn ?? ''} onChange={(e) => update({ followUpOn: e.target.value || null })} />
        </div>
        {saveError && !weekIssue ? <ErrorNotice error={saveError} /> : null}
        {id ? (
          <div className="page-actions">
            <button type="button" className="button button--danger" onClick={() => void remove()}>
              {t('coaching.notes.delete')}
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
