import { forwardRef, useRef, useState, type FormEvent } from 'react';
import type { Comment, CommentThread } from '../../../../shared/comments';
import type { Participant } from '../../../../shared/sessions';
import { formatMoment } from '../../../../shared/rubrics';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { useCurrentPerson } from '../coaching/use-me';
import type { RangeSelection } from './range-selection';
import './library.css';
import { isNotLoadedOffline, NotLoadedOffline, WaitingBadge } from '../sync/offline-note';
import { useWaiting } from '../sync/use-sync';

interface Props {
  recordingId: string;
  currentMs: number;
  /** When set, the box comments on this range instead of the playhead. */
  range?: RangeSelection | null;
  /** The range comment was added (true) or set aside for one at the playhead (false). */
  onRangeDone?(saved: boolean): void;
  participants: Participant[];
  /** Seeks the player to a comment's moment and plays from there. */
  onPlayAt(ms: number): void;
  /** A comment was added: the player takes the keys back, so Space plays on without a click. */
  onAdded?(): void;
}

/**
 * The take's comments: a box that comments at the playhead, then each thread by its moment with
 * its replies. The author edits and deletes; anyone who sees the take resolves or reopens.
 */
export const CommentsPanel = forwardRef<HTMLTextAreaElement, Props>(function CommentsPanel({ recordingId, currentMs, range = null, onRangeDone, participants, onPlayAt, onAdded }, boxRef) {
  const { t } = useI18n();
  const api = useApi();
  const { me } = useCurrentPerson();
  // Signed in to a hub, the core writes as that person whatever we send; locally the owner names themself by email.
  const myEmail = me?.email ?? null;
  const threads = useApiQuery(`comments:${recordingId}`, (a) => a.invoke('comments:list', { recordingId }), ['comments:changed']);
  const [text, setText] = useState('');
  const [mentions, setMentions] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const at = Math.round(currentMs);
  const where = range ? `${formatMoment(range.startMs)}–${formatMoment(range.endMs)}` : formatMoment(at);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const moment = range ? { atMs: range.startMs, toMs: range.endMs } : { atMs: at };
      await api.invoke('comments:add', { recordingId, ...moment, body: text, mentions, ...(myEmail ? { author: myEmail } : {}) });
      setText('');
      setMentions([]);
      if (range) onRangeDone?.(true);
      onAdded?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="comments-title">
      <h2 id="comments-title" className="card__title">{t('comments.title')}</h2>
      <form className="comment-form" onSubmit={(e) => void submit(e)}>
        <label className="visually-hidden" htmlFor="comment-text">{range ? t('comments.rangeLabel', { range: where }) : t('comments.label', { at: where })}</label>
        <textarea
          id="comment-text"
          ref={boxRef}
          className="input comment-form__text"
          rows={2}
          maxLength={4000}
          placeholder={range ? t('comments.rangePlaceholder', { range: where }) : t('comments.placeholder', { at: where })}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey) && text.trim()) void submit(e);
          }}
        />
        <div className="comment-form__row">
          {participants.length ? (
            <fieldset className="comment-form__mentions">
              <legend className="filter-select__label">{t('comments.mention')}</legend>
              {participants.map((p) => (
                <label key={p.repId} className="toggle">
                  <input
                    type="checkbox"
                    className="checkbox"
                    checked={mentions.includes(p.repId)}
                    onChange={(e) => setMentions((m) => (e.target.checked ? [...m, p.repId] : m.filter((x) => x !== p.repId)))}
                  />
                  {p.name}
                </label>
              ))}
            </fieldset>
          ) : null}
          <div className="comment-form__submit">
            {range ? (
              <button type="button" className="button button--ghost button--small" onClick={() => onRangeDone?.(false)}>{t('comments.atPlayhead')}</button>
            ) : null}
            <button type="submit" className="button button--primary button--small" disabled={busy || !text.trim()}>
              {range ? t('comments.addRange', { range: where }) : t('comments.add', { at: where })}
            </button>
          </div>
        </div>
        <p className="muted comment-form__hint">{t('comments.hint')}</p>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {threads.error ? isNotLoadedOffline(threads.error) ? <NotLoadedOffline /> : <ErrorNotice error={threads.error} onRetry={threads.reload} /> : null}
      {threads.data && threads.data.length === 0 ? <p className="muted">{t('comments.none')}</p> : null}
      <ol className="comment-list">
        {(threads.data ?? []).map((thread) => (
          <Thread key={thread.id} thread={thread} myId={me?.id ?? null} myEmail={myEmail} onPlayAt={onPlayAt} />
        ))}
      </ol>
    </section>
  );
});

