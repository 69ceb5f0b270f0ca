import { Component, type ErrorInfo, type ReactNode } from 'react';
import { createTranslate, isLanguage } from '../i18n/i18n';
import { AlertIcon } from '../ui/icons';

interface Props {
  children: ReactNode;
  /** `page` keeps the sidebar usable; `app` replaces everything. */
  scope: 'page' | 'app';
}

interface State {
  error: Error | null;
}

/** Catches a rendering failure so the window never goes blank, and says what to do about it. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Reprise could not show this screen', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return <CrashScreen error={this.state.error} scope={this.props.scope} onRetry={() => this.setState({ error: null })} />;
  }
}

function CrashScreen({ error, scope, onRetry }: { error: Error; scope: Props['scope']; onRetry(): void }) {
  // Works without providers: the crash may have taken them down.
  const lang = document.documentElement.lang;
  const t = createTranslate(isLanguage(lang) ? lang : 'en');
  return (
    <div className={scope === 'app' ? 'crash crash--app' : 'crash'} role="alert">
      <AlertIcon size={28} />
      <h1 className="crash__title" tabIndex={-1}>
        {t('crash.title')}
      </h1>
      <p>{t(scope === 'app' ? 'crash.bodyApp' : 'crash.bodyPage')}</p>
      <p className="crash__detail">
        <code>{error.message}</code>
      </p>
      <div className="crash__actions">
        <button type="button" className="button button--primary" onClick={onRetry}>
          {t('common.retry')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => window.location.reload()}>
          {t('crash.reload')}
        </button>
      </div>
    </div>
  );
}
