import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Channel, ChannelOutput } from '../../../../shared/contract';
import { ApiError } from '../../api/api';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n';
import { SignInPage } from './sign-in-page';

export type Me = ChannelOutput<'access:me'>;

const AccessContext = createContext<Me>({ kind: 'owner', repId: null, name: null, role: null, may: [], perItem: [] });

/** Who is using the app: the owner of a local data folder, or a person signed in to a team hub. */
export function useAccess(): Me {
  return useContext(AccessContext);
}

/**
 * Whether the app may offer calls of a channel to whoever uses it, as the core's own rules say
 * (access:me): the local owner everything, a signed-in person what their role allows with any
 * input. A channel allowed only for some things is not offered here: ask `useCan` about the thing.
 */
export function useMay(): (channel: Channel) => boolean {
  const me = useAccess();
  return useCallback((channel: Channel) => me.kind === 'owner' || me.may.includes(channel), [me]);
}

/**
 * Whether each of these calls would be allowed, asked of the core (access:can) without making them;
 * undefined while it answers. Channels `useMay` allows are answered at once.
 */
export function useCan(checks: { channel: Channel; input: unknown }[]): boolean[] | undefined {
  const api = useApi();
  const me = useAccess();
  const key = JSON.stringify(checks);
  const [answer, setAnswer] = useState<{ key: string; value: boolean[] } | null>(null);
  const known = checks.every((c) => me.kind === 'owner' || me.may.includes(c.channel) || !me.perItem.includes(c.channel));
  useEffect(() => {
    if (known) return;
    let current = true;
    api.invoke('access:can', { checks: JSON.parse(key) as { channel: Channel; input: unknown }[] }).then(
      (value) => current && setAnswer({ key, value }),
      () => current && setAnswer({ key, value: [] }),
    );
    return () => {
      current = false;
    };
  }, [api, key, known]);
  if (known) return checks.map((c) => me.kind === 'owner' || me.may.includes(c.channel));
  return answer?.key === key ? checks.map((_, i) => answer.value[i] === true) : undefined;
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
  const me = state.kind === 'ready' ? state.me : { kind: 'owner' as const, repId: null, name: null, role: null, may: [], perItem: [] };
  return <AccessContext.Provider value={me}>{children}</AccessContext.Provider>;
}
