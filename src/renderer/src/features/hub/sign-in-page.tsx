import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n';
import { Field } from '../../ui/field';
import { LogoMark } from '../../ui/icons';
import './hub.css';

type Problem = { kind: 'empty' } | { kind: 'invalid' } | { kind: 'limited'; minutes: number } | { kind: 'offline' };

/** The hub's front door: a one-time code from an admin becomes this browser's sign-in (an HttpOnly cookie). */
export function SignInPage() {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!code.trim()) return setProblem({ kind: 'empty' });
    setBusy(true);
    setProblem(null);
    try {
      const response = await fetch('/auth/redeem', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: code.trim() }),
      });
      if (response.ok) return window.location.reload();
      if (response.status === 429) {
        const seconds = Number(response.headers.get('retry-after') ?? '60');
        setProblem({ kind: 'limited', minutes: Math.max(1, Math.ceil(seconds / 60)) });
      } else setProblem({ kind: 'invalid' });
    } catch {
      setProblem({ kind: 'offline' });
    }
    setBusy(false);
  }

  const message =
    problem?.kind === 'empty'
      ? t('hub.signIn.empty')
      : problem?.kind === 'invalid'
        ? t('hub.signIn.invalid')
        : problem?.kind === 'limited'
          ? t('hub.signIn.limited', { minutes: problem.minutes })
          : problem?.kind === 'offline'
            ? t('hub.signIn.offline')
            : undefined;

  return (
    <main className="sign-in" id="main">
      <form className="card sign-in__card" onSubmit={submit} noValidate>
        <div className="sign-in__brand">
          <LogoMark size={36} />
          <span>{t('app.name')}</span>
        </div>
        <h1 className="sign-in__title">{t('hub.signIn.title')}</h1>
        <p className="sign-in__body">{t('hub.signIn.body')}</p>
        <Field label={t('hub.signIn.code')} hint={t('hub.signIn.codeHint')} error={message} required>
          {(control) => (
            <input
              {...control}
              className="input sign-in__code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              autoFocus
              maxLength={40}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary sign-in__submit" disabled={busy}>
          {busy ? t('hub.signIn.working') : t('hub.signIn.submit')}
        </button>
        <p className="field__hint">{t('hub.signIn.noCode')}</p>
      </form>
    </main>
  );
}
