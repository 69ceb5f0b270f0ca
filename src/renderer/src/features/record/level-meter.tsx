import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n';

const silenceLevel = 0.015;
const silenceWarnMs = 4000;

/**
 * Live level bars, one per recorded channel, updated every animation frame straight into the
 * DOM (no React state per frame), with a warning when a channel stays silent.
 */
export function LevelMeters({ levels, labels }: { levels: () => number[]; labels: string[] }) {
  const { t } = useI18n();
  const bars = useRef<(HTMLDivElement | null)[]>([]);
  const [silent, setSilent] = useState<boolean[]>(() => labels.map(() => false));

  useEffect(() => {
    let frame = 0;
    const lastSound = labels.map(() => performance.now());
    const flags = labels.map(() => false);
    const tick = () => {
      const now = performance.now();
      const values = levels();
      let changed = false;
      values.forEach((value, i) => {
        const bar = bars.current[i];
        if (bar) bar.style.transform = `scaleX(${Math.min(1, Math.sqrt(value) * 1.2)})`;
        if (value > silenceLevel) lastSound[i] = now;
        const isSilent = now - (lastSound[i] ?? now) > silenceWarnMs;
        if (isSilent !== flags[i]) {
          flags[i] = isSilent;
          changed = true;
        }
      });
      if (changed) setSilent([...flags]);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [levels, labels]);

  return (
    <div className="meters">
      {labels.map((label, i) => (
        <div key={label} className="meter">
          <div className="meter__label">
            <span>{label}</span>
            {silent[i] ? (
              <span className="meter__warning" role="status">
                {t('record.meter.silent')}
              </span>
            ) : null}
          </div>
          <div className="meter__track" role="img" aria-label={t('record.meter.aria', { label })}>
            <div
              className="meter__bar"
              ref={(node) => {
                bars.current[i] = node;
              }}
            />
          </div>
        </div>
      ))}
    </div>
  );
}
