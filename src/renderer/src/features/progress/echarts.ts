import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, DataZoomSliderComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import langFI from 'echarts/lib/i18n/langFI.js';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

/**
 * Apache ECharts, with only the parts Reprise draws. Chosen over uPlot (smallest, but no heatmap,
 * no SVG and little for screen readers), Recharts (brings a state library and renders SVG with
 * style attributes, which the app's Content-Security-Policy refuses) and Observable Plot (writes a
 * <style> element into each chart, refused by the same policy): ECharts draws to a canvas, has
 * heatmaps, a built-in dark theme and Finnish, describes each chart for screen readers (aria),
 * and renders the same chart to SVG for export.
 */
echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  MarkAreaComponent,
  MarkLineComponent,
  AriaComponent,
  DataZoomSliderComponent,
  CanvasRenderer,
  SVGRenderer,
]);
echarts.registerLocale('FI', langFI as Parameters<typeof echarts.registerLocale>[1]);

export { echarts };
export type ChartOption = echarts.EChartsCoreOption;
