import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { ControlProps } from '../../ui/field';

const limit = 8;

/** Zones whose name or city contains what was typed ("hels", "new york"), cities that start with it first. */
export function matchingZones(zones: readonly string[], typed: string): string[] {
  const query = typed.trim().toLowerCase().replace(/[\s_]+/g, ' ');
  if (!query) return [];
  const scored: { zone: string; rank: number }[] = [];
  for (const zone of zones) {
    const name = zone.toLowerCase().replace(/_/g, ' ');
    const at = name.indexOf(query);
    if (at < 0) continue;
    const city = name.slice(name.lastIndexOf('/') + 1);
    scored.push({ zone, rank: city.startsWith(query) ? 0 : at === 0 ? 1 : 2 });
  }
  return scored
    .sort((a, b) => a.rank - b.rank || a.zone.localeCompare(b.zone))
    .slice(0, limit)
    .map((s) => s.zone);
}

/**
 * A time zone field that suggests matching zones as you type (the ARIA combobox pattern: arrows move
 * through the suggestions, Enter takes one, Esc closes them). Any text can still be typed; the form
 * checks it.
 */
export function ZoneInput({ control, value, zones, onChange, suggestionsLabel }: { control: ControlProps; value: string; zones: readonly string[]; onChange(value: string): void; suggestionsLabel: string }) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const matches = useMemo(() => (open ? matchingZones(zones, value).filter((z) => z !== value) : []), [open, zones, value]);
  const shown = open && matches.length > 0;

  function pick(zone: string) {
    onChange(zone);
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (matches.length ? (i + step + matches.length) % matches.length : -1));
    } else if (event.key === 'Enter' && shown && active >= 0) {
      event.preventDefault();
      pick(matches[active]!);
    } else if (event.key === 'Escape' && shown) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  }

  return (
    <div className="zone-input">
      <input
        {...control}
        className="input"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label={suggestionsLabel} className="zone-input__list" hidden={!shown}>
        {matches.map((zone, i) => (
          <li
            key={zone}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={`zone-input__option${i === active ? ' is-active' : ''}`}
            // Taken on mouse down so the input keeps focus (a click would blur it first).
            onMouseDown={(e) => {
              e.preventDefault();
              pick(zone);
            }}
          >
            {zone.replace(/_/g, ' ')}
          </li>
        ))}
      </ul>
    </div>
  );
}
