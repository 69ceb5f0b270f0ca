import { useEffect, useRef, useState } from 'react';
import type { OutboxItem, OutgoingUpload, SyncStatus } from '../../../../shared/sync';
import { outboxChannels } from '../../../../shared/sync';
import { useApi } from '../../api/api-context';
import { describeError, localizeServerMessage } from '../../api/errors';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { useToast } from '../../ui/toast';
import { formatSize } from '../library/format';
import { useDemoStatus } from '../demo/demo';
import { useAccess } from '../hub/access-gate';
import { ConflictChoice } from './conflict-choice';
import { JoinHubForm, LeaveHub } from './join-hub';
import { isConnected, useSyncStatus, useUploadProgress, useUploads } from './use-sync';
import './sync.css';

const stateKeys = {
  waiting: 'sync.upload.waiting',
  uploading: 'sync.upload.uploading',
  paused: 'sync.upload.paused',
  done: 'sync.upload.done',
  attention: 'sync.upload.attention',
  'kept-local': 'sync.upload.keptLocal',
} as const;

const badgeTone: Record<OutgoingUpload['state'], string> = {
  waiting: 'neutral',
  uploading: 'accent',
  paused: 'muted',
  done: 'success',
  attention: 'warning',
  'kept-local': 'neutral',
};

/** The changes that can wait in the outbox, each named in Settings (`sync.change.<channel>`). */
const changeKeys = new Set<string>(outboxChannels);

/**
 * Settings' "Team hub" section on a desktop joined to a hub: how the link is, every take on its
 * way up (progress, retry, pause) and the changes waiting or refused, each with its reason.
 */
export function TeamHubSection({ focus = false }: { focus?: boolean }) {
  const { t } = useI18n();
  const status = useSyncStatus();
  const heading = useRef<HTMLHeadingElement>(null);
  const me = useAccess();
  const demo = useDemoStatus();
  const connected = isConnected(status);
  // The owner of a computer on its own may join a hub (not while the demo is shown); a hub's browsers never.
  const canJoin = status !== null && !connected && me.kind === 'owner' && demo !== null && !demo.active;
  useEffect(() => {
    // Arriving from the sidebar's status or the first-run choice: focusing the heading also scrolls to it.
    if (focus && (connected || canJoin)) heading.current?.focus();
  }, [focus, connected, canJoin]);
  if (canJoin) {
    return (
      <section className="card settings-section team-hub" aria-labelledby="settings-team-hub">
        <h2 id="settings-team-hub" className="card__title" ref={heading} tabIndex={-1}>
          {t('join.title')}
        </h2>
        <JoinHubForm />
      </section>
    );
  }
  if (!status || !connected) return null;
  return (
    <section className="card settings-section team-hub" aria-labelledby="settings-team-hub">
      <h2 id="settings-team-hub" className="card__title" ref={heading} tabIndex={-1}>
        {t('sync.title')}
      </h2>
      <LinkState status={status} />
      <Uploads />
      <Outbox />
      <LeaveHub status={status} />
    </section>
  );
}

