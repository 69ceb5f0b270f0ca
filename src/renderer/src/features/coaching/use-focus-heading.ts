import { useEffect } from 'react';

// Views inside the Coaching area change by query, which the shell does not treat as a new
// screen. When the control that opened a view is gone, focus would fall to the page body;
// the new view's heading takes it instead (only right after such a change, not on a reload).
const focusWindowMs = 3000;
let viewChangedAt = 0;

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', (event) => {
    const inCoaching = (url: string) => (url.split('#')[1] ?? '').startsWith('/coaching');
    if (inCoaching(event.oldURL) && inCoaching(event.newURL)) viewChangedAt = Date.now();
  });
}

export function useFocusHeadingIfLost(): void {
  useEffect(() => {
    if (!viewChangedAt || Date.now() - viewChangedAt > focusWindowMs) return;
    viewChangedAt = 0;
    const active = document.activeElement;
    if (!active || active === document.body) document.querySelector<HTMLElement>('main h1')?.focus();
  }, []);
}
