import { useState, type FormEvent } from 'react';
import { clipTitleMax, type Clip } from '../../../../shared/clips';
import { formatMoment } from '../../../../shared/rubrics';
import { useApi } from '../../api/api-context';
import { fieldIssues } from '../../api/errors';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { useToast } from '../../ui/toast';
import './clips.css';

type Props =
  | {
      mode: 'new';
      recordingId: string;
      range: { startMs: number; endMs: number };
      focusAreaId: string;
      onClose(): void;
      /** The clip was made: the page lets go of the range, so X does not clip it twice. */
      onSaved?(): void;
    }
  | { mode: 'edit'; clip: Clip; onClose(): void };

/** The rubric criteria of a focus area's default template, which a clip may be tagged with. */
export function useFocusCriteria(focusAreaId: string) {
  const templates = useApiQuery(`clip-criteria:${focusAreaId}`, (a) => (focusAreaId ? a.invoke('rubric-templates:list', { focusAreaId }) : Promise.resolve([])));
  const template = templates.data?.find((tpl) => tpl.isDefault && !tpl.archived) ?? templates.data?.find((tpl) => !tpl.archived);
  return { criteria: template?.criteria ?? [], loading: templates.loading };
}

/** Title, focus area (the session's by default) and the criteria the moment shows; Enter saves. */
export function ClipDialog(props: Props) {
  const { t, focusName, shipped, language } = useI18n();
  const api = useApi();
  const toast = useToast();
  const initial = props.mode === 'edit' ? props.clip : null;
  const range = props.mode === 'edit' ? { startMs: props.clip.startMs, endMs: props.clip.endMs } : props.range;
  const [title, setTitle] = useState(initial?.title ?? '');
  const [focusAreaId, setFocusAreaId] = useState(initial?.focusAreaId ?? (props.mode === 'new' ? props.focusAreaId : ''));
  const [criteria, setCriteria] = useState<string[]>(initial?.criteria ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const areas = useApiQuery('focus-areas', (a) => a.invoke('focus-areas:list', {}));
  const { criteria: choices } = useFocusCriteria(focusAreaId);
  const issues = fieldIssues(error, language, ['patch.']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved =
        props.mode === 'new'
          ? await api.invoke('clips:create', { recordingId: props.recordingId, ...props.range, title, focusAreaId, criteria })
          : await api.invoke('clips:update', { id: props.clip.id, patch: { title, focusAreaId, criteria } });
      if (props.mode === 'new') {
        toast.show({ message: t('clips.saved', { focus: focusName(saved.focusAreaName) }), tone: 'success' });
        props.onSaved?.();
      }
      props.onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const heading = props.mode === 'new' ? t('clips.dialog.new', { from: formatMoment(range.startMs), to: formatMoment(range.endMs) }) : t('clips.dialog.edit');
  const known = new Set(['title', 'focusAreaId']);
  const otherIssue = [...issues.keys()].some((k) => !known.has(k) && !k.startsWith('criteria'));
  return (
    <Dialog
      title={heading}
      onClose={props.onClose}
      busy={busy}
      footer={
        <>
          <button type="button" className="button button--secondary" onClick={props.onClose} disabled={busy}>{t('common.cancel')}</button>
          <button type="submit" form="clip-form" className="button button--primary" disabled={busy || !title.trim()}>{t('clips.save')}</button>
        </>
      }
    >
      <form id="clip-form" className="clip-form" onSubmit={(e) => void submit(e)}>
        <Field
          label={t('clips.title')}
          // The field stops taking characters at the limit; near it, say how many are left rather than cut a pasted title silently.
          hint={title.length > clipTitleMax - 20 ? t('clips.titleLeft', { count: clipTitleMax - title.length }) : t('clips.titleHint')}
          error={issues.get('title')}
          required
        >
          {(control) => (
            <input {...control} className="input" value={title} maxLength={clipTitleMax} onChange={(e) => setTitle(e.target.value)} data-autofocus autoComplete="off" />
          )}
        </Field>
        <Field label={t('clips.focus')} error={issues.get('focusAreaId')}>
          {(control) => (
            <select
              {...control}
              className="input"
              value={focusAreaId}
              onChange={(e) => {
                setFocusAreaId(e.target.value);
                // Criteria are the old area's rubric; they do not carry over.
                setCriteria([]);
              }}
            >
              {(areas.data ?? []).filter((a) => !a.archived || a.id === focusAreaId).map((a) => (
                <option key={a.id} value={a.id}>{focusName(a.name)}</option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="clip-form__criteria">
          <legend className="field__label">{t('clips.criteria')}</legend>
          {choices.length === 0 ? <p className="muted">{t('clips.criteria.none')}</p> : null}
          {choices.map((c) => (
            <label key={c.key} className="toggle">
              <input
                type="checkbox"
                className="checkbox"
                checked={criteria.includes(c.key)}
                onChange={(e) => setCriteria((list) => (e.target.checked ? [...list, c.key] : list.filter((k) => k !== c.key)))}
              />
              {shipped(c.name)}
            </label>
          ))}
          {[...issues.entries()].filter(([k]) => k.startsWith('criteria')).map(([k, message]) => <p key={k} className="field__error">{message}</p>)}
        </fieldset>
      </form>
      {error && (issues.size === 0 || otherIssue) ? <ErrorNotice error={error} /> : null}
    </Dialog>
  );
}
