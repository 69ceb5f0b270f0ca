import { useDeferredValue, useState } from 'react';
import type { PeoplePage, Rep } from '../../../../shared/people';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import './person-picker.css';

/** How many people a picker lists at once: a roster of 20,000 is found by searching, not scrolling. */
export const pickerLimit = 50;

/**
 * A list of active people to choose one from, a page at a time from the core's roster paging
 * (`people:page`): a search field narrows it by name, email or team, and the list holds the
 * first matches. The chosen person stays listed whatever the search.
 */
export function PersonPicker({
  id,
  value,
  chosen,
  placeholder,
  autoFocus = false,
  firstPage,
  onChange,
}: {
  /** The select's id, for its label. */
  id: string;
  value: string;
  /** The chosen person's name, shown while a search leaves them out of the page. */
  chosen?: { id: string; name: string } | null;
  /** The empty choice's words; without it the select has no empty choice. */
  placeholder?: string;
  autoFocus?: boolean;
  /** The unsearched first page when the caller already has it (it waited for it before drawing). */
  firstPage?: PeoplePage;
  onChange: (person: Pick<Rep, 'id' | 'name'> | null) => void;
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const query = useDeferredValue(typed.trim());
  const page = useApiQuery(
    `people:picker:${query}`,
    (a) => (!query && firstPage ? Promise.resolve(firstPage) : a.invoke('people:page', { filter: query ? { query } : {}, limit: pickerLimit })),
    ['people:changed'],
  );
  const shown = page.data ?? (query ? undefined : firstPage);
  const items = shown?.items ?? [];
  const listed = chosen && chosen.id === value && !items.some((p) => p.id === value) ? [chosen, ...items] : items;
  const more = (shown?.matching ?? 0) - items.length;
  return (
    <div className="person-picker">
      <input
        type="search"
        className="input input--compact"
        aria-label={t('people.picker.search')}
        aria-controls={id}
        placeholder={t('people.picker.search')}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
      />
      <select
        id={id}
        className="input input--auto"
        value={value}
        autoFocus={autoFocus}
        aria-busy={page.loading || undefined}
        onChange={(e) => onChange(listed.find((p) => p.id === e.target.value) ?? null)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {listed.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      {more > 0 ? (
        <p className="small muted" role="status">
          {t('people.picker.more', { shown: items.length, count: shown?.matching ?? 0 })}
        </p>
      ) : shown && query && items.length === 0 ? (
        <p className="small muted" role="status">
          {t('people.picker.none')}
        </p>
      ) : null}
    </div>
  );
}
