import { useState } from 'react';
import type { RecordingAnalysis, SpeechAnalysis, SpeechSpan, TeamMedians } from '../../../../shared/analysis';
import type { Participant } from '../../../../shared/sessions';
import { useCan } from '../hub/access-gate';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { isNotLoadedOffline, NotLoadedOffline } from '../sync/offline-note';
import { AlertIcon } from '../../ui/icons';
import { formatDuration } from '../library/format';
import { formatMoment } from '../../../../shared/rubrics';
import './analysis.css';

type Voice = 'seller' | 'buyer';

function useFormats() {
  const { t, locale } = useI18n();
  const percent = (ratio: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
  const seconds = (ms: number) =>
    ms < 60_000
      ? new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: ms < 10_000 ? 1 : 0 }).format(ms / 1000)
      : formatDuration(ms);
  const decimal = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  return { t, percent, seconds, decimal };
}

function Metric({ title, value, about, team, reference }: { title: string; value: string; about: string; team?: string | null; reference?: string }) {
  return (
    <div className="metric">
      <p className="metric__title">{title}</p>
      <p className="metric__value">{value}</p>
      {team ? <p className="metric__team">{team}</p> : null}
      {reference ? <p className="metric__reference">{reference}</p> : null}
      <p className="metric__about">{about}</p>
    </div>
  );
}

/** One row per speaker; each turn is a button that plays from its start. */
function TurnTimeline({ analysis, currentMs, onSeek, disabled }: { analysis: SpeechAnalysis; currentMs: number; onSeek(ms: number): void; disabled: boolean }) {
  const { t, seconds } = useFormats();
  const at = (ms: number) => `${(ms / analysis.durationMs) * 100}%`;
  return (
    <div className="turns" role="group" aria-label={t('analysis.timeline')}>
      {(['seller', 'buyer'] as const).map((who) => (
        <div key={who} className="turns__row">
          <span className="turns__label">{t(`analysis.${who}`)}</span>
          <div className="turns__track">
            {analysis.turns
              .filter((turn) => turn.speaker === who)
              .map((turn) => (
                <button
                  key={turn.startMs}
                  type="button"
                  className={`turns__turn turns__turn--${who}`}
                  style={{ left: at(turn.startMs), width: at(Math.max(turn.endMs - turn.startMs, analysis.durationMs / 400)) }}
                  onClick={() => onSeek(turn.startMs)}
                  disabled={disabled}
                  aria-label={t('analysis.turn', { speaker: t(`analysis.${who}`), start: formatMoment(turn.startMs), length: seconds(turn.endMs - turn.startMs) })}
                />
              ))}
            <span className="turns__playhead" style={{ left: at(currentMs) }} aria-hidden="true" />
          </div>
        </div>
      ))}
      <p className="muted turns__hint">{t('analysis.timelineHint')}</p>
    </div>
  );
}

function StereoMetrics({ analysis, team }: { analysis: SpeechAnalysis; team: TeamMedians | null }) {
  const { t, percent, seconds, decimal } = useFormats();
  const s = analysis.speakers!;
  const teamText = (value: string | null) => (team ? (value === null ? null : t('analysis.teamMedian', { value })) : null);
  return (
    <>
      <div className="metrics">
        <Metric
          title={t('analysis.metric.talk')}
          value={t('analysis.metric.talk.value', { seller: percent(s.seller.talkRatio), buyer: percent(s.buyer.talkRatio) })}
          team={teamText(team ? percent(team.sellerTalkRatio) : null)}
          reference={t('analysis.reference', { value: t('analysis.metric.talk.reference') })}
          about={t('analysis.metric.talk.about')}
        />
        <Metric
          title={t('analysis.metric.monologue')}
          value={t('analysis.metric.monologue.value', { seller: seconds(s.seller.longestMonologueMs), buyer: seconds(s.buyer.longestMonologueMs) })}
          team={teamText(team ? seconds(team.sellerLongestMonologueMs) : null)}
          about={t('analysis.metric.monologue.about')}
        />
        <Metric
          title={t('analysis.metric.interactivity')}
          value={t('analysis.metric.interactivity.value', { perMinute: decimal(analysis.interactivityPerMinute ?? 0) })}
          team={teamText(team ? decimal(team.interactivityPerMinute) : null)}
          about={`${t('analysis.metric.interactivity.switches', { count: analysis.speakerSwitches ?? 0 })}. ${t('analysis.metric.interactivity.about')}`}
        />
        <Metric
          title={t('analysis.metric.patience')}
          value={analysis.patienceMs === null ? '–' : seconds(analysis.patienceMs)}
          team={teamText(team?.patienceMs != null ? seconds(team.patienceMs) : null)}
          about={analysis.patienceMs === null ? t('analysis.metric.patience.none') : t('analysis.metric.patience.about')}
        />
        <Metric
          title={t('analysis.metric.interruptions')}
          value={t('analysis.metric.interruptions.value', { seller: String(s.seller.interruptions), buyer: String(s.buyer.interruptions) })}
          about={t('analysis.metric.interruptions.about', { overlap: seconds(analysis.overlapMs ?? 0) })}
        />
        <Metric
          title={t('analysis.metric.silence')}
          value={t('analysis.metric.silence.value', { ratio: percent(analysis.silenceRatio) })}
          about={t('analysis.metric.silence.about', { count: String(analysis.pauses.count), longest: seconds(analysis.pauses.longestMs) })}
        />
      </div>
      {team ? null : <p className="muted">{t('analysis.noTeam')}</p>}
    </>
  );
}

