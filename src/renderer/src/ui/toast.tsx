import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { CheckIcon, AlertIcon, CloseIcon } from './icons';

export interface ToastInput {
  message: string;
  tone?: 'success' | 'error' | 'info';
  action?: { label: string; onAction(): void };
}

interface Toast extends ToastInput {
  id: number;
}

interface Toasts {
  show(toast: ToastInput): void;
}

const ToastContext = createContext<Toasts | null>(null);

const plainMs = 6000;
const withActionMs = 10000;

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss(id: number): void }) {
  const { t } = useI18n();
  const [paused, setPaused] = useState(false);

  useEffect(() => {
    if (paused) return undefined;
    const timer = window.setTimeout(() => onDismiss(toast.id), toast.action ? withActionMs : plainMs);
    return () => window.clearTimeout(timer);
  }, [paused, toast, onDismiss]);

  const tone = toast.tone ?? 'info';
  return (
    <div
      className={`toast toast--${tone}`}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <span className="toast__icon">{tone === 'error' ? <AlertIcon /> : <CheckIcon />}</span>
      <p className="toast__message">{toast.message}</p>
      {toast.action ? (
        <button
          type="button"
          className="button button--ghost button--small toast__action"
          onClick={() => {
            toast.action?.onAction();
            onDismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button type="button" className="icon-button icon-button--small" aria-label={t('common.dismiss')} onClick={() => onDismiss(toast.id)}>
        <CloseIcon size={16} />
      </button>
    </div>
  );
}

/** Toasts live in one polite live region, so screen readers announce them without stealing focus. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((item) => item.id !== id)), []);
  const show = useCallback((toast: ToastInput) => {
    const id = nextId.current++;
    setToasts((list) => [...list.slice(-3), { ...toast, id }]);
  }, []);
  const value = useMemo(() => ({ show }), [show]);

  return (
    <ToastContext value={value}>
      {children}
      <section className="toast-region" aria-label={t('toast.region')} aria-live="polite" aria-relevant="additions text">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </section>
    </ToastContext>
  );
}

export function useToast(): Toasts {
  const value = useContext(ToastContext);
  if (!value) throw new Error('useToast needs a <ToastProvider> above it.');
  return value;
}
