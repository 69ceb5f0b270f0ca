import { useSyncExternalStore } from 'react';

/** The areas of the product, in the order the sidebar shows them. */
export const areas = ['today', 'schedule', 'record', 'library', 'coaching', 'people', 'progress', 'settings'] as const;
export type Area = (typeof areas)[number];

export type Route =
  | { name: 'area'; area: Area; query: URLSearchParams }
  | { name: 'person'; id: string }
  | { name: 'recording'; id: string; /** Where to open the player (a search hit's moment). */ atMs: number | null }
  /** A certificate by its verification code; without one, the form that checks a code. */
  | { name: 'certificate'; code: string | null; query: URLSearchParams }
  /** The Library's Great moments, filtered by focus area and criterion in the query. */
  | { name: 'moments'; query: URLSearchParams }
  | { name: 'notFound'; path: string };

export const defaultPath = '/today';

function isArea(value: string): value is Area {
  return (areas as readonly string[]).includes(value);
}

/** `#/people?team=Nordics` → `{ name: 'area', area: 'people', query }`. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '') || defaultPath;
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const segments = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  // `#/` (a link or bookmark to the app's root) opens the start page, as an empty address does.
  if (segments.length === 0) return parseRoute(defaultPath);
  const [first = '', second, ...rest] = segments;
  if (first === 'people' && second && rest.length === 0) return { name: 'person', id: second };
  if (first === 'library' && second && rest.length === 0) {
    const at = Number(new URLSearchParams(queryPart).get('t') ?? '');
    return { name: 'recording', id: second, atMs: Number.isInteger(at) && at >= 0 && queryPart.includes('t=') ? at : null };
  }
  if (first === 'certificates' && rest.length === 0) return { name: 'certificate', code: second ?? null, query: new URLSearchParams(queryPart) };
  if (first === 'moments' && second === undefined) return { name: 'moments', query: new URLSearchParams(queryPart) };
  if (isArea(first) && second === undefined) return { name: 'area', area: first, query: new URLSearchParams(queryPart) };
  return { name: 'notFound', path: pathPart };
}

/** The area a route belongs to, for the sidebar's current item. */
export function areaOf(route: Route): Area | null {
  if (route.name === 'area') return route.area;
  if (route.name === 'person') return 'people';
  if (route.name === 'recording' || route.name === 'moments') return 'library';
  return null;
}

export function certificatePath(code: string | null = null): string {
  return code ? `/certificates/${encodeURIComponent(code)}` : '/certificates';
}

export function hrefFor(path: string): string {
  return `#${path}`;
}

export function recordingPath(id: string, atMs: number | null = null): string {
  return `/library/${encodeURIComponent(id)}${atMs !== null ? `?t=${atMs}` : ''}`;
}

export function momentsPath(filter: { focus?: string; criterion?: string } = {}): string {
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
  return `/moments${query ? `?${query}` : ''}`;
}

export function personPath(id: string): string {
  return `/people/${encodeURIComponent(id)}`;
}

// replaceState does not fire hashchange, so replacements announce themselves with this event.
const replacedEvent = 'reprise:route-replaced';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener(replacedEvent, onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(replacedEvent, onChange);
  };
}

function currentHash(): string {
  return window.location.hash;
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, currentHash, () => '');
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const hash = hrefFor(path);
  if (options.replace) {
    if (window.location.hash === hash) return;
    window.history.replaceState(window.history.state, '', hash);
    window.dispatchEvent(new Event(replacedEvent));
  } else {
    window.location.hash = hash;
  }
}