function LinkState({ status }: { status: SyncStatus }) {
  const api = useApi();
  const toast = useToast();
  const { t, language, formatDateTime } = useI18n();
  const [busy, setBusy] = useState(false);
  const body =
    status.state === 'offline'
      ? status.lastContactAt
        ? t('sync.body.offline', { time: formatDateTime(status.lastContactAt) })
        : t('sync.body.offlineNever')
      : status.state === 'signed-out'
        ? t('sync.body.signedOut')
        : status.state === 'syncing'
          ? t('sync.body.syncing')
          : t('sync.body.online');

  async function sendNow() {
    setBusy(true);
    try {
      const report = await api.invoke('sync:run', {});
      if (report.state === 'offline') toast.show({ tone: 'info', message: t('sync.stillOffline') });
      else if (report.uploaded > 0) toast.show({ tone: 'success', message: t('sync.sent', { count: report.uploaded }) });
      else if (report.state !== 'signed-out') toast.show({ tone: 'info', message: t('sync.nothingToSend') });
    } catch (error) {
      toast.show({ tone: 'error', message: describeError(error, t, language).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={`team-hub__state team-hub__state--${status.state}`}>
      <p className="team-hub__headline">
        <span className={`sync-indicator__dot sync-indicator__dot--${status.state}`} aria-hidden="true" />
        <strong>{t(status.state === 'signed-out' ? 'sync.state.signedOut' : status.state === 'syncing' ? 'sync.state.syncing' : status.state === 'offline' ? 'sync.state.offline' : 'sync.state.online')}</strong>
        {status.lastContactAt && status.state !== 'offline' ? <span className="muted">{t('sync.lastContact', { time: formatDateTime(status.lastContactAt) })}</span> : null}
      </p>
      {status.hubUrl ? <p className="muted">{t('sync.connectedTo', { url: status.hubUrl, name: status.name ?? '' })}</p> : null}
      <p>{body}</p>
      {status.problem ? <p className="team-hub__why">{t('sync.problem', { reason: localizeServerMessage(status.problem, language) })}</p> : null}
      {status.state !== 'signed-out' ? (
        <button type="button" className="button button--secondary button--small" onClick={() => void sendNow()} disabled={busy || status.state === 'syncing'}>
          {t('sync.sendNow')}
        </button>
      ) : null}
    </div>
  );
}

function Uploads() {
  const api = useApi();
  const toast = useToast();
  const { t, language, locale } = useI18n();
  const uploads = useUploads();
  const progress = useUploadProgress();

  async function act(upload: OutgoingUpload, action: 'retry' | 'pause' | 'resume') {
    try {
      if (action === 'retry') await api.invoke('sync:retry', { recordingId: upload.recordingId });
      else await api.invoke('sync:pause', { recordingId: upload.recordingId, paused: action === 'pause' });
      uploads.reload();
    } catch (error) {
      toast.show({ tone: 'error', message: describeError(error, t, language).message });
    }
  }

  return (
    <div className="team-hub__part">
      <h3 className="team-hub__subtitle">{t('sync.uploads.title')}</h3>
      {uploads.error && !uploads.data ? (
        <ErrorNotice error={uploads.error} onRetry={uploads.reload} />
      ) : uploads.data && uploads.data.length === 0 ? (
        <EmptyState title={t('sync.uploads.empty')} />
      ) : (
        <ul className="team-hub__list">
          {(uploads.data ?? []).map((u) => {
            const live = u.state === 'uploading' ? progress.get(u.recordingId) : undefined;
            const sent = live?.sent ?? u.bytesSent;
            const total = live?.total ?? u.bytesTotal;
            const percent = u.state === 'done' ? 100 : total > 0 ? Math.min(100, Math.round((sent / total) * 100)) : 0;
            return (
              <li key={u.recordingId} className="team-hub__item" data-upload={u.recordingId}>
                <div className="team-hub__row">
                  <span className="team-hub__name">{u.sessionTitle}</span>
                  <span className={`badge badge--${badgeTone[u.state]}`}>{t(stateKeys[u.state])}</span>
                </div>
                {u.state === 'kept-local' ? (
                  <p className="muted team-hub__why">{t('sync.keptLocal')}</p>
                ) : (
                  <div className="team-hub__progress">
                    <div
                      className="progress team-hub__bar"
                      role="progressbar"
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-valuenow={percent}
                      aria-label={t('sync.uploads.progressOf', { title: u.sessionTitle })}
                    >
                      <div className="progress__bar" style={{ width: `${percent}%` }} />
                    </div>
                    <span className="muted team-hub__bytes">{t('sync.uploads.bytes', { sent: formatSize(u.state === 'done' ? total : sent, locale), total: formatSize(total, locale) })}</span>
                  </div>
                )}
                {u.state === 'attention' && u.error ? (
                  <p className="field__error team-hub__why">{localizeServerMessage(u.error, language)}</p>
                ) : null}
                {u.state === 'waiting' && u.error ? (
                  <p className="muted team-hub__why">{t('sync.upload.waitingWhy', { reason: localizeServerMessage(u.error, language) })}</p>
                ) : null}
                <div className="team-hub__actions">
                  {u.state === 'attention' ? (
                    <button type="button" className="button button--secondary button--small" onClick={() => void act(u, 'retry')} aria-label={t('sync.retryFor', { title: u.sessionTitle })}>
                      {t('sync.retry')}
                    </button>
                  ) : null}
                  {u.state === 'waiting' || u.state === 'uploading' ? (
                    <button type="button" className="button button--secondary button--small" onClick={() => void act(u, 'pause')} aria-label={t('sync.pauseFor', { title: u.sessionTitle })}>
                      {t('sync.pause')}
                    </button>
                  ) : null}
                  {u.state === 'paused' ? (
                    <button type="button" className="button button--secondary button--small" onClick={() => void act(u, 'resume')} aria-label={t('sync.resumeFor', { title: u.sessionTitle })}>
                      {t('sync.resume')}
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** The texts a change carries (a note, a section, a comment), by where they sit in it; ids and dates are not for editing. */
function textsOf(value: unknown, at: (string | number)[] = []): { path: (string | number)[]; text: string }[] {
  if (typeof value === 'string') {
    const key = String(at[at.length - 1] ?? '');
    const idLike = /(^id$|Id$)/.test(key) || /^[0-9a-f-]{36}$/i.test(value) || /^\d{4}-\d{2}-\d{2}/.test(value);
    return idLike ? [] : [{ path: at, text: value }];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => textsOf(v, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => textsOf(v, [...at, k]));
  return [];
}

function withText(value: unknown, path: (string | number)[], text: string): unknown {
  if (path.length === 0) return text;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? withText(v, rest, text) : v));
  const record = (value ?? {}) as Record<string, unknown>;
  return { ...record, [head!]: withText(record[head!], rest, text) };
}

function Outbox() {
  const api = useApi();
  const toast = useToast();
  const { t, language, formatDateTime } = useI18n();
  const outbox = useApiQuery('sync-outbox', (a) => a.invoke('sync:outbox', {}), ['sync:changed']);
  const [editing, setEditing] = useState<{ id: string; input: unknown } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const what = (item: OutboxItem) => t(changeKeys.has(item.channel) ? (`sync.change.${item.channel}` as 'sync.change.other') : 'sync.change.other');

  async function resend(item: OutboxItem, input?: unknown) {
    try {
      await api.invoke('sync:outbox-resend', { id: item.id, ...(input !== undefined ? { input: input as Record<string, unknown> } : {}) });
      setEditing(null);
      toast.show({ tone: 'info', message: t('sync.outbox.resent') });
      outbox.reload();
    } catch (error) {
      toast.show({ tone: 'error', message: describeError(error, t, language).message });
    }
  }

  async function discard(item: OutboxItem) {
    try {
      await api.invoke('sync:outbox-discard', { id: item.id });
      toast.show({ tone: 'info', message: t('sync.outbox.discarded') });
      outbox.reload();
    } catch (error) {
      toast.show({ tone: 'error', message: describeError(error, t, language).message });
    }
  }

  return (
    <div className="team-hub__part">
      <h3 className="team-hub__subtitle">{t('sync.outbox.title')}</h3>
      <p className="muted">{t('sync.outbox.body')}</p>
      {outbox.error && !outbox.data ? (
        <ErrorNotice error={outbox.error} onRetry={outbox.reload} />
      ) : outbox.data && outbox.data.length === 0 ? (
        <p className="team-hub__empty">{t('sync.outbox.empty')}</p>
      ) : (
        <ul className="team-hub__list">
          {(outbox.data ?? []).map((item) => (
            <li key={item.id} className={`team-hub__item team-hub__item--${item.state}`}>
              <div className="team-hub__row">
                <span className="team-hub__name">{what(item)}</span>
                <span className={`badge badge--${item.state === 'refused' ? 'warning' : 'neutral'}`}>
                  {t(item.state === 'refused' ? 'sync.outbox.refused' : 'sync.outbox.pending')}
                </span>
              </div>
              <p className="muted">{t('sync.outbox.savedAt', { time: formatDateTime(item.createdAt) })}</p>
              {item.theirs !== null ? <ConflictChoice item={item} /> : null}
              {item.state === 'pending' && item.error ? (
                <p className="muted team-hub__why">{t('sync.outbox.waitingWhy', { reason: localizeServerMessage(item.error, language) })}</p>
              ) : null}
              {item.state === 'refused' && item.theirs === null ? (
                <>
                  <p className="team-hub__why">
                    {item.error
                      ? `${t('sync.outbox.reason', { reason: item.errorCode === 'forbidden' ? t('error.forbidden.message') : localizeServerMessage(item.error, language) })} `
                      : null}
                    {t('sync.outbox.kept')}
                  </p>
                  {editing?.id === item.id ? (
                    <form
                      className="team-hub__edit"
                      onSubmit={(event) => {
                        event.preventDefault();
                        void resend(item, editing.input);
                      }}
                    >
                      <p className="muted">{t('sync.outbox.editHint')}</p>
                      {textsOf(editing.input).map((field, n) => (
                        <label key={field.path.join('.')} className="field">
                          <span className="field__label">{t('sync.outbox.field', { n: n + 1 })}</span>
                          <textarea
                            className="field__input"
                            rows={2}
                            value={field.text}
                            onChange={(event) => setEditing({ id: item.id, input: withText(editing.input, field.path, event.target.value) })}
                          />
                        </label>
                      ))}
                      <div className="team-hub__actions">
                        <button type="submit" className="button button--primary button--small">
                          {t('sync.outbox.resend')}
                        </button>
                        <button type="button" className="button button--secondary button--small" onClick={() => setEditing(null)}>
                          {t('sync.outbox.cancelEdit')}
                        </button>
                      </div>
                    </form>
                  ) : confirming === item.id ? (
                    <div className="team-hub__confirm" role="group" aria-label={t('sync.outbox.discardFor', { what: what(item) })}>
                      <p>{t('sync.outbox.discardConfirm')}</p>
                      <div className="team-hub__actions">
                        <button type="button" className="button button--danger button--small" onClick={() => void discard(item)}>
                          {t('sync.outbox.discard')}
                        </button>
                        <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(null)}>
                          {t('sync.outbox.cancelEdit')}
                        </button>
                      </div>
                    </div>
                  ) : (
                    <div className="team-hub__actions">
                      <button type="button" className="button button--secondary button--small" onClick={() => void resend(item)} aria-label={t('sync.outbox.resendFor', { what: what(item) })}>
                        {t('sync.outbox.resend')}
                      </button>
                      {textsOf(item.input).length > 0 ? (
                        <button type="button" className="button button--secondary button--small" onClick={() => setEditing({ id: item.id, input: item.input })} aria-label={t('sync.outbox.editFor', { what: what(item) })}>
                          {t('sync.outbox.edit')}
                        </button>
                      ) : null}
                      <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(item.id)} aria-label={t('sync.outbox.discardFor', { what: what(item) })}>
                        {t('sync.outbox.discard')}
                      </button>
                    </div>
                  )}
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
