import type { RepFilter, Seniority } from '../../../../shared/people';

/** What the roster's filter bar holds; kept in the URL hash so a reload keeps it. */
export interface RosterFilter {
  query: string;
  team: string | null;
  role: string | null;
  seniority: Seniority | null;
  coachesOnly: boolean;
  showArchived: boolean;
}

export const emptyRosterFilter: RosterFilter = {
  query: '',
  team: null,
  role: null,
  seniority: null,
  coachesOnly: false,
  showArchived: false,
};

const seniorities: readonly string[] = ['new_hire', 'senior', 'unknown'];

export function filterFromQuery(query: URLSearchParams): RosterFilter {
  const seniority = query.get('seniority');
  return {
    query: query.get('q') ?? '',
    team: query.get('team'),
    role: query.get('role'),
    seniority: seniority && seniorities.includes(seniority) ? (seniority as Seniority) : null,
    coachesOnly: query.get('coaches') === '1',
    showArchived: query.get('archived') === '1',
  };
}

export function filterToPath(filter: RosterFilter): string {
  const query = new URLSearchParams();
  if (filter.query.trim()) query.set('q', filter.query.trim());
  if (filter.team !== null) query.set('team', filter.team);
  if (filter.role !== null) query.set('role', filter.role);
  if (filter.seniority) query.set('seniority', filter.seniority);
  if (filter.coachesOnly) query.set('coaches', '1');
  if (filter.showArchived) query.set('archived', '1');
  const text = query.toString();
  return text ? `/people?${text}` : '/people';
}

/** The narrowing filters (everything but "show archived", which widens). */
export function isFiltering(filter: RosterFilter): boolean {
  return Boolean(filter.query.trim()) || filter.team !== null || filter.role !== null || filter.seniority !== null || filter.coachesOnly;
}

export function toRepFilter(filter: RosterFilter): RepFilter {
  return {
    ...(filter.query.trim() ? { query: filter.query.trim() } : {}),
    ...(filter.team !== null ? { team: filter.team } : {}),
    ...(filter.role !== null ? { role: filter.role } : {}),
    ...(filter.seniority ? { seniority: filter.seniority } : {}),
    ...(filter.coachesOnly ? { coachesOnly: true } : {}),
    ...(filter.showArchived ? { includeArchived: true } : {}),
  };
}

/** Distinct non-empty values, sorted the way people of `locale` sort. */
export function distinctValues(values: readonly string[], locale: string): string[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))].sort(collator.compare);
}
