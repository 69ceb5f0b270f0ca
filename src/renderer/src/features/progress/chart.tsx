import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useI18n } from '../../i18n/i18n';
import { useTheme } from '../../theme/theme';
import { echarts, type ChartOption } from './echarts';

export type Cell = string | number | null;

export interface ChartTable {
  columns: string[];
  rows: Cell[][];
  /** Makes the table's value cells buttons, so what a click on the chart does is reachable by keyboard too. */
  onCell?: (row: number, column: number) => void;
}

/** Text a spreadsheet would run as a formula is written with a ' in front (as Reprise's other CSV exports do). */
function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: ChartTable): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * Disposes a canvas chart without leaving a paint behind. zrender draws a layer of "incremental"
 * elements (ECharts gives every heatmap cell one) in slices of about 15 ms and asks for an
 * animation frame to draw the next slice; its dispose does not cancel that frame, which then reads
 * the released painter ("Cannot read properties of null (reading 'layerStack')") when the first
 * slice took long, as on a busy machine. Emptying the chart and painting it at once first makes the
 * pending slice one of an older paint, which the painter drops.
 */
function disposeChart(chart: ReturnType<typeof echarts.init>): void {
  if (chart.isDisposed()) return;
  const zr = chart.getZr();
  zr.clear();
  zr.refreshImmediately(true);
  chart.dispose();
}

function download(name: string, href: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  download(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * One chart with its table: a toggle shows the same numbers as a table (also for screen
 * readers), and the chart exports as PNG or SVG and its numbers as CSV. Light, dark and the
 * Finnish locale follow the app's settings.
 */
export function Chart({
  title,
  option,
  table,
  fileName,
  height = 280,
  exportAs,
  onClick,
}: {
  title: string;
  option: ChartOption;
  table: ChartTable;
  fileName: string;
  height?: number;
  /**
   * How PNG and SVG draw a chart that shows only a window of itself on screen (the heatmap of a
   * large team): its full height and the options that undo the window.
   */
  exportAs?: { height: number; option: ChartOption };
  onClick?: (params: { dataIndex: number; seriesIndex?: number; data: unknown }) => void;
}) {
  const { t, language, locale: numberLocale } = useI18n();
  // The table shows numbers as the language writes them (0,75 in Finnish); the CSV keeps them plain.
  const number = new Intl.NumberFormat(numberLocale, { maximumFractionDigits: 2 });
  const shown = (cell: Cell) => (typeof cell === 'number' ? number.format(cell) : cell);
  const { resolved } = useTheme();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  // A chart is drawn when it comes near the screen: Progress has a page of them, and drawing the
  // ones below the fold held back the first one by seconds on a large team.
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  const box = useRef<HTMLDivElement>(null);
  const instance = useRef<ReturnType<typeof echarts.init> | null>(null);
  const clickRef = useRef(onClick);
  const headingId = useId();
  useEffect(() => {
    clickRef.current = onClick;
  });
  const locale = language === 'fi' ? 'FI' : 'EN';
  const fullOption = { backgroundColor: 'transparent', aria: { enabled: true, label: { description: title } }, ...option };

  useEffect(() => {
    if (near || view !== 'chart' || !box.current) return undefined;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: '400px 0px' });
    observer.observe(box.current);
    return () => observer.disconnect();
  }, [near, view]);

  // Before paint, so that exporting a chart not yet drawn can draw it at once (see exportPng).
  useLayoutEffect(() => {
    if (!near || view !== 'chart' || !box.current) return undefined;
    const chart = echarts.init(box.current, resolved === 'dark' ? 'dark' : undefined, { locale, renderer: 'canvas' });
    instance.current = chart;
    chart.on('click', (params) => clickRef.current?.(params as never));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      disposeChart(chart);
      instance.current = null;
    };
  }, [near, view, resolved, locale]);

  useLayoutEffect(() => {
    instance.current?.setOption(fullOption, true);
  });

  const background = resolved === 'dark' ? '#1b1c1f' : '#ffffff';
  const theme = resolved === 'dark' ? 'dark' : undefined;
  const exportOption = { ...fullOption, ...exportAs?.option, animation: false, backgroundColor: background };
  const exportHeight = exportAs?.height ?? height;
  function exportPng() {
    if (!exportAs) {
      if (!instance.current) flushSync(() => setNear(true));
      const chart = instance.current;
      if (!chart) return;
      download(`${fileName}.png`, chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background }));
      return;
    }
    // Drawn apart from the one on screen, at full height; a canvas taller than about 32,000 pixels
    // stays blank in browsers, so a very tall one is drawn at one pixel per point instead of two.
    const width = box.current?.clientWidth || 800;
    const offscreen = echarts.init(document.createElement('div'), theme, { renderer: 'canvas', width, height: exportHeight, locale });
    offscreen.setOption(exportOption);
    download(`${fileName}.png`, offscreen.getDataURL({ type: 'png', pixelRatio: Math.max(1, Math.min(2, 16_000 / exportHeight)), backgroundColor: background }));
    disposeChart(offscreen);
  }
  function exportSvg() {
    const width = box.current?.clientWidth || 800;
    const svg = echarts.init(null, theme, { renderer: 'svg', ssr: true, width, height: exportHeight, locale });
    svg.setOption(exportOption);
    downloadText(`${fileName}.svg`, svg.renderToSVGString(), 'image/svg+xml');
    svg.dispose();
  }

  return (
    <figure className="chart" aria-labelledby={headingId}>
      <figcaption className="chart__head">
        <h3 id={headingId} className="chart__title">
          {title}
        </h3>
        <div className="chart__tools" role="group" aria-label={t('progress.chart.tools', { title })}>
          <button type="button" className="button button--ghost button--small" aria-pressed={view === 'table'} onClick={() => setView(view === 'chart' ? 'table' : 'chart')}>
            {view === 'chart' ? t('progress.chart.showTable') : t('progress.chart.showChart')}
          </button>
          <button type="button" className="button button--ghost button--small" onClick={exportPng} disabled={view !== 'chart'}>
            PNG
          </button>
          <button type="button" className="button button--ghost button--small" onClick={exportSvg}>
            SVG
          </button>
          <button type="button" className="button button--ghost button--small" onClick={() => downloadText(`${fileName}.csv`, toCsv(table), 'text/csv;charset=utf-8')}>
            CSV
          </button>
        </div>
      </figcaption>
      {view === 'chart' ? (
        // Keyed apart from the table's div, so React never reuses (and empties) the element ECharts draws into.
        <div key="chart" ref={box} className="chart__canvas" style={{ height }} />
      ) : (
        <div key="table" className="table-wrap chart__table">
          <table className="table table--compact">
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>
                      {table.onCell && j > 0 && cell !== null ? (
                        <button type="button" className="link-button" onClick={() => table.onCell!(i, j)}>
                          {shown(cell)}
                        </button>
                      ) : (
                        (shown(cell) ?? '–')
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
