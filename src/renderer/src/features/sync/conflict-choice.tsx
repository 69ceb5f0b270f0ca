import { useState } from 'react';
import type { OutboxItem } from '../../../../shared/sync';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';

type NoteField = 'goalsReviewed' | 'practised';

interface TextField {
  /** Where the text sits in the change as sent (a scorecard section, a field of a note, a comment's body, a clip's title, a marker's note). */
  path: ['sections' | 'fields' | 'patch', string] | ['body' | 'note'];
  label: string;
  mine: string;
  theirs: string;
}

/** The texts of a change that differ from the hub's newer version: scorecard sections, a note's writing, a comment, a clip's title, a marker's note. */
function differingTexts(item: OutboxItem, label: (field: NoteField | 'body' | 'title' | 'note') => string): TextField[] {
  const mine = (item.input ?? {}) as { sections?: Record<string, string>; fields?: Record<string, unknown>; body?: unknown; patch?: Record<string, unknown>; note?: unknown };
  const theirs = (item.theirs ?? {}) as { sections?: Record<string, string>; template?: { sections?: { key: string; title: string }[] } } & Record<string, unknown>;
  const fields: TextField[] = [];
  for (const [key, text] of Object.entries(mine.sections ?? {})) {
    const title = theirs.template?.sections?.find((s) => s.key === key)?.title ?? key;
    fields.push({ path: ['sections', key], label: title, mine: text, theirs: theirs.sections?.[key] ?? '' });
  }
  for (const key of ['goalsReviewed', 'practised'] as const) {
    if (mine.fields && typeof mine.fields[key] === 'string') {
      fields.push({ path: ['fields', key], label: label(key), mine: mine.fields[key], theirs: typeof theirs[key] === 'string' ? theirs[key] : '' });
    }
  }
  if (item.channel === 'comments:update' && typeof mine.body === 'string') {
    fields.push({ path: ['body'], label: label('body'), mine: mine.body, theirs: typeof theirs.body === 'string' ? theirs.body : '' });
  }
  if (item.channel === 'clips:update' && typeof mine.patch?.title === 'string') {
    fields.push({ path: ['patch', 'title'], label: label('title'), mine: mine.patch.title, theirs: typeof theirs.title === 'string' ? theirs.title : '' });
  }
  if (item.channel === 'markers:update' && typeof mine.note === 'string') {
    fields.push({ path: ['note'], label: label('note'), mine: mine.note, theirs: typeof theirs.note === 'string' ? theirs.note : '' });
  }
  return fields.filter((f) => f.mine !== f.theirs);
}

/**
 * A change refused because the hub has a newer version: both shown side by side, and the person
 * keeps theirs, keeps mine, or merges the texts (both put in one box to edit) and sends that.
 */
export function ConflictChoice({ item }: { item: OutboxItem }) {
  const { t, shipped } = useI18n();
  const api = useApi();
  const texts = differingTexts(item, (field) => t(`sync.conflict.field.${field}`));
  // A clip's title is one line: its merge joins the two with a dash, not a blank line.
  const joiner = item.channel === 'clips:update' ? ' – ' : '\n\n';
  const [merging, setMerging] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const choose = async (keep: 'mine' | 'theirs' | 'merged') => {
    setBusy(true);
    setError(null);
    try {
      let merged: Record<string, unknown> | undefined;
      if (keep === 'merged' && merging) {
        // Each merged text in its place in the change: the rest of a section list, a note or a clip's patch stays mine.
        const mine = (item.input ?? {}) as Record<string, unknown>;
        merged = {};
        texts.forEach((f, i) => {
          const [top, key] = f.path;
          if (key === undefined) merged![top] = merging[i]!;
          else merged![top] = { ...((mine[top] ?? {}) as object), ...((merged![top] ?? {}) as object), [key]: merging[i]! };
        });
      }
      await api.invoke('sync:resolve', { id: item.id, keep, ...(merged ? { merged } : {}) });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div className="conflict">
      <p className="conflict__title">{t('sync.conflict.title')}</p>
      <p className="muted">{t('sync.conflict.body')}</p>
      {item.channel === 'markers:delete' ? <p>{t('sync.conflict.deletedHere', { note: String((item.theirs as { note?: unknown } | null)?.note ?? '') })}</p> : null}
      {texts.map((f, i) => (
        <div key={f.path.join('.')} className="conflict__field">
          <p className="conflict__label">{shipped(f.label)}</p>
          <div className="conflict__sides">
            <figure className="conflict__side">
              <figcaption className="muted">{t('sync.conflict.mine')}</figcaption>
              <p>{f.mine || t('sync.conflict.empty')}</p>
            </figure>
            <figure className="conflict__side">
              <figcaption className="muted">{t('sync.conflict.theirs')}</figcaption>
              <p>{f.theirs || t('sync.conflict.empty')}</p>
            </figure>
          </div>
          {merging ? (
            <label className="conflict__merge">
              <span className="visually-hidden">{t('sync.conflict.mergedLabel', { field: shipped(f.label) })}</span>
              <textarea
                className="input"
                rows={4}
                value={merging[i]}
                onChange={(e) => setMerging((m) => (m ? m.map((v, j) => (j === i ? e.target.value : v)) : m))}
              />
            </label>
          ) : null}
        </div>
      ))}
      <div className="conflict__actions">
        {merging ? (
          <button type="button" className="button button--primary button--small" disabled={busy} onClick={() => void choose('merged')}>
            {t('sync.conflict.sendMerged')}
          </button>
        ) : (
          <>
            <button type="button" className="button button--primary button--small" disabled={busy} onClick={() => void choose('mine')}>
              {t('sync.conflict.keepMine')}
            </button>
            <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void choose('theirs')}>
              {t('sync.conflict.keepTheirs')}
            </button>
            {texts.length ? (
              <button
                type="button"
                className="button button--ghost button--small"
                disabled={busy}
                onClick={() => setMerging(texts.map((f) => [f.theirs, f.mine].filter((x) => x.trim()).join(joiner)))}
              >
                {t('sync.conflict.merge')}
              </button>
            ) : null}
          </>
        )}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
