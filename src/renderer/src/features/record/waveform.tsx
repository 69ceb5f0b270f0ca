import { useEffect, useRef } from 'react';
import type { Marker, Peaks } from '../../../../shared/recordings';

/**
 * The recording's peaks per channel (mirrored bars), the playhead and the markers, drawn on a
 * canvas, with comments as a band over their range (a tick at the top for a point); a click seeks.
 * Colours come from the theme's CSS variables.
 */
const noComments: readonly { atMs: number; toMs: number | null }[] = [];

export function Waveform({
  peaks,
  durationMs,
  markers,
  comments = noComments,
  currentMs,
  labels,
  onSeek,
  ariaLabel,
}: {
  peaks: Peaks;
  durationMs: number;
  markers: Marker[];
  comments?: readonly { atMs: number; toMs: number | null }[];
  currentMs: number;
  labels: string[];
  onSeek(ms: number): void;
  ariaLabel: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const node = canvas.current;
    if (!node) return;
    const ratio = window.devicePixelRatio || 1;
    const width = node.clientWidth;
    const height = node.clientHeight;
    node.width = Math.round(width * ratio);
    node.height = Math.round(height * ratio);
    const ctx = node.getContext('2d');
    if (!ctx) return;
    ctx.scale(ratio, ratio);
    const style = getComputedStyle(node);
    const colours = [style.getPropertyValue('--wave-1').trim() || '#4f46e5', style.getPropertyValue('--wave-2').trim() || '#0d9488'];
    const markerColour = style.getPropertyValue('--wave-marker').trim() || '#d97706';
    const playColour = style.getPropertyValue('--wave-playhead').trim() || '#111827';
    ctx.clearRect(0, 0, width, height);
    const rows = Math.max(1, peaks.channels.length);
    const rowHeight = height / rows;
    peaks.channels.forEach((channel, c) => {
      const mid = rowHeight * c + rowHeight / 2;
      ctx.fillStyle = colours[c % colours.length]!;
      const perPixel = channel.length / width;
      for (let x = 0; x < width; x++) {
        const from = Math.floor(x * perPixel);
        const to = Math.max(from + 1, Math.floor((x + 1) * perPixel));
        let peak = 0;
        for (let i = from; i < to && i < channel.length; i++) peak = Math.max(peak, channel[i]!);
        const h = Math.max(1, (peak / 255) * (rowHeight / 2 - 2));
        ctx.fillRect(x, mid - h, 1, h * 2);
      }
      if (labels[c]) {
        ctx.fillStyle = playColour;
        ctx.globalAlpha = 0.7;
        ctx.font = '12px system-ui, sans-serif';
        ctx.fillText(labels[c]!, 6, rowHeight * c + 14);
        ctx.globalAlpha = 1;
      }
    });
    ctx.fillStyle = style.getPropertyValue('--accent').trim() || '#4f46e5';
    for (const comment of comments) {
      const x = (comment.atMs / durationMs) * width;
      if (comment.toMs !== null) {
        ctx.globalAlpha = 0.18;
        ctx.fillRect(x, 0, Math.max(2, ((comment.toMs - comment.atMs) / durationMs) * width), height);
        ctx.globalAlpha = 1;
      }
      ctx.beginPath();
      ctx.moveTo(x - 5, 0);
      ctx.lineTo(x + 5, 0);
      ctx.lineTo(x, 7);
      ctx.fill();
    }
    ctx.fillStyle = markerColour;
    for (const marker of markers) {
      const x = (marker.offsetMs / durationMs) * width;
      ctx.fillRect(x - 1, 0, 2, height);
    }
    ctx.fillStyle = playColour;
    ctx.fillRect((currentMs / durationMs) * width - 1, 0, 2, height);
  }, [peaks, durationMs, markers, comments, currentMs, labels]);

  return (
    <canvas
      ref={canvas}
      className="waveform"
      role="img"
      aria-label={ariaLabel}
      onClick={(event) => {
        const rect = event.currentTarget.getBoundingClientRect();
        onSeek(Math.max(0, Math.min(durationMs, ((event.clientX - rect.left) / rect.width) * durationMs)));
      }}
    />
  );
}
