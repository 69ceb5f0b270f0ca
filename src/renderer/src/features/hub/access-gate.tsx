import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ChannelOutput } from '../../../../shared/contract';
import { ApiError } from '../../api/api';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n';
import { SignInPage } from './sign-in-page';

export type Me = ChannelOutput<'access:me'>;

const AccessContext = createContext<Me>({ kind: 'owner', repId: null, name: null, role: null });

/** Who is using the app: the owner of a local data folder, or a person signed in to a team hub. */
export function useAccess(): Me {
  return useContext(AccessContext);
}

/** True when the app may offer admin tools (the core still decides every call). */
export function canAdminister(me: Me): boolean {
  return me.kind === 'owner' || me.role === 'admin';
}

type State = { kind: 'loading' } | { kind: 'ready'; me: Me } | { kind: 'signIn' } | { kind: 'failed'; error: unknown };

/**
 * Asks the core who is calling before anything else renders: local mode passes straight through,
 * a hub without a valid sign-in shows the sign-in screen instead of the app.
 */
export function AccessGate({ children }: { children: ReactNode }) {
  const api = useApi();
  const { t } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    api.invoke('access:me', {}).then(
      (me) => current && setState({ kind: 'ready', me }),
      (error: unknown) => current && setState(error instanceof ApiError && error.code === 'unauthenticated' ? { kind: 'signIn' } : { kind: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [api]);
  if (state.kind === 'signIn') return <SignInPage />;
  if (state.kind === 'loading') return <p className="gate-loading" aria-live="polite">{t('common.loading')}</p>;
  // A core that cannot say who is calling is an old one or a broken one: the app still opens, as the owner.
  const me = state.kind === 'ready' ? state.me : { kind: 'owner' as const, repId: null, name: null, role: null };
  return <AccessContext.Provider value={me}>{children}</AccessContext.Provider>;
}
