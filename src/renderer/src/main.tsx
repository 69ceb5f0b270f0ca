import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api/api';
import { App } from './app/app';
import { ErrorBoundary } from './app/error-boundary';
import { AppProviders } from './app/providers';
import { AccessGate } from './features/hub/access-gate';
import { applyTheme, resolveTheme, storedThemePreference } from './theme/theme';
import './styles/tokens.css';
import './styles/app.css';

// Before the first paint, so a dark OS never sees a white flash.
applyTheme(resolveTheme(storedThemePreference(), window.matchMedia('(prefers-color-scheme: dark)').matches));

const api = createApi();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary scope="app">
      <AppProviders api={api}>
        <AccessGate>
          <App />
        </AccessGate>
      </AppProviders>
    </ErrorBoundary>
  </StrictMode>,
);
