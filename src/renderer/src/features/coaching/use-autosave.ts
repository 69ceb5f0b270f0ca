import { useCallback, useEffect, useRef, useState } from 'react';

export type SaveState = { kind: 'idle' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; error: unknown };

export interface Autosave<T> {
  state: SaveState;
  /** Remember the latest value and save it once typing pauses. */
  schedule(value: T): void;
  /** Save the latest scheduled value now (if any) and wait until every save has finished. */
  flush(): Promise<void>;
}

/**
 * Saves as the user types: one save after each pause, never two at once, always the newest
 * value. Each save is a complete write in the core, so whatever reached it survives a crash.
 */
export function useAutosave<T>(save: (value: T) => Promise<unknown>, delayMs = 500): Autosave<T> {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });
  const pending = useRef<{ value: T } | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const mounted = useRef(true);

  const flush = useCallback(() => {
    window.clearTimeout(timer.current);
    const next = pending.current;
    pending.current = null;
    if (next) {
      chain.current = chain.current.then(async () => {
        if (mounted.current) setState({ kind: 'saving' });
        try {
          await saveRef.current(next.value);
          if (mounted.current && !pending.current) setState({ kind: 'saved', at: new Date() });
        } catch (error) {
          // Keep the value so the next change or flush tries again.
          pending.current ??= next;
          if (mounted.current) setState({ kind: 'error', error });
        }
      });
    }
    return chain.current;
  }, []);

  const schedule = useCallback(
    (value: T) => {
      pending.current = { value };
      setState({ kind: 'pending' });
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void flush(), delayMs);
    },
    [delayMs, flush],
  );

  // Leaving the screen saves what was typed last instead of dropping it.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      void flush();
    };
  }, [flush]);

  return { state, schedule, flush };
}
