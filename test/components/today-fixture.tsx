import { render } from '@testing-library/react';
import { App } from '../../src/renderer/src/app/app';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import { fakeApi } from './fake-api';

type Handlers = Parameters<typeof fakeApi>[0];

/**
 * Today as `me` sees it, with nothing planned, owed or due unless the handlers say otherwise; the
 * access gate asks `access:me` as the app does (the owner of a local data folder unless given).
 */
export function renderToday(handlers: Handlers, { me, language = 'en' }: { me: string; language?: 'en' | 'fi' }) {
  const api = fakeApi({
    'schedule:next': () => null,
    'schedule:list': () => [],
    'scorecards:to-write': () => [],
    'reinforcement:due': () => [],
    'reminders:due': () => [],
    'recordings:recover': () => [],
    'recordings:list': () => [],
    'certifications:reminders': () => [],
    ...handlers,
  });
  window.localStorage.setItem('reprise.coaching.me', me);
  window.location.hash = '#/today';
  render(
    <AppProviders api={api} language={language}>
      <AccessGate>
        <App />
      </AccessGate>
    </AppProviders>,
  );
  return api;
}
