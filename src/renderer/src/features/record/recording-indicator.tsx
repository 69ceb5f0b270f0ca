import { useEffect, useRef } from 'react';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { formatElapsed, useTake } from './take-provider';
import './record.css';

/** Shown on every screen but Record while a take runs: how long it has run, a way back, and Stop. */
export function RecordingIndicator({ hidden }: { hidden: boolean }) {
  const { t } = useI18n();
  const { take, stop } = useTake();
  const elapsed = useRef<HTMLSpanElement>(null);
  const recorder = take?.recorder ?? null;

  useEffect(() => {
    if (!recorder) return undefined;
    const tick = () => {
      if (elapsed.current) elapsed.current.textContent = formatElapsed(recorder.elapsedMs());
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [recorder, hidden]);

  if (!take || hidden) return null;
  const finishing = take.phase === 'finishing';
  return (
    <section className="take-bar" aria-label={t('record.indicator.label')}>
      <span className={`rec-dot${take.state === 'paused' || finishing ? ' rec-dot--paused' : ''}`} aria-hidden="true" />
      <strong className="take-bar__state">{finishing ? t('record.finishing') : take.state === 'paused' ? t('record.paused') : t('record.recording')}</strong>
      <span ref={elapsed} className="take-bar__elapsed" aria-label={t('record.elapsed')} role="timer">
        {formatElapsed(take.recorder.elapsedMs())}
      </span>
      <a className="button button--secondary button--small" href={hrefFor('/record')}>
        {t('record.indicator.back')}
      </a>
      {finishing ? null : (
        <button type="button" className="button button--danger button--small" onClick={() => void stop().catch(() => undefined)}>
          {t('record.stop')}
        </button>
      )}
    </section>
  );
}
