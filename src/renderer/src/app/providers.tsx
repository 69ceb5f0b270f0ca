import type { ReactNode } from 'react';
import type { Api } from '../api/api';
import { ApiProvider } from '../api/api-context';
import { TakeProvider } from '../features/record/take-provider';
import { I18nProvider, type Language } from '../i18n/i18n';
import { ThemeProvider } from '../theme/theme';
import { ToastProvider } from '../ui/toast';

/** Everything a screen needs around it; tests use it with a fake Api and a fixed language. */
export function AppProviders({ api, language, children }: { api: Api; language?: Language; children: ReactNode }) {
  return (
    <ApiProvider api={api}>
      <I18nProvider language={language}>
        <ThemeProvider>
          <ToastProvider>
            <TakeProvider>{children}</TakeProvider>
          </ToastProvider>
        </ThemeProvider>
      </I18nProvider>
    </ApiProvider>
  );
}
