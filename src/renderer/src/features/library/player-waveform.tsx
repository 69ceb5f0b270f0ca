import { useEffect, useImperativeHandle, useRef, useState, type ReactNode, type Ref, type RefObject } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/dist/plugins/regions.js';
import TimelinePlugin from 'wavesurfer.js/dist/plugins/timeline.js';
import type { Marker, Peaks } from '../../../../shared/recordings';
import { formatMoment } from '../../../../shared/rubrics';
import { useI18n } from '../../i18n/i18n';
import type { RangeSelection } from './range-selection';

/**
 * The player's waveform: wavesurfer.js drives the page's own <video>/<audio> element and draws the
 * peaks the core stored at finalize (one row per voice), so the browser never fetches or decodes the
 * whole file. The Timeline plugin draws the time ruler; the Regions plugin draws markers, comments
 * and the one selected range, which a drag on the waveform (or I and O) sets.
 */

export interface WaveComment {
  id: string;
  atMs: number;
  toMs: number | null;
  body: string;
}

/** What the page's keys do to the waveform. */
export interface WaveControls {
  zoom(direction: 1 | -1): void;
}

/** How many times the fitted width (1 shows the whole take), and how far it may go. */
interface Zoom {
  factor: number;
  maxFactor: number;
}

const selectionId = 'selection';
const peakScale = 255;
// Past ~40 px a second the 50 ms peaks are stretched thinner than they are drawn; short takes still get 4×.
const maxPxPerSecond = 160;
const minZoomSteps = 4;
const rowHeight = { one: 88, each: 60 };
const timelineHeight = 22;

function reducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * wavesurfer writes a <style> element into its shadow root, which the app's Content-Security-Policy
 * (no inline styles) refuses. The host is still detached here, so the element has not been applied
 * (nor reported); its rules move to a constructed stylesheet, which the policy allows.
 */
function adoptShadowStyles(host: HTMLElement): void {
  const root = host.firstElementChild?.shadowRoot;
  const style = root?.querySelector('style');
  if (!root || !style) return;
  // Without constructed stylesheets (jsdom in component tests) the waveform draws unstyled rather than taking the page down.
  if (typeof CSSStyleSheet === 'undefined' || typeof CSSStyleSheet.prototype.replaceSync !== 'function') return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(style.textContent ?? '');
  root.adoptedStyleSheets = [sheet];
  style.remove();
}

/**
 * The stored peaks as wavesurfer takes them (0–1). A take without sound (video only) gets one flat
 * row, so it still has a ruler, markers and comments to click.
 */
function drawable(peaks: Peaks, durationMs: number): Float32Array[] {
  const channels = peaks.channels.filter((channel) => channel.length > 0);
  if (channels.length === 0) return [new Float32Array(Math.max(1, Math.ceil(durationMs / Math.max(1, peaks.resolutionMs))))];
  return channels.map((channel) => Float32Array.from(channel, (v) => v / peakScale));
}

/** Canvas colours cannot be CSS variables; they are read from the theme and read again when it changes. */
function waveColours(element: Element, channels: number) {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const played = [read('--wave-1', '#4252c4'), read('--wave-2', '#13867a')];
  const ahead = [read('--wave-1-ahead', played[0]!), read('--wave-2-ahead', played[1]!)];
  return {
    cursorColor: read('--wave-playhead', '#1c1d20'),
    splitChannels: Array.from({ length: channels }, (_, c) => ({
      waveColor: ahead[c % 2]!,
      progressColor: played[c % 2]!,
      height: channels > 1 ? rowHeight.each : rowHeight.one,
    })),
  };
}

/** A small, clickable flag at the top of a marker (a diamond) or a comment (a triangle). */
function flag(kind: 'marker' | 'comment', label: string): HTMLElement {
  const element = document.createElement('span');
  element.title = label;
  Object.assign(element.style, {
    position: 'absolute',
    top: '0',
    left: '-7px',
    width: '12px',
    height: '12px',
    cursor: 'pointer',
    pointerEvents: 'auto',
    background: kind === 'marker' ? 'var(--wave-marker)' : 'var(--wave-comment)',
    clipPath: kind === 'marker' ? 'polygon(50% 0, 100% 50%, 50% 100%, 0 50%)' : 'polygon(0 0, 100% 0, 50% 100%)',
  });
  return element;
}

