import { useId, useState, type FormEvent } from 'react';
import type { SyncStatus } from '../../../../shared/sync';
import { useApi } from '../../api/api-context';
import { ApiError } from '../../api/api';
import { describeError } from '../../api/errors';
import { useI18n, type Translate } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';
import { Field } from '../../ui/field';
import { useToast } from '../../ui/toast';

/** What went wrong joining, in the person's words: each refusal the core can give has its own sentence. */
function joinError(error: unknown, t: Translate, language: Parameters<typeof describeError>[2]): { field: 'url' | 'code' | null; message: string } {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'hub_unreachable':
        return { field: 'url', message: t('join.error.unreachable') };
      case 'invite_invalid':
        return { field: 'code', message: t('join.error.code') };
      case 'already_connected':
        return { field: null, message: t('join.error.already') };
      case 'not_empty':
        return { field: null, message: t('join.error.notEmpty') };
      case 'conflict':
        return { field: null, message: t('join.error.demo') };
      case 'invalid_input':
        if (error.issues.some((i) => i.path === 'url') || error.issues.length === 0) return { field: 'url', message: t('join.error.address') };
        return { field: 'code', message: t('join.error.code') };
    }
  }
  return { field: null, message: describeError(error, t, language).message };
}

/**
 * Settings → Team hub on a computer on its own: the hub's address and a one-time code. On success
 * the app opens this data folder again as joined (the window reloads and shows the team's data).
 */
export function JoinHubForm() {
  const api = useApi();
  const toast = useToast();
  const { t, language } = useI18n();
  const [url, setUrl] = useState('');
  const [code, setCode] = useState('');
  const [device, setDevice] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ field: 'url' | 'code' | null; message: string } | null>(null);
  const formError = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const joined = await api.invoke('hub:join', { url: url.trim(), code: code.trim(), ...(device.trim() ? { device: device.trim() } : {}) });
      toast.show({ tone: 'success', message: t('join.joined', { name: joined.name }) });
      // The folder switched under the window: it reloads on `demo:switched`.
    } catch (error) {
      setProblem(joinError(error, t, language));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="join-hub" onSubmit={(e) => void submit(e)} aria-describedby={problem && !problem.field ? formError : undefined} noValidate>
      <p className="muted">{t('join.body')}</p>
      <Field label={t('join.url')} hint={t('join.urlHint')} required error={problem?.field === 'url' ? problem.message : undefined}>
        {(control) => (
          <input {...control} className="field__input" type="url" inputMode="url" autoComplete="url" maxLength={2000} value={url} onChange={(e) => setUrl(e.target.value)} disabled={busy} />
        )}
      </Field>
      <Field label={t('join.code')} hint={t('join.codeHint')} required error={problem?.field === 'code' ? problem.message : undefined}>
        {(control) => (
          <input {...control} className="field__input" autoComplete="one-time-code" spellCheck={false} maxLength={64} value={code} onChange={(e) => setCode(e.target.value)} disabled={busy} />
        )}
      </Field>
      <Field label={t('join.device')} hint={t('join.deviceHint')}>
        {(control) => <input {...control} className="field__input" maxLength={100} value={device} onChange={(e) => setDevice(e.target.value)} disabled={busy} />}
      </Field>
      {problem && !problem.field ? (
        <p id={formError} className="field__error" role="alert">
          {problem.message}
        </p>
      ) : null}
      <div className="team-hub__actions">
        <button type="submit" className="button button--primary" disabled={busy || !url.trim() || !code.trim()}>
          {busy ? t('join.joining') : t('join.submit')}
        </button>
      </div>
    </form>
  );
}

/** Leaving asks first, and says what becomes of the takes and changes that have not gone up. */
export function LeaveHub({ status }: { status: SyncStatus }) {
  const api = useApi();
  const toast = useToast();
  const { t, language } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const waiting = status.uploads.waiting + status.uploads.uploading + status.uploads.paused + status.uploads.attention + status.outbox.pending + status.outbox.refused;

  async function leave() {
    setBusy(true);
    try {
      await api.invoke('hub:leave', {});
      toast.show({ tone: 'info', message: t('join.left') });
      setConfirming(false);
    } catch (error) {
      toast.show({ tone: 'error', message: describeError(error, t, language).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="team-hub__part">
      <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(true)}>
        {t('join.leave')}
      </button>
      {confirming ? (
        <Dialog
          title={t('join.leave.title')}
          onClose={() => setConfirming(false)}
          busy={busy}
          footer={
            <>
              <button type="button" className="button button--secondary" onClick={() => setConfirming(false)} disabled={busy} data-autofocus>
                {t('common.cancel')}
              </button>
              <button type="button" className="button button--danger" onClick={() => void leave()} disabled={busy}>
                {t('join.leave.confirm')}
              </button>
            </>
          }
        >
          <div className="join-hub__leave">
            <p>{t('join.leave.body', { url: status.hubUrl ?? '' })}</p>
            <p>{waiting > 0 ? t('join.leave.waiting', { count: waiting }) : t('join.leave.nothingWaiting')}</p>
            <p className="muted">{t('join.leave.device')}</p>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
