import type { LibraryFilter, LibraryReview, LibrarySort, RepRole } from '../../../../shared/library';

/** What the Library's filter bar holds; kept in the URL hash so a view can be bookmarked and shared. */
export interface LibraryView {
  query: string;
  rep: string;
  role: RepRole;
  team: string;
  focus: string;
  program: string;
  from: string;
  to: string;
  review: LibraryReview;
  minScore: string;
  maxScore: string;
  sort: LibrarySort;
}

export const emptyLibraryView: LibraryView = {
  query: '',
  rep: '',
  role: 'either',
  team: '',
  focus: '',
  program: '',
  from: '',
  to: '',
  review: 'any',
  minScore: '',
  maxScore: '',
  sort: 'date',
};

const roles: readonly string[] = ['either', 'seller', 'buyer'];
const reviews: readonly string[] = ['any', 'unreviewed', 'reviewed'];
const sorts: readonly string[] = ['date', 'score', 'relevance'];
const day = /^\d{4}-\d{2}-\d{2}$/;

function score(value: string | null): string {
  const n = Number(value);
  return value !== null && value.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 100 ? String(n) : '';
}

/** Reads a hash's query; anything a hand-edited link gets wrong is dropped rather than sent on. */
export function viewFromQuery(query: URLSearchParams): LibraryView {
  const pick = <T extends string>(key: string, allowed: readonly string[], fallback: T): T => {
    const value = query.get(key);
    return value !== null && allowed.includes(value) ? (value as T) : fallback;
  };
  const date = (key: string) => {
    const value = query.get(key) ?? '';
    return day.test(value) ? value : '';
  };
  return {
    query: query.get('q') ?? '',
    rep: query.get('rep') ?? '',
    role: pick('role', roles, 'either'),
    team: query.get('team') ?? '',
    focus: query.get('focus') ?? '',
    program: query.get('program') ?? '',
    from: date('from'),
    to: date('to'),
    review: pick('review', reviews, 'any'),
    minScore: score(query.get('min')),
    maxScore: score(query.get('max')),
    sort: pick('sort', sorts, 'date'),
  };
}

export function viewToPath(view: LibraryView): string {
  const query = new URLSearchParams();
  if (view.query.trim()) query.set('q', view.query.trim());
  if (view.rep) query.set('rep', view.rep);
  if (view.rep && view.role !== 'either') query.set('role', view.role);
  if (view.team) query.set('team', view.team);
  if (view.focus) query.set('focus', view.focus);
  if (view.program) query.set('program', view.program);
  if (view.from) query.set('from', view.from);
  if (view.to) query.set('to', view.to);
  if (view.review !== 'any') query.set('review', view.review);
  if (view.minScore) query.set('min', view.minScore);
  if (view.maxScore) query.set('max', view.maxScore);
  if (view.sort !== 'date') query.set('sort', view.sort);
  const text = query.toString();
  return text ? `/library?${text}` : '/library';
}

export function isNarrowed(view: LibraryView): boolean {
  const { sort: _sort, ...rest } = view;
  const { sort: _none, ...empty } = emptyLibraryView;
  return JSON.stringify(rest) !== JSON.stringify(empty);
}

export function toLibraryFilter(view: LibraryView): LibraryFilter {
  return {
    query: view.query.trim(),
    rep: view.rep,
    repRole: view.rep ? view.role : 'either',
    team: view.team,
    focus: view.focus,
    program: view.program,
    ...(view.from ? { from: view.from } : {}),
    ...(view.to ? { to: view.to } : {}),
    review: view.review,
    ...(view.minScore ? { minScore: Number(view.minScore) } : {}),
    ...(view.maxScore ? { maxScore: Number(view.maxScore) } : {}),
    sort: view.sort === 'relevance' && !view.query.trim() ? 'date' : view.sort,
  };
}

/** Words to mark in a snippet: what the search matched, folded the way the index folds them. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');
}

/** Splits a snippet into plain and matched parts (a word matches a query word it starts with, from 3 letters). */
export function highlight(snippet: string, query: string): { text: string; hit: boolean }[] {
  const terms = (query.match(/[\p{L}\p{N}]+/gu) ?? []).map(fold);
  if (terms.length === 0) return [{ text: snippet, hit: false }];
  const parts: { text: string; hit: boolean }[] = [];
  let last = 0;
  for (const m of snippet.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = fold(m[0]);
    const hit = terms.some((t) => word === t || ([...t].length >= 3 && word.startsWith(t)));
    if (!hit) continue;
    if (m.index > last) parts.push({ text: snippet.slice(last, m.index), hit: false });
    parts.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), hit: false });
  return parts;
}