export function PlayerWaveform({
  media,
  peaks,
  durationMs,
  labels,
  markers,
  comments,
  selection,
  onSelectionChange,
  onPlayAt,
  controls,
  toolbar,
  toolbarEnd,
}: {
  media: RefObject<HTMLMediaElement | null>;
  peaks: Peaks;
  durationMs: number;
  labels: string[];
  markers: readonly Marker[];
  comments: readonly WaveComment[];
  selection: RangeSelection | null;
  onSelectionChange(selection: RangeSelection | null): void;
  onPlayAt(ms: number): void;
  controls: Ref<WaveControls>;
  /** Shown under the waveform, before the zoom buttons. */
  toolbar?: ReactNode;
  /** Shown on the toolbar's right, beside the zoom buttons (the speed, the shortcuts). */
  toolbarEnd?: ReactNode;
}) {
  const { t } = useI18n();
  const mount = useRef<HTMLDivElement>(null);
  const regions = useRef<InstanceType<typeof RegionsPlugin> | null>(null);
  const selectionRegion = useRef<Region | null>(null);
  const zoomFactor = useRef(1);
  const zoomBy = useRef<((direction: 1 | -1) => void) | null>(null);
  const [zoom, setZoom] = useState<Zoom>({ factor: 1, maxFactor: 1 });
  const [ready, setReady] = useState(false);
  // The callbacks change every render; wavesurfer's listeners are set once per waveform.
  const callbacks = useRef({ onSelectionChange, onPlayAt });
  useEffect(() => {
    callbacks.current = { onSelectionChange, onPlayAt };
  });
  useImperativeHandle(controls, () => ({ zoom: (direction) => zoomBy.current?.(direction) }), []);
  const channels = Math.max(1, peaks.channels.filter((channel) => channel.length > 0).length);

  useEffect(() => {
    const target = mount.current;
    const element = media.current;
    if (!target || !element) return undefined;
    const host = document.createElement('div');
    const regionsPlugin = RegionsPlugin.create();
    const ws = WaveSurfer.create({
      container: host,
      media: element,
      peaks: drawable(peaks, durationMs),
      duration: durationMs / 1000,
      normalize: true,
      interact: true,
      autoScroll: true,
      autoCenter: !reducedMotion(),
      cursorWidth: 2,
      ...waveColours(target, channels),
      plugins: [
        regionsPlugin,
        TimelinePlugin.create({ height: timelineHeight, formatTimeCallback: (seconds) => formatMoment(seconds * 1000), secondaryLabelOpacity: 0.6 }),
      ],
    });
    adoptShadowStyles(host);
    target.appendChild(host);
    regions.current = regionsPlugin;
    zoomFactor.current = 1;

    const toSelection = (region: Region): RangeSelection | null => {
      const startMs = Math.round(region.start * 1000);
      const endMs = Math.round(region.end * 1000);
      return endMs > startMs ? { startMs, endMs } : null;
    };
    const styleSelection = (region: Region) => {
      region.element?.querySelectorAll<HTMLElement>('[part~="region-handle"]').forEach((handle) => {
        handle.style.borderColor = 'var(--accent)';
        handle.style.borderWidth = '3px';
      });
      if (reducedMotion() && region.element) region.element.style.transition = 'none';
    };
    const offs = [
      ws.on('ready', () => setReady(true)),
      regionsPlugin.on('region-created', (region) => {
        if (region.id !== selectionId || region === selectionRegion.current) return;
        // A drag makes a new region each time: the range is the latest one.
        const previous = selectionRegion.current;
        selectionRegion.current = region;
        previous?.remove();
        styleSelection(region);
        callbacks.current.onSelectionChange(toSelection(region));
      }),
      regionsPlugin.on('region-updated', (region) => {
        if (region === selectionRegion.current) callbacks.current.onSelectionChange(toSelection(region));
      }),
      regionsPlugin.on('region-removed', (region) => {
        if (region === selectionRegion.current) selectionRegion.current = null;
      }),
      regionsPlugin.on('region-clicked', (region, event) => {
        if (region.id === selectionId) return;
        // The flag's moment, not the spot under the pointer.
        event.stopPropagation();
        callbacks.current.onPlayAt(Math.round(region.start * 1000));
      }),
    ];
    const stopDragging = regionsPlugin.enableDragSelection({ id: selectionId, color: 'var(--wave-selection)' });

    const fitted = () => ws.getWidth() / (durationMs / 1000);
    const maxFactor = () => Math.max(minZoomSteps, maxPxPerSecond / fitted());
    const applyZoom = (factor: number, anchorX: number, anchorSeconds: number) => {
      const next = Math.min(maxFactor(), Math.max(1, factor));
      zoomFactor.current = next;
      ws.zoom(next === 1 ? 0 : fitted() * next);
      ws.setScroll(Math.max(0, anchorSeconds * fitted() * next - anchorX));
      setZoom({ factor: next, maxFactor: maxFactor() });
    };
    const onWheel = (event: WheelEvent) => {
      if (!(event.ctrlKey || event.metaKey) || !ws.getDecodedData()) return;
      event.preventDefault();
      const x = event.clientX - target.getBoundingClientRect().left;
      const seconds = (ws.getScroll() + x) / (fitted() * zoomFactor.current);
      applyZoom(zoomFactor.current * Math.exp(-event.deltaY / 300), x, seconds);
    };
    target.addEventListener('wheel', onWheel, { passive: false });
    zoomBy.current = (direction) => {
      if (!ws.getDecodedData()) return;
      applyZoom(zoomFactor.current * (direction === 1 ? 2 : 0.5), ws.getWidth() / 2, ws.getCurrentTime());
    };
    const offReady = ws.on('ready', () => setZoom({ factor: 1, maxFactor: maxFactor() }));

    // The theme switches by setting data-theme on the root element; the canvases are then redrawn.
    const recolour = new MutationObserver(() => ws.setOptions(waveColours(target, channels)));
    recolour.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

    return () => {
      recolour.disconnect();
      target.removeEventListener('wheel', onWheel);
      stopDragging();
      offReady();
      offs.forEach((off) => off());
      zoomBy.current = null;
      selectionRegion.current = null;
      regions.current = null;
      setReady(false);
      ws.destroy();
    };
  }, [media, peaks, durationMs, channels]);

  // Markers and comments, drawn afresh whenever either list changes.
  useEffect(() => {
    const plugin = regions.current;
    if (!ready || !plugin) return undefined;
    const drawn = [
      ...markers.map((m) =>
        plugin.addRegion({
          id: `marker:${m.id}`,
          start: m.offsetMs / 1000,
          color: 'var(--wave-marker)',
          drag: false,
          resize: false,
          content: flag('marker', [t('wave.marker', { at: formatMoment(m.offsetMs) }), m.tag, m.note].filter(Boolean).join(' · ')),
        }),
      ),
      ...comments.map((c) => {
        const at = c.toMs !== null ? `${formatMoment(c.atMs)}–${formatMoment(c.toMs)}` : formatMoment(c.atMs);
        const region = plugin.addRegion({
          id: `comment:${c.id}`,
          start: c.atMs / 1000,
          ...(c.toMs !== null ? { end: c.toMs / 1000 } : {}),
          color: c.toMs !== null ? 'var(--wave-comment-range)' : 'var(--wave-comment)',
          drag: false,
          resize: false,
          content: flag('comment', `${t('wave.comment', { at })}: ${c.body}`),
        });
        if (c.toMs !== null && region.element) region.element.style.borderLeft = '2px solid var(--wave-comment)';
        return region;
      }),
    ];
    // Only the flags take the pointer: a drag across a marker or a range comment still selects.
    for (const region of drawn) if (region.element) region.element.style.pointerEvents = 'none';
    return () => drawn.forEach((region) => region.remove());
  }, [ready, markers, comments, t]);

  // The selection as the page holds it (set by I and O, or cleared) shown on the waveform.
  useEffect(() => {
    const plugin = regions.current;
    if (!ready || !plugin) return;
    const current = selectionRegion.current;
    if (!selection) {
      current?.remove();
      return;
    }
    const start = selection.startMs / 1000;
    const end = selection.endMs / 1000;
    if (current) {
      if (Math.abs(current.start - start) > 0.001 || Math.abs(current.end - end) > 0.001) current.setOptions({ start, end });
      return;
    }
    plugin.addRegion({ id: selectionId, start, end, color: 'var(--wave-selection)' });
  }, [ready, selection]);

  return (
    <div className="player-wave" role="group" aria-label={t('library.waveform')} data-channels={channels} data-ready={ready ? 'true' : undefined}>
      <div className="player-wave__view">
        <div ref={mount} className="player-wave__surface" />
        {labels.length ? (
          <div className="player-wave__labels" aria-hidden="true">
            {labels.slice(0, channels).map((label, c) => (
              <span key={c} className="player-wave__label" style={{ top: c * (channels > 1 ? rowHeight.each : rowHeight.one) }}>
                {label}
              </span>
            ))}
          </div>
        ) : null}
      </div>
      <div className="player-wave__toolbar">
        <div className="player-wave__range">{toolbar}</div>
        <div className="player-wave__end">
          {toolbarEnd}
          <div className="player-wave__zoom" role="group" aria-label={t('wave.zoom')}>
            <button type="button" className="button button--secondary button--small" onClick={() => zoomBy.current?.(-1)} disabled={!ready || zoom.factor <= 1} aria-label={t('wave.zoomOut')} title={`${t('wave.zoomOut')} (−)`}>
              −
            </button>
            <button type="button" className="button button--secondary button--small" onClick={() => zoomBy.current?.(1)} disabled={!ready || zoom.factor >= zoom.maxFactor} aria-label={t('wave.zoomIn')} title={`${t('wave.zoomIn')} (+)`}>
              +
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
