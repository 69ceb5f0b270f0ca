import { useState } from 'react';
import type { OutboxItem } from '../../../../shared/sync';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';

interface TextField {
  /** Where the text sits in the change as sent (a scorecard section, a field of a note). */
  path: ['sections' | 'fields', string];
  label: string;
  mine: string;
  theirs: string;
}

/** The texts of a change that differ from the hub's newer version: scorecard sections, a note's writing. */
function differingTexts(item: OutboxItem, noteLabel: (field: 'goalsReviewed' | 'practised') => string): TextField[] {
  const mine = (item.mine ?? {}) as { sections?: Record<string, string>; fields?: Record<string, unknown> };
  const theirs = (item.theirs ?? {}) as { sections?: Record<string, string>; template?: { sections?: { key: string; title: string }[] } } & Record<string, unknown>;
  const fields: TextField[] = [];
  for (const [key, text] of Object.entries(mine.sections ?? {})) {
    const title = theirs.template?.sections?.find((s) => s.key === key)?.title ?? key;
    fields.push({ path: ['sections', key], label: title, mine: text, theirs: theirs.sections?.[key] ?? '' });
  }
  for (const key of ['goalsReviewed', 'practised'] as const) {
    if (mine.fields && typeof mine.fields[key] === 'string') {
      fields.push({ path: ['fields', key], label: noteLabel(key), mine: mine.fields[key], theirs: typeof theirs[key] === 'string' ? theirs[key] : '' });
    }
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
  const [merging, setMerging] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const choose = async (keep: 'mine' | 'theirs' | 'merged') => {
    setBusy(true);
    setError(null);
    try {
      let merged: Record<string, unknown> | undefined;
      if (keep === 'merged' && merging) {
        const mine = (item.mine ?? {}) as { sections?: Record<string, string>; fields?: Record<string, unknown> };
        const sections = { ...(mine.sections ?? {}) };
        const fields = mine.fields ? { ...mine.fields } : undefined;
        texts.forEach((f, i) => {
          if (f.path[0] === 'sections') sections[f.path[1]] = merging[i]!;
          else if (fields) fields[f.path[1]] = merging[i]!;
        });
        merged = fields ? { fields } : { sections };
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
                onClick={() => setMerging(texts.map((f) => [f.theirs, f.mine].filter((x) => x.trim()).join('\n\n')))}
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
