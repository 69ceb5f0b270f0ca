import { useDeferredValue, useState, type ReactNode } from 'react';
import type { Rep, RepFilter } from '../../../../shared/people';
import { useI18n } from '../../i18n/i18n';
import { usePickerPage, type PickedPerson } from './person-picker';
import './person-picker.css';

/** How many of the chosen people are listed before a search: the rest are found by searching too. */
const chosenShown = 50;

/**
 * Several people chosen from a roster of any size: a search field asks the core for a page of
 * matching people (`people:page`), each with a checkbox. Without a search the chosen people come
 * first, then the first page of everyone else. Enter in the search field chooses its first match.
 */
export function PeopleMultiPicker({
  id,
  label,
  selected,
  filter,
  badge,
  onChange,
}: {
  id: string;
  /** What the search looks for, for screen readers ("Find reps"). */
  label: string;
  selected: readonly PickedPerson[];
  filter?: RepFilter;
  /** Something drawn after a listed person's name (their seniority, a coach mark). */
  badge?: (rep: Rep) => ReactNode;
  onChange: (next: PickedPerson[]) => void;
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const query = useDeferredValue(typed.trim());
  const page = usePickerPage(query, { ...filter, includeArchived: false });
  const chosen = new Set(selected.map((p) => p.id));
  const matches = page.data?.items ?? [];
  const toggle = (person: PickedPerson) =>
    onChange(chosen.has(person.id) ? selected.filter((p) => p.id !== person.id) : [...selected, { id: person.id, name: person.name, email: person.email }]);
  const listed: { person: PickedPerson; rep?: Rep }[] = query
    ? matches.map((rep) => ({ person: rep, rep }))
    : [...selected.slice(0, chosenShown).map((person) => ({ person, rep: matches.find((m) => m.id === person.id) })), ...matches.filter((m) => !chosen.has(m.id)).map((rep) => ({ person: rep, rep }))];
  const hiddenChosen = query ? 0 : Math.max(0, selected.length - chosenShown);
  const more = (page.data?.matching ?? 0) - matches.length;
  const unchosen = matches.filter((m) => !chosen.has(m.id));

  return (
    <div className="people-multi-picker">
      <div className="people-multi-picker__bar">
        <input
          id={`${id}-search`}
          type="search"
          className="input input--compact"
          aria-label={label}
          aria-controls={id}
          placeholder={t('people.picker.search')}
          value={typed}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            // Enter must not submit the form around the picker: it chooses the first match not yet chosen.
            e.preventDefault();
            const first = query === typed.trim() ? unchosen[0] : undefined;
            if (first) {
              toggle(first);
              setTyped('');
            }
          }}
        />
        {unchosen.length > 1 ? (
          <button type="button" className="button button--ghost button--small" onClick={() => onChange([...selected, ...unchosen.map((m) => ({ id: m.id, name: m.name, email: m.email }))])}>
            {t('people.multi.addListed', { count: unchosen.length })}
          </button>
        ) : null}
        {selected.length ? (
          <button type="button" className="button button--ghost button--small" onClick={() => onChange([])}>
            {t('people.multi.clear')}
          </button>
        ) : null}
      </div>
      <div id={id} className="people-multi-picker__list" role="group" aria-label={label} aria-busy={page.loading || undefined}>
        {listed.map(({ person, rep }) => (
          <label key={person.id} className="people-multi-picker__item">
            <input type="checkbox" className="checkbox" checked={chosen.has(person.id)} onChange={() => toggle(person)} />
            <span>{person.name}</span>
            {rep && badge ? badge(rep) : null}
          </label>
        ))}
      </div>
      {hiddenChosen > 0 ? <p className="small muted">{t('people.multi.moreChosen', { count: hiddenChosen })}</p> : null}
      {more > 0 ? (
        <p className="small muted" role="status">
          {t('people.picker.more', { shown: matches.length, count: page.data?.matching ?? 0 })}
        </p>
      ) : page.data && matches.length === 0 ? (
        <p className="small muted" role="status">
          {query ? t('people.picker.none') : t('people.multi.empty')}
        </p>
      ) : null}
    </div>
  );
}
