import { useEffect, useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useI18n } from '../i18n/i18n';
import { CloseIcon } from './icons';

const focusable =
  'a[href], summary, button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusableIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(focusable)].filter((el) => !el.closest('[inert]'));
}

export interface DialogProps {
  title: ReactNode;
  description?: ReactNode;
  onClose(): void;
  /** `panel` slides in from the right for long forms; `center` is a classic modal. */
  variant?: 'center' | 'panel';
  size?: 'medium' | 'large';
  /** While something is in flight, Esc and the close button are disabled. */
  busy?: boolean;
  footer?: ReactNode;
  children: ReactNode;
}

/**
 * A modal dialog: rendered only while open (the parent decides), focus moves to the first
 * field (or `[data-autofocus]`), Tab stays inside, Esc closes, and focus returns to the
 * control that opened it.
 */
export function Dialog({ title, description, onClose, variant = 'center', size = 'medium', busy = false, footer, children }: DialogProps) {
  const { t } = useI18n();
  const titleId = useId();
  const descriptionId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const body = bodyRef.current;
    const target =
      body?.querySelector<HTMLElement>('[data-autofocus]') ?? (body ? focusableIn(body)[0] : undefined) ?? dialogRef.current;
    target?.focus();
    const { overflow } = document.body.style;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = overflow;
      // The opener can be gone (an empty state replaced by a list); then the page heading takes focus.
      const fallback = document.querySelector<HTMLElement>('main h1');
      if (opener?.isConnected) opener.focus();
      else fallback?.focus();
    };
  }, []);

  const busyRef = useRef(busy);
  useEffect(() => {
    busyRef.current = busy;
  }, [busy]);

  // A control that disables itself while it works drops focus to the page; Escape must still close.
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const onStrayEscape = (event: globalThis.KeyboardEvent) => {
      const focused = document.activeElement;
      if (event.key !== 'Escape' || (focused && focused !== document.body) || busyRef.current) return;
      onCloseRef.current();
    };
    document.addEventListener('keydown', onStrayEscape);
    return () => document.removeEventListener('keydown', onStrayEscape);
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      if (!busyRef.current) onClose();
      return;
    }
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const items = focusableIn(dialogRef.current);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialogRef.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div className={`dialog-backdrop dialog-backdrop--${variant}`}>
      <div
        ref={dialogRef}
        className={`dialog dialog--${variant} dialog--${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        aria-busy={busy || undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="dialog__header">
          <div>
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            {description ? (
              <p id={descriptionId} className="dialog__description">
                {description}
              </p>
            ) : null}
          </div>
          <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose} disabled={busy}>
            <CloseIcon />
          </button>
        </header>
        <div ref={bodyRef} className="dialog__body">
          {children}
        </div>
        {footer ? <footer className="dialog__footer">{footer}</footer> : null}
      </div>
    </div>,
    document.body,
  );
}
