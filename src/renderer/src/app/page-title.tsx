import { useEffect, useRef, type ReactNode } from 'react';

// When the screen changes, its heading takes focus once it shows, so keyboard and
// screen-reader users start at the top of the new screen. A screen still loading has no
// PageTitle yet; the request waits briefly for it.
const focusWindowMs = 3000;
let focusRequestedAt = 0;

function screenPath(url: string): string {
  const hash = url.split('#')[1] ?? '';
  return hash.split('?')[0] ?? '';
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', (event) => {
    if (screenPath(event.oldURL) !== screenPath(event.newURL)) focusRequestedAt = Date.now();
  });
}

export function PageTitle({ children, className = '' }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusRequestedAt && Date.now() - focusRequestedAt < focusWindowMs) {
      focusRequestedAt = 0;
      ref.current?.focus();
    }
  }, []);
  return (
    <h1 ref={ref} className={`page-title ${className}`.trim()} tabIndex={-1}>
      {children}
    </h1>
  );
}
