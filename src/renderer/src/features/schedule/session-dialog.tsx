import { useState } from 'react';
import { ApiError } from '../../api/api';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { useToast } from '../../ui/toast';
import { pairingText, peopleLine, roleName } from '../programs/format';

type Action = 'reschedule' | 'swap' | 'cancel' | null;

/** One session: who, why, what changed, and the changes that touch only this session. */
export function SessionDialog({ id, onClose }: { id: string; onClose(): void }) {
  const { t, formatDateTime, formatSessionTime, focusName, shipped } = useI18n();
  const api = useApi();
  const toast = useToast();
  const session = useApiQuery(`schedule:get:${id}`, (a) => a.invoke('schedule:get', { id }), ['sessions:changed']);
  const program = useApiQuery(`schedule:program:${session.data?.programId ?? ''}`, (a) =>
    session.data ? a.invoke('programs:get', { id: session.data.programId }) : Promise.resolve(null),
  );
  const [action, setAction] = useState<Action>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [out, setOut] = useState('');
  const [into, setInto] = useState('');
  const [reason, setReason] = useState('');

  const s = session.data;
  async function run(work: () => Promise<unknown>, message: string) {
    setBusy(true);
    setError(null);
    try {
      await work();
      toast.show({ tone: 'success', message });
      setAction(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const issue = (path: string) => (error instanceof ApiError ? error.issues.find((i) => i.path === path)?.message : undefined);

  const open = (next: Action) => {
    setError(null);
    setAction(next);
    if (s && next === 'reschedule') {
      setDate(s.localDate);
      setTime(new Intl.DateTimeFormat('en-GB', { timeZone: s.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(s.startsAt)));
    }
    if (s && next === 'swap') {
      setOut(s.participants[0]?.repId ?? '');
      setInto('');
    }
  };

  const started = s ? Date.parse(s.startsAt) <= Date.now() : false;
  const candidates = (program.data?.reps ?? []).filter((r) => !r.archived && !s?.participants.some((p) => p.repId === r.repId));

  return (
    <Dialog title={s ? t('schedule.session.title', { focus: focusName(s.focusAreaName) }) : t('common.loading')} description={s ? formatSessionTime(s.startsAt, s.timeZone) : undefined} onClose={onClose} busy={busy} variant="panel">
      {session.error ? <ErrorNotice error={session.error} onRetry={session.reload} /> : null}
      {s ? (
        <div className="schedule-session">
          <dl className="facts">
            <div className="facts__row">
              <dt>{t('schedule.session.program')}</dt>
              <dd>{s.programName}</dd>
            </div>
            <div className="facts__row">
              <dt>{t('schedule.session.people')}</dt>
              <dd>{peopleLine(s, t)}</dd>
            </div>
            <div className="facts__row">
              <dt>{t('schedule.session.coach')}</dt>
              <dd>{s.participants.find((p) => p.repId === s.coachRepId)?.name ?? '—'}</dd>
            </div>
            <div className="facts__row">
              <dt>{t('schedule.session.status')}</dt>
              <dd>{t(`schedule.status.${s.status}`)}</dd>
            </div>
            {s.scenarioTitle ? (
              <div className="facts__row">
                <dt>{t('schedule.session.scenario')}</dt>
                <dd>{shipped(s.scenarioTitle)}</dd>
              </div>
            ) : null}
          </dl>
          {s.reason ? <p className="muted">{pairingText(s.reason, t)}</p> : null}

          {s.status === 'scheduled' ? (
            <div className="schedule-session__actions">
              <button type="button" className="button button--secondary button--small" onClick={() => open('reschedule')}>
                {t('schedule.reschedule')}
              </button>
              <button type="button" className="button button--secondary button--small" onClick={() => open('swap')}>
                {t('schedule.swap')}
              </button>
              <button type="button" className="button button--ghost button--small" onClick={() => open('cancel')}>
                {t('schedule.cancelSession')}
              </button>
              {started ? (
                <>
                  <button type="button" className="button button--primary button--small" disabled={busy} onClick={() => void run(() => api.invoke('schedule:set-status', { id, status: 'done' }), t('schedule.markedDone'))}>
                    {t('schedule.markDone')}
                  </button>
                  <button type="button" className="button button--ghost button--small" disabled={busy} onClick={() => void run(() => api.invoke('schedule:set-status', { id, status: 'missed' }), t('schedule.markedMissed'))}>
                    {t('schedule.markMissed')}
                  </button>
                </>
              ) : null}
            </div>
          ) : s.status !== 'cancelled' ? (
            <button type="button" className="button button--ghost button--small" disabled={busy} onClick={() => void run(() => api.invoke('schedule:set-status', { id, status: 'scheduled' }), t('schedule.reopened'))}>
              {t('schedule.reopen')}
            </button>
          ) : null}

          {action === 'reschedule' ? (
            <form
              className="form schedule-session__form"
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => api.invoke('schedule:reschedule', { id, date, time }), t('schedule.rescheduled'));
              }}
            >
              <p className="field__hint">{t('schedule.onlyThis', { zone: s.timeZone })}</p>
              <div className="form__row">
                <Field label={t('programs.field.date')} error={issue('date')}>
                  {(p) => <input {...p} className="input" type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
                </Field>
                <Field label={t('programs.field.time')} error={issue('time')}>
                  {(p) => <input {...p} className="input" type="time" value={time} onChange={(e) => setTime(e.target.value)} />}
                </Field>
              </div>
              <button type="submit" className="button button--primary" disabled={busy}>
                {t('schedule.reschedule')}
              </button>
            </form>
          ) : null}

          {action === 'swap' ? (
            <form
              className="form schedule-session__form"
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => api.invoke('schedule:swap', { id, outRepId: out, inRepId: into }), t('schedule.swapped'));
              }}
            >
              <p className="field__hint">{t('schedule.swapHint')}</p>
              <div className="form__row">
                <Field label={t('schedule.swapOut')} error={issue('outRepId')}>
                  {(p) => (
                    <select {...p} className="input" value={out} onChange={(e) => setOut(e.target.value)}>
                      {s.participants.map((m) => (
                        <option key={m.repId} value={m.repId}>
                          {m.name} ({roleName(m.role, t)})
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('schedule.swapIn')} error={issue('inRepId')}>
                  {(p) => (
                    <select {...p} className="input" value={into} onChange={(e) => setInto(e.target.value)}>
                      <option value="" disabled>
                        {t('schedule.pickRep')}
                      </option>
                      {candidates.map((r) => (
                        <option key={r.repId} value={r.repId}>
                          {r.name}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              <button type="submit" className="button button--primary" disabled={busy || !into}>
                {t('schedule.swap')}
              </button>
            </form>
          ) : null}

          {action === 'cancel' ? (
            <form
              className="form schedule-session__form"
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => api.invoke('schedule:cancel', { id, reason }), t('schedule.cancelled'));
              }}
            >
              <Field label={t('schedule.cancelReason')}>
                {(p) => <input {...p} className="input" value={reason} onChange={(e) => setReason(e.target.value)} />}
              </Field>
              <p className="field__hint">{t('schedule.cancelHint')}</p>
              <button type="submit" className="button button--danger" disabled={busy}>
                {t('schedule.cancelSession')}
              </button>
            </form>
          ) : null}

          {error && !(error instanceof ApiError && error.issues.length) ? <ErrorNotice error={error} /> : null}

          <h3 className="section-title">{t('schedule.history')}</h3>
          <ol className="plain-list schedule-history">
            {s.history.map((h, i) => (
              <li key={i}>
                <span className="muted">{formatDateTime(h.at)}</span> {t(`schedule.change.${h.kind}`)}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </Dialog>
  );
}