function Moments({ analysis, onSeek, disabled }: { analysis: SpeechAnalysis; onSeek(ms: number): void; disabled: boolean }) {
  const { t } = useFormats();
  const moments: (SpeechSpan & { kind: 'backchannel' | 'interruption' })[] = [
    ...analysis.backchannels.map((b) => ({ ...b, kind: 'backchannel' as const })),
    ...analysis.turns.filter((turn) => turn.interruption).map((turn) => ({ ...turn, kind: 'interruption' as const })),
  ].sort((a, b) => a.startMs - b.startMs);
  return (
    <section aria-labelledby="moments-title" className="moments">
      <h3 id="moments-title" className="moments__title">{t('analysis.moments')}</h3>
      {moments.length === 0 ? <p className="muted">{t('analysis.moments.none')}</p> : null}
      <ol className="moment-list">
        {moments.map((m) => (
          <li key={`${m.kind}-${m.startMs}`} className="moment">
            <button type="button" className="button button--ghost button--small" onClick={() => onSeek(m.startMs)} disabled={disabled} aria-label={t('analysis.moment.seek', { at: formatMoment(m.startMs) })}>
              {formatMoment(m.startMs)}
            </button>
            <span className={`turns__dot turns__dot--${m.speaker as Voice}`} aria-hidden="true" />
            <span>{t(`analysis.${m.speaker as Voice}`)}</span>
            <span className="badge badge--neutral">{t(`analysis.moment.${m.kind}`)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * On one track of two voices, the voice heard first is guessed to be the seller. Whoever may edit
 * the session says who it is (by name, from the session's roles) or swaps the voices; the core
 * measures the numbers again with the roles as said.
 */
function ConfirmVoices({
  recordingId,
  diarization,
  participants,
  onSaved,
}: {
  recordingId: string;
  diarization: NonNullable<SpeechAnalysis['diarization']>;
  participants: Participant[];
  onSaved(): void;
}) {
  const { t } = useFormats();
  const api = useApi();
  const [may] = useCan([{ channel: 'analysis:confirm-voices', input: { id: recordingId, first: diarization.first } }]) ?? [false];
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const who = (role: Voice) => {
    const name = participants.find((p) => p.role === role)?.name;
    return name ? t('analysis.voices.named', { name, role: t(`analysis.voices.role.${role}`) }) : t(`analysis.voices.the.${role}`);
  };
  const confirm = async (first: Voice) => {
    setSaving(true);
    setError(null);
    try {
      await api.invoke('analysis:confirm-voices', { id: recordingId, first });
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  const other: Voice = diarization.first === 'seller' ? 'buyer' : 'seller';
  return (
    <div className="voices">
      {diarization.confirmed ? (
        <p className="voices__confirmed">{t('analysis.voices.confirmed', { who: who(diarization.first) })}</p>
      ) : (
        <p>{t(`analysis.estimate.first.${diarization.first}`)}{may ? ` ${t('analysis.voices.question')}` : ''}</p>
      )}
      {may ? (
        <div className="voices__actions">
          {diarization.confirmed ? (
            <button type="button" className="button button--secondary button--small" onClick={() => void confirm(other)} disabled={saving}>
              {saving ? t('analysis.voices.saving') : t('analysis.voices.swap')}
            </button>
          ) : (
            (['seller', 'buyer'] as const).map((role) => (
              <button key={role} type="button" className="button button--secondary button--small" onClick={() => void confirm(role)} disabled={saving}>
                {t('analysis.voices.is', { who: who(role) })}
              </button>
            ))
          )}
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}

/** The conversation metrics of one ready recording: progress while it is analysed, the reason when it failed. */
export function SpeechAnalysisPanel({
  recordingId,
  currentMs,
  onSeek,
  playable,
  participants = [],
}: {
  recordingId: string;
  currentMs: number;
  onSeek(ms: number): void;
  playable: boolean;
  /** The session's people, to name the voices of one track by their roles. */
  participants?: Participant[];
}) {
  const { t, percent, seconds } = useFormats();
  const api = useApi();
  const query = useApiQuery<RecordingAnalysis>(`analysis:${recordingId}`, (a) => a.invoke('recordings:analysis', { id: recordingId }), ['analysis:changed']);
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<unknown>(null);
  const retry = async () => {
    setRetrying(true);
    setRetryError(null);
    try {
      await api.invoke('analysis:run', { id: recordingId, force: true });
      query.reload();
    } catch (error) {
      setRetryError(error);
    } finally {
      setRetrying(false);
    }
  };

  const result = query.data;
  if (query.error && !result) {
    if (!isNotLoadedOffline(query.error)) return <ErrorNotice error={query.error} onRetry={query.reload} />;
    return (
      <section className="card analysis" aria-labelledby="analysis-title">
        <h2 id="analysis-title" className="card__title">{t('analysis.title')}</h2>
        <NotLoadedOffline />
      </section>
    );
  }
  if (!result || result.state === null) return null;
  const analysis = result.analysis;
  return (
    <section className="card analysis" aria-labelledby="analysis-title">
      <h2 id="analysis-title" className="card__title">{t('analysis.title')}</h2>
      {result.state === 'pending' || result.state === 'running' ? (
        <div className="progress-line" role="status">
          <span className="spinner" aria-hidden="true" />
          <span>{result.state === 'pending' ? t('analysis.pending') : t('analysis.running', { percent: String(result.percent ?? 0) })}</span>
          <progress max={100} value={result.percent ?? 0} aria-label={t('analysis.progress')} />
        </div>
      ) : null}
      {result.state === 'failed' ? (
        <div className="notice notice--error" role="alert">
          <AlertIcon className="notice__icon" />
          <div className="notice__content">
            <p className="notice__title">{t('analysis.failed')}</p>
            {result.error ? <p>{result.error}</p> : null}
            <button type="button" className="button button--secondary button--small" onClick={() => void retry()} disabled={retrying}>
              {retrying ? t('analysis.retrying') : t('analysis.retry')}
            </button>
          </div>
        </div>
      ) : null}
      {result.state === 'no_sound' ? <p className="muted" role="note">{t('analysis.noSound')}</p> : null}
      {retryError ? <ErrorNotice error={retryError} /> : null}
      {analysis && analysis.speakers ? (
        <>
          {analysis.diarization ? (
            <div className="notice notice--muted" role="note">
              <div className="notice__content">
                <p className="notice__title">{t('analysis.estimate.title', { confidence: percent(analysis.diarization.confidence) })}</p>
                {analysis.identicalChannels ? <p>{t('analysis.mono.identical')}</p> : null}
                <ConfirmVoices recordingId={recordingId} diarization={analysis.diarization} participants={participants} onSaved={query.reload} />
                <p>{t('analysis.estimate.body')}</p>
              </div>
            </div>
          ) : null}
          <TurnTimeline analysis={analysis} currentMs={currentMs} onSeek={onSeek} disabled={!playable} />
          <StereoMetrics analysis={analysis} team={result.team} />
          <Moments analysis={analysis} onSeek={onSeek} disabled={!playable} />
        </>
      ) : null}
      {analysis && !analysis.speakers ? (
        <>
          <div className="notice notice--muted" role="note">
            <div className="notice__content">
              <p className="notice__title">{t('analysis.mono.title')}</p>
              {analysis.identicalChannels ? <p>{t('analysis.mono.identical')}</p> : null}
              <p>{t('analysis.mono.body')}</p>
            </div>
          </div>
          <div className="metrics">
            <Metric title={t('analysis.metric.speech')} value={seconds(analysis.speechMs)} about={t('analysis.metric.speech.about')} />
            <Metric
              title={t('analysis.metric.silence')}
              value={t('analysis.metric.silence.value', { ratio: percent(analysis.silenceRatio) })}
              about={t('analysis.metric.silence.about', { count: String(analysis.pauses.count), longest: seconds(analysis.pauses.longestMs) })}
            />
          </div>
        </>
      ) : null}
    </section>
  );
}
