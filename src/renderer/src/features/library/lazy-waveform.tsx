import { lazy, Suspense, type ComponentProps } from 'react';
import { useI18n } from '../../i18n/i18n';

// wavesurfer.js and its plugins load with the first recording opened, not with the app's first screen.
const PlayerWaveformModule = lazy(() => import('./player-waveform').then((m) => ({ default: m.PlayerWaveform })));

export function LazyPlayerWaveform(props: ComponentProps<typeof PlayerWaveformModule>) {
  const { t } = useI18n();
  return (
    <Suspense
      fallback={
        <p className="player-wave player-wave--loading muted" role="status">
          {t('common.loading')}
        </p>
      }
    >
      <PlayerWaveformModule {...props} />
    </Suspense>
  );
}
