import { useDeferredValue, useState } from 'react';
import type { PeoplePage, RepFilter } from '../../../../shared/people';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import './person-picker.css';

/** How many people a picker lists at once: a roster of 20,000 is found by searching, not scrolling. */
export const pickerLimit = 50;

/** A person as a picker knows them: the listed ones are whole roster rows, a chosen one may be only a name. */
export interface PickedPerson {
  id: string;
  name: string;
  email?: string;
}

const byId = (p: PickedPerson) => p.id;

/** A page of the people matching a search (within a filter), from the core's roster paging. */
export function usePickerPage(query: string, filter: RepFilter | undefined, firstPage?: PeoplePage) {
  const key = JSON.stringify(filter ?? {});
  return useApiQuery(
    `people:picker:${key}:${query}`,
    (a) => (!query && firstPage ? Promise.resolve(firstPage) : a.invoke('people:page', { filter: { ...(JSON.parse(key) as RepFilter), ...(query ? { query } : {}) }, limit: pickerLimit })),
    ['people:changed'],
  );
}

/**
 * A list of active people to choose one from, a page at a time from the core's roster paging
 * (`people:page`): a search field narrows it by name, email or team, and the list holds the
 * first matches. The chosen person stays listed whatever the search. Every screen that picks a
 * person uses this one, so none of them loads the whole roster.
 */
export function PersonPicker({
  id,
  value,
  chosen,
  placeholder,
  autoFocus = false,
  firstPage,
  valueFor = byId,
  searchLabel,
  compact = false,
  isDisabled,
  describedBy,
  required,
  pinned,
  filter,
  onChange,
}: {
  /** The select's id, for its label. */
  id: string;
  value: string;
  /** The chosen person's name, shown while a search leaves them out of the page. */
  chosen?: PickedPerson | null;
  /** The empty choice's words; without it the select has no empty choice. */
  placeholder?: string;
  autoFocus?: boolean;
  /** The unsearched first page when the caller already has it (it waited for it before drawing). */
  firstPage?: PeoplePage;
  /** What the value holds for a person: their id unless told (the Library filters by email). */
  valueFor?: (p: PickedPerson) => string;
  /** The search field's label, when one screen has more than one picker. */
  searchLabel?: string;
  /** Small controls, for a filter bar. */
  compact?: boolean;
  /** People listed but not choosable here (the seller cannot also be the buyer). */
  isDisabled?: (p: PickedPerson) => boolean;
  describedBy?: string;
  required?: boolean;
  /** People listed first in a group of their own whatever the search (those taking part), the page's people after them. */
  pinned?: { label: string; people: PickedPerson[]; othersLabel: string };
  /** Only these people (a coach's own people); the search narrows within them. */
  filter?: RepFilter;
  onChange: (person: PickedPerson | null) => void;
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  // The person picked here last, so the list keeps them when a later search leaves them out.
  const [picked, setPicked] = useState<PickedPerson | null>(null);
  const query = useDeferredValue(typed.trim());
  const page = usePickerPage(query, filter, firstPage);
  const shown = page.data ?? (query ? undefined : firstPage);
  const items: PickedPerson[] = shown?.items ?? [];
  const current = [chosen, picked].find((p) => p && valueFor(p) === value) ?? null;
  // A value nobody on this page has (a shared link, a person not yet looked up) still shows, so it can be seen and cleared.
  const pinnedPeople = pinned?.people ?? [];
  const known = [...pinnedPeople, ...items];
  const kept = !value || known.some((p) => valueFor(p) === value) ? null : (current ?? { id: value, name: value, email: value });
  const listed = (kept ? [kept, ...items] : items).filter((p) => !pinnedPeople.some((x) => x.id === p.id));
  const more = (shown?.matching ?? 0) - items.length;
  const option = (p: PickedPerson) => (
    <option key={p.id} value={valueFor(p)} disabled={isDisabled?.(p) ?? false}>
      {p.name}
    </option>
  );
  const size = compact ? 'input--compact' : 'input--auto';
  return (
    <div className={`person-picker${compact ? ' person-picker--compact' : ''}`}>
      <input
        type="search"
        className="input input--compact"
        aria-label={searchLabel ?? t('people.picker.search')}
        aria-controls={id}
        placeholder={t('people.picker.search')}
        value={typed}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setTyped(e.target.value)}
      />
      <select
        id={id}
        className={`input ${size}`}
        value={value}
        autoFocus={autoFocus}
        aria-busy={page.loading || undefined}
        aria-describedby={describedBy}
        aria-required={required || undefined}
        onChange={(e) => {
          const person = [...pinnedPeople, ...listed].find((p) => valueFor(p) === e.target.value) ?? null;
          if (person) setPicked(person);
          onChange(person);
        }}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {pinned ? (
          <>
            <optgroup label={pinned.label}>{pinnedPeople.map(option)}</optgroup>
            {listed.length ? <optgroup label={pinned.othersLabel}>{listed.map(option)}</optgroup> : null}
          </>
        ) : (
          listed.map(option)
        )}
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
