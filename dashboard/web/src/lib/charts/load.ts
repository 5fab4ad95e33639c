/** ECharts' module, imported once for every chart of the session (the browser keeps the chunk). */
let loading: Promise<typeof import('./echarts.ts')> | undefined;

/** Loads ECharts (its own chunk, about 640 kB) the first time a chart is shown. */
export function loadECharts(): Promise<typeof import('./echarts.ts')> {
  loading ??= import('./echarts.ts');
  return loading;
}
