import { useEffect, useId, useRef, useState } from 'react';
import type { DemoStatus, DemoStep } from '../../../../shared/demo';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';
import { setOwnerScope } from '../coaching/use-me';
import { useAccess } from '../hub/access-gate';
import { isConnected, useSyncStatus } from '../sync/use-sync';
import { ErrorNotice } from '../../ui/error-notice';
import './demo.css';

/**
 * Where the demo stands; null where there is no switch. A browser signed in to a team hub does
 * not ask: the hub serves the team's real data only, and would log each refused call as a denial.
 * The local door answers as the owner, or (a desktop joined to a hub) as the person it signed in as.
 */
export function useDemoStatus(): DemoStatus | null {
  const me = useAccess();
  const sync = useSyncStatus();
  const local = me.kind === 'owner' || isConnected(sync);
  const status = useApiQuery(
    `demo:status:${local}`,
    (api) => (local ? api.invoke('demo:status', {}).catch(() => null) : Promise.resolve(null)),
    ['demo:switched', 'people:changed', 'programs:changed'],
  );
  return status.data ?? null;
}

/**
 * The data folder changed under this window (here or in another window): everything shown came
 * from the other folder, so the page starts again rather than mixing the two. While the demo is
 * shown, "whose computer is this" is kept apart from the real answer.
 */
export function FollowDemoSwitch() {
  const api = useApi();
  const active = useDemoStatus()?.active === true;
  useEffect(() => api.on('demo:switched', () => window.location.reload()), [api]);
  useEffect(() => setOwnerScope(active ? 'demo' : ''), [active]);
  return null;
}

type Action = 'enter' | 'leave' | 'remove';

/** Runs a switch, following the demo's making step by step. */
function useDemoSwitch() {
  const api = useApi();
  const [busy, setBusy] = useState<Action | null>(null);
  const [step, setStep] = useState<{ step: DemoStep; share: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => api.on('demo:progress', setStep), [api]);
  const run = (action: Action, input: { fast?: boolean } = {}) => {
    setBusy(action);
    setError(null);
    setStep(null);
    const call = action === 'enter' ? api.invoke('demo:enter', input) : action === 'leave' ? api.invoke('demo:leave', {}) : api.invoke('demo:remove', {});
    // On success the window reloads (ReloadOnDemoSwitch); a refusal stays on screen.
    void call.catch((e: unknown) => {
      setError(e);
      setBusy(null);
    });
  };
  return { busy, step, error, run };
}

function SwitchProgress({ busy, step }: { busy: Action; step: { step: DemoStep; share: number } | null }) {
  const { t } = useI18n();
  const label = busy === 'enter' ? (step ? t(`demo.step.${step.step}`) : t('demo.making')) : t('demo.switching');
  return (
    <div className="demo-progress" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
      {busy === 'enter' ? <progress max={100} value={Math.round((step?.share ?? 0) * 100)} aria-label={label} /> : null}
    </div>
  );
}