function Thread({ thread, myId, myEmail, onPlayAt }: { thread: CommentThread; myId: string | null; myEmail: string | null; onPlayAt(ms: number): void }) {
  const { t } = useI18n();
  const api = useApi();
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState('');
  const [error, setError] = useState<unknown>(null);
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    }
  };
  // Held in a ref too: a second click or Ctrl+Enter can come before the disabled button is drawn.
  const [sending, setSending] = useState(false);
  const sendingRef = useRef(false);
  const sendReply = () => {
    if (sendingRef.current || !reply.trim()) return;
    sendingRef.current = true;
    setSending(true);
    void run(async () => {
      await api.invoke('comments:add', { recordingId: thread.recordingId, parentId: thread.id, body: reply, ...(myEmail ? { author: myEmail } : {}) });
      setReply('');
      setReplying(false);
    }).finally(() => {
      sendingRef.current = false;
      setSending(false);
    });
  };
  const range = thread.toMs !== null ? `${formatMoment(thread.atMs)}–${formatMoment(thread.toMs)}` : formatMoment(thread.atMs);
  return (
    <li className={`comment-thread${thread.resolvedAt ? ' comment-thread--resolved' : ''}`}>
      <div className="comment-thread__head">
        <button type="button" className="button button--ghost button--small marker-item__time" onClick={() => onPlayAt(thread.atMs)} aria-label={t('comments.playAt', { at: range })}>
          {range}
        </button>
        {thread.resolvedAt ? <span className="badge badge--neutral">{t('comments.resolved')}</span> : null}
        <button type="button" className="button button--ghost button--small" onClick={() => void run(() => api.invoke('comments:resolve', { id: thread.id, resolved: !thread.resolvedAt }))}>
          {thread.resolvedAt ? t('comments.reopen') : t('comments.resolve')}
        </button>
      </div>
      <CommentBody comment={thread} myId={myId} />
      <ol className="comment-replies">
        {thread.replies.map((r) => (
          <li key={r.id}>
            <CommentBody comment={r} myId={myId} />
          </li>
        ))}
      </ol>
      {replying ? (
        <form
          className="comment-form comment-form--reply"
          onSubmit={(e) => {
            e.preventDefault();
            sendReply();
          }}
        >
          <label className="visually-hidden" htmlFor={`reply-${thread.id}`}>{t('comments.reply')}</label>
          <textarea
            id={`reply-${thread.id}`}
            className="input"
            rows={2}
            maxLength={4000}
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                sendReply();
              }
            }}
            autoFocus
          />
          <div className="comment-form__row">
            <button type="button" className="button button--ghost button--small" onClick={() => setReplying(false)}>{t('common.cancel')}</button>
            <button type="submit" className="button button--secondary button--small" disabled={sending || !reply.trim()}>{t('comments.sendReply')}</button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button--ghost button--small" onClick={() => setReplying(true)}>{t('comments.reply')}</button>
      )}
      {error ? <ErrorNotice error={error} /> : null}
    </li>
  );
}

/** One comment; its author (or, on this computer, anyone for an unnamed one) can edit or delete it. */
function CommentBody({ comment: c, myId }: { comment: Comment; myId: string | null }) {
  const { t, formatDateTime } = useI18n();
  const api = useApi();
  const mine = c.authorId === null || c.authorId === myId;
  const waiting = useWaiting();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(c.body);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    try {
      await api.invoke('comments:update', { id: c.id, body: text });
      setEditing(false);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="comment">
      <p className="comment__meta muted">
        <strong>{c.authorName ?? t('comments.unnamed')}</strong> · {formatDateTime(c.createdAt)}
        {c.updatedAt !== c.createdAt && !c.resolvedAt ? ` · ${t('comments.edited')}` : ''} <WaitingBadge id={c.id} waiting={waiting} />
      </p>
      {editing ? (
        <form
          className="comment-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label className="visually-hidden" htmlFor={`edit-${c.id}`}>{t('comments.edit')}</label>
          <textarea id={`edit-${c.id}`} className="input" rows={2} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
          <div className="comment-form__row">
            <button type="button" className="button button--ghost button--small" onClick={() => { setText(c.body); setEditing(false); }}>{t('common.cancel')}</button>
            <button type="submit" className="button button--secondary button--small" disabled={!text.trim()}>{t('comments.save')}</button>
          </div>
        </form>
      ) : (
        <p className="comment__body">
          {c.mentions.length ? <span className="comment__mentions">{c.mentions.map((m) => `@${m.name}`).join(' ')} </span> : null}
          {c.body}
        </p>
      )}
      {mine && !editing ? (
        <div className="comment__actions">
          <button type="button" className="button button--ghost button--small" onClick={() => setEditing(true)}>{t('comments.edit')}</button>
          <button type="button" className="button button--ghost button--small" onClick={() => setConfirming(true)}>{t('comments.delete')}</button>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {confirming ? (
        <Dialog
          title={t('comments.deleteTitle')}
          description={c.parentId === null ? t('comments.deleteThread') : t('comments.deleteOne')}
          onClose={() => setConfirming(false)}
          footer={
            <>
              <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
              <button
                type="button"
                className="button button--danger"
                onClick={() => {
                  setConfirming(false);
                  void api.invoke('comments:delete', { id: c.id }).catch(setError);
                }}
              >
                {t('comments.delete')}
              </button>
            </>
          }
        >
          <p className="comment__body">{c.body}</p>
        </Dialog>
      ) : null}
    </div>
  );
}
