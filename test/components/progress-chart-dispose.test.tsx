import { fireEvent, render, screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { Chart } from '../../src/renderer/src/features/progress/chart';
import { echarts } from '../../src/renderer/src/features/progress/echarts';
import { fakeApi } from './fake-api';

// The real ECharts, drawing into a 2D context that does nothing (jsdom has no canvas).
const context = () => {
  const state: Record<string | symbol, unknown> = {};
  return new Proxy(state, {
    get: (target, key) => {
      if (key in target) return target[key];
      if (key === 'measureText') return (text: string) => ({ width: text.length * 6 });
      if (key === 'createLinearGradient' || key === 'createRadialGradient') return () => ({ addColorStop: () => undefined });
      if (key === 'getLineDash') return () => [];
      return () => ({});
    },
    set: (target, key, value) => {
      target[key] = value;
      return true;
    },
  });
};

const realGetContext = HTMLCanvasElement.prototype.getContext;
const realWidth = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth');
const realHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
let clock = 0;
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => context()) as never;
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 280 });
  globalThis.ResizeObserver = class {
    observe() {}
    disconnect() {}
  } as never;
  // A busy machine: every cell takes 20 ms to draw, so zrender draws the heatmap a slice per frame.
  echarts.setPlatformAPI({ getTime: () => (clock += 20) });
});
afterAll(() => {
  HTMLCanvasElement.prototype.getContext = realGetContext;
  if (realWidth) Object.defineProperty(HTMLElement.prototype, 'clientWidth', realWidth);
  if (realHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', realHeight);
  echarts.setPlatformAPI({ getTime: () => Date.now() });
});

const reps = ['Aino', 'Eero', 'Helmi', 'Onni'];
const weeks = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6'];
const option = {
  animation: false,
  xAxis: { type: 'category', data: weeks },
  yAxis: { type: 'category', data: reps },
  visualMap: { min: 0, max: 5, show: false },
  series: [{ type: 'heatmap', data: reps.flatMap((_, y) => weeks.map((__, x) => [x, y, (x + y) % 5])), label: { show: true } }],
};

/** The errors thrown in animation frames (a page error in the app) while `run` and 200 ms after it. */
async function frameErrors(run: () => void): Promise<string[]> {
  const errors: unknown[] = [];
  const onError = (event: ErrorEvent) => {
    errors.push(event.error ?? event.message);
    event.preventDefault();
  };
  window.addEventListener('error', onError);
  try {
    run();
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    window.removeEventListener('error', onError);
  }
  return errors.map(String);
}

describe('a chart put away while zrender is still drawing it', () => {
  it('leaves no frame behind that reads the disposed painter', async () => {
    const errors = await frameErrors(() => {
      const { container } = render(
        <AppProviders api={fakeApi({})} language="en">
          <Chart title="Heatmap" option={option} table={{ columns: ['Rep'], rows: reps.map((r) => [r]) }} fileName="heatmap" />
        </AppProviders>,
      );
      const canvas = container.querySelector('.chart__canvas')!;
      expect(echarts.getInstanceByDom(canvas as HTMLElement)).toBeDefined();
      // The table replaces the chart while its cells are still being drawn a slice per frame.
      fireEvent.click(screen.getByRole('button', { name: 'Table' }));
      expect(container.querySelector('.chart__canvas')).toBeNull();
    });
    expect(errors).toEqual([]);
  });

  it('nor does the full-height copy a PNG export draws apart and disposes at once', async () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockReturnValue('data:image/png;base64,');
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    try {
      const errors = await frameErrors(() => {
        render(
          <AppProviders api={fakeApi({})} language="en">
            <Chart title="Heatmap" option={option} table={{ columns: ['Rep'], rows: reps.map((r) => [r]) }} fileName="heatmap" exportAs={{ height: 900, option: {} }} />
          </AppProviders>,
        );
        fireEvent.click(screen.getByRole('button', { name: 'PNG' }));
      });
      expect(click).toHaveBeenCalledTimes(1);
      expect(errors).toEqual([]);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
