// ECharts, tree-shaken: only the chart types and components the dashboard draws are bundled. A chunk of
// its own (about 640 kB), loaded by EChart.svelte when a chart first shows: pages paint their figures
// without waiting for it. Import colours and label styles from ./style.ts, never from here.
import { use, init, type EChartsType, type EChartsCoreOption } from 'echarts/core';
import { BarChart, LineChart, PieChart, RadarChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  RadarComponent,
  TooltipComponent,
  DataZoomComponent,
  MarkLineComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([
  BarChart,
  LineChart,
  PieChart,
  RadarChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  RadarComponent,
  TooltipComponent,
  DataZoomComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export { init };
export type { EChartsType, EChartsCoreOption };