/** The first run (no people, no programs): start with one's own team, or look around a made-up one first. */
export function FirstRunChoice({ seeded }: { seeded: boolean }) {
  const { t } = useI18n();
  const titleId = useId();
  const fastId = useId();
  const [fast, setFast] = useState(false);
  const { busy, step, error, run } = useDemoSwitch();
  return (
    <section className="card first-run" aria-labelledby={titleId}>
      <h2 id={titleId} className="card__title">
        {t('demo.firstRun.title')}
      </h2>
      <p>{t('demo.firstRun.body')}</p>
      <div className="first-run__choices">
        <div className="first-run__choice">
          <a className="button button--primary" href="#/people">
            {t('demo.firstRun.start')}
          </a>
          <p className="small muted">{t('demo.firstRun.startHint')}</p>
        </div>
        <div className="first-run__choice">
          <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => run('enter', { fast })}>
            {t('demo.firstRun.explore')}
          </button>
          <p className="small muted">{t('demo.firstRun.exploreHint')}</p>
          {/* A demo made before opens at once: there is nothing to skip. */}
          {seeded ? null : (
            <label className="first-run__fast small" htmlFor={fastId}>
              <input id={fastId} type="checkbox" className="checkbox" checked={fast} disabled={busy !== null} onChange={(e) => setFast(e.target.checked)} />
              {t('demo.fast')}
            </label>
          )}
        </div>
        <div className="first-run__choice">
          <a className="button button--secondary" href="#/settings?section=hub">
            {t('join.firstRun')}
          </a>
          <p className="small muted">{t('join.firstRunHint')}</p>
        </div>
      </div>
      {busy ? <SwitchProgress busy={busy} step={step} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}

function RemoveDemoDialog({ dir, onCancel, onConfirm }: { dir: string; onCancel(): void; onConfirm(): void }) {
  const { t } = useI18n();
  return (
    <Dialog
      title={t('demo.remove.title')}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="button button--secondary" onClick={onCancel} data-autofocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--danger" onClick={onConfirm}>
            {t('demo.remove.confirm')}
          </button>
        </>
      }
    >
      <p>{t('demo.remove.body', { dir })}</p>
    </Dialog>
  );
}

/** Always on screen while the demo is shown, so made-up numbers are never taken for the team's own. */
export function DemoBanner() {
  const { t } = useI18n();
  const status = useDemoStatus();
  const { busy, step, error, run } = useDemoSwitch();
  const [confirming, setConfirming] = useState(false);
  if (!status?.active) return null;
  return (
    <div className="demo-banner" role="region" aria-label={t('demo.banner.label')}>
      <p className="demo-banner__text">
        <strong>{t('demo.banner')}</strong>
      </p>
      <div className="demo-banner__actions">
        {busy ? <SwitchProgress busy={busy} step={step} /> : null}
        <button type="button" className="button button--secondary button--small" disabled={busy !== null} onClick={() => run('leave')}>
          {t('demo.leave')}
        </button>
        <button type="button" className="button button--ghost button--small" disabled={busy !== null} onClick={() => setConfirming(true)}>
          {t('demo.remove')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {confirming ? (
        <RemoveDemoDialog
          dir={status.demoDir}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            run('remove');
          }}
        />
      ) : null}
    </div>
  );
}

/** Settings' "Demo data": explore it later, leave it, or remove it. */
export function DemoSettingsSection({ focus = false }: { focus?: boolean }) {
  const { t } = useI18n();
  const status = useDemoStatus();
  const { busy, step, error, run } = useDemoSwitch();
  const [confirming, setConfirming] = useState(false);
  const section = useRef<HTMLElement>(null);
  const shown = status !== null;
  // Reached from an empty screen's "Explore demo data": the section comes into view.
  useEffect(() => {
    if (focus && shown) section.current?.scrollIntoView({ block: 'start' });
  }, [focus, shown]);
  if (!status) return null;
  return (
    <section ref={section} className="card settings-section" aria-labelledby="settings-demo">
      <h2 id="settings-demo" className="card__title">
        {t('demo.settings.title')}
      </h2>
      <p className="muted">{t('demo.settings.body')}</p>
      {status.active ? <p>{t('demo.settings.active')}</p> : null}
      <div className="demo-settings__actions">
        {status.active ? (
          <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => run('leave')}>
            {t('demo.leave')}
          </button>
        ) : (
          <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => run('enter')}>
            {t('demo.settings.explore')}
          </button>
        )}
        {status.active || status.seeded ? (
          <button type="button" className="button button--ghost" disabled={busy !== null} onClick={() => setConfirming(true)}>
            {t('demo.remove')}
          </button>
        ) : null}
      </div>
      {status.seeded ? <p className="small muted">{t('demo.settings.where', { dir: status.demoDir })}</p> : null}
      {busy ? <SwitchProgress busy={busy} step={step} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {confirming ? (
        <RemoveDemoDialog
          dir={status.demoDir}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            run('remove');
          }}
        />
      ) : null}
    </section>
  );
}
