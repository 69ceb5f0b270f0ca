import { useEffect, useMemo, useRef, useState } from 'react';
import type { Session } from '../../../../shared/sessions';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { navigate } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { blobToBase64 } from '../record/blob-base64';
import { useAccess, useCan, useMay } from '../hub/access-gate';

const chunkBytes = 2 * 1024 * 1024;

/**
 * Import a Zoom/Teams/other recording into a session: the file goes to the core in slices (the
 * same path a live take uses), then the core checks and finalizes it. Two files (Zoom's separate
 * audio per participant) are sent the same way and joined by the core into one stereo take, once
 * the person has said which is the seller's.
 */
export function ImportRecordingDialog({ onClose }: { onClose(): void }) {
  const { t, locale, focusName } = useI18n();
  const api = useApi();
  const sessions = useApiQuery('sessions:all', (a) => a.invoke('sessions:list', {}));
  const focus = useApiQuery('focus-areas', (a) => a.invoke('focus-areas:list', {}));
  const [sessionId, setSessionId] = useState('');
  const [focusAreaId, setFocusAreaId] = useState('discovery');
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pair, setPair] = useState<File[] | null>(null);
  const [sellerIndex, setSellerIndex] = useState(0);
  const [tooMany, setTooMany] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const me = useAccess();
  const may = useMay();
  // Offered only the sessions the core lets this person import into (their own, or any for an admin).
  const importable = useCan((sessions.data ?? []).map((s) => ({ channel: 'recordings:import' as const, input: { sessionId: s.id, fileName: 'call', mimeType: '' } })));
  const offered = useMemo(() => (sessions.data ?? []).filter((_, i) => importable?.[i] === true), [sessions.data, importable]);
  const groups = useMemo(() => sessionsByDay(offered, locale), [offered, locale]);

  // The picker was disabled while the file went up, so focus fell out of the dialog: once it is
  // enabled again it takes focus back, so the next file is one keypress away and Escape still closes.
  useEffect(() => {
    if (error) file.current?.focus();
  }, [error]);

  /** Sends one file in slices as an import not finished yet; its share of the bar runs from `from` to `to`. */
  const send = async (target: string, chosen: File, from: number, to: number, track?: { role: 'seller' | 'buyer'; sent: string[] }) => {
    const recording = await api.invoke('recordings:import', { sessionId: target, fileName: chosen.name, mimeType: chosen.type, track: track?.role });
    track?.sent.push(recording.id);
    let seq = 0;
    for (let offset = 0; offset < chosen.size; offset += chunkBytes) {
      const data = await blobToBase64(chosen.slice(offset, offset + chunkBytes));
      await api.invoke('recordings:append', { id: recording.id, seq: seq++, data });
      setPercent(Math.round(from + (Math.min(offset + chunkBytes, chosen.size) / chosen.size) * (to - from)));
    }
    return recording.id;
  };

  /** One file, or two with one voice each (the seller's first). */
  const upload = async (files: File[]) => {
    setError(null);
    setPercent(0);
    let created: string | null = null;
    // One file per voice is one import: the files sent before a failure are taken back.
    const sent: string[] = [];
    const name = files.map((f) => f.name).join(' + ');
    try {
      if (!sessionId) {
        // Someone who may import only into their own sessions makes the new one theirs (they played the seller).
        const participants = me.kind === 'person' && !may('recordings:import') ? [{ repId: me.repId!, role: 'seller' as const }] : [];
        created = (await api.invoke('sessions:create', { focusAreaId, title: t('library.import.sessionTitle', { name }), participants })).id;
      }
      const target = sessionId || created!;
      let ready;
      if (files.length === 2) {
        const sellerId = await send(target, files[0]!, 0, 45, { role: 'seller', sent });
        const buyerId = await send(target, files[1]!, 45, 90, { role: 'buyer', sent });
        setPercent(95);
        ready = await api.invoke('recordings:join-tracks', { sellerId, buyerId });
      } else {
        const id = await send(target, files[0]!, 0, 90);
        setPercent(95);
        ready = await api.invoke('recordings:stop', { id, reason: 'user' });
      }
      onClose();
      navigate(`/library/${encodeURIComponent(ready.id)}`);
    } catch (e) {
      for (const id of sent) await api.invoke('recordings:discard-import', { id }).catch(() => undefined);
      // The session made for a refused file never took place: it must not linger in the pickers.
      if (created) await api.invoke('sessions:update', { id: created, patch: { status: 'cancelled' } }).catch(() => undefined);
      setError(e);
      setPercent(null);
      if (file.current) file.current.value = '';
    }
  };

  const choose = (chosen: File[]) => {
    setTooMany(chosen.length > 2);
    setPair(chosen.length === 2 ? chosen : null);
    setSellerIndex(0);
    if (chosen.length === 1) void upload(chosen);
    if (chosen.length > 2 && file.current) file.current.value = '';
  };

  return (
    <Dialog title={t('library.import.title')} onClose={onClose} busy={percent !== null}>
      <p>{t('library.import.body')}</p>
      <Field label={t('library.import.session')}>
        {(p) => (
          <select {...p} className="input" value={sessionId} onChange={(e) => setSessionId(e.target.value)} disabled={percent !== null}>
            <option value="">{t('library.import.newSession')}</option>
            {groups.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.sessions.map(({ session: s, time }) => (
                  <option key={s.id} value={s.id}>
                    {[time, focusName(s.focusAreaName), s.participants.map((p) => p.name).join(' & ') || s.title].filter(Boolean).join(' · ')}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        )}
      </Field>
      {!sessionId ? (
        <Field label={t('library.import.focus')}>
          {(p) => (
            <select {...p} className="input" value={focusAreaId} onChange={(e) => setFocusAreaId(e.target.value)} disabled={percent !== null}>
              {(focus.data ?? []).map((f) => <option key={f.id} value={f.id}>{focusName(f.name)}</option>)}
            </select>
          )}
        </Field>
      ) : null}
      <Field label={t('library.import.file')} hint={t('library.import.fileHint')}>
        {(p) => (
          <input
            {...p}
            ref={file}
            className="file-input"
            type="file"
            accept="video/*,audio/*,.webm,.mp4,.m4a,.mkv,.wav,.mp3,.ogg"
            multiple
            disabled={percent !== null}
            onChange={(e) => choose([...(e.target.files ?? [])])}
          />
        )}
      </Field>
      {tooMany ? <p className="field__error" role="alert">{t('library.import.pair.tooMany')}</p> : null}
      {pair ? (
        <fieldset className="form__section import-pair" disabled={percent !== null}>
          <legend className="form__legend">{t('library.import.pair.title')}</legend>
          <p>{t('library.import.pair.body')}</p>
          <div className="import-pair__files" role="radiogroup" aria-label={t('library.import.pair.seller')}>
            {pair.map((f, i) => (
              <label key={`${i}-${f.name}`} className="import-pair__file">
                <input type="radio" name="seller-file" checked={sellerIndex === i} onChange={() => setSellerIndex(i)} />
                {f.name}
              </label>
            ))}
          </div>
          <button type="button" className="button button--primary" onClick={() => void upload([pair[sellerIndex]!, pair[1 - sellerIndex]!])}>
            {t('library.import.pair.start')}
          </button>
        </fieldset>
      ) : null}
      {percent !== null ? (
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={t('library.import.progress')}>
          <div className="progress__bar" style={{ width: `${percent}%` }} />
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </Dialog>
  );
}

/**
 * Sessions a recording can belong to, newest day first, one group per day: a long list of
 * weekly role-plays is found by its date. Each option says its date too: a closed list shows only
 * the chosen option, without its group. Cancelled sessions never took place, so they are left out.
 */
function sessionsByDay(sessions: Session[], locale: string): { label: string; sessions: { session: Session; time: string }[] }[] {
  const day = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', year: 'numeric' });
  const clock = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const groups = new Map<string, { label: string; sessions: { session: Session; time: string }[] }>();
  const when = (s: Session) => s.startsAt ?? s.createdAt;
  for (const s of [...sessions].filter((x) => x.status !== 'cancelled').sort((a, b) => when(b).localeCompare(when(a)))) {
    const at = new Date(when(s));
    const label = day.format(at);
    const group = groups.get(label) ?? { label, sessions: [] };
    group.sessions.push({ session: s, time: `${short.format(at)} ${clock.format(at)}` });
    groups.set(label, group);
  }
  return [...groups.values()];
}
