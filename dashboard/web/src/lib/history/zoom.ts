/** The visible window of the chart's time axis, in percent of the whole span (ECharts' dataZoom start/end). */
export interface ZoomWindow {
  start: number;
  end: number;
}

export const FULL: ZoomWindow = { start: 0, end: 100 };
/** The narrowest window the buttons zoom to, so a click never leaves nothing to see. */
const MIN_WIDTH = 1;

const clamp = (w: ZoomWindow): ZoomWindow => {
  const width = Math.min(100, Math.max(MIN_WIDTH, w.end - w.start));
  const start = Math.min(100 - width, Math.max(0, w.start));
  return { start, end: start + width };
};

/** The window scaled around its centre: `factor` 0.5 zooms in twice, 2 zooms out twice. */
export function zoomBy(w: ZoomWindow, factor: number): ZoomWindow {
  const centre = (w.start + w.end) / 2;
  const half = ((w.end - w.start) * factor) / 2;
  return clamp({ start: centre - half, end: centre + half });
}

/** The window moved by `fraction` of its width (negative: earlier). */
export function panBy(w: ZoomWindow, fraction: number): ZoomWindow {
  const shift = (w.end - w.start) * fraction;
  return clamp({ start: w.start + shift, end: w.end + shift });
}

/** The instants the window shows, for an axis drawn from `from` to `to`. */
export function visibleSpan(w: ZoomWindow, from: number, to: number): { from: number; to: number } {
  const span = to - from;
  return { from: from + (span * w.start) / 100, to: from + (span * w.end) / 100 };
}

/**
 * ECharts' dataZoom for a time axis: the wheel and drag inside the chart, and a slider under it labelled with
 * `label` (a time in the district's zone), both at the window `w`.
 */
export function zoomOption(w: ZoomWindow, label: (ts: number) => string): object[] {
  return [
    { type: 'inside', start: w.start, end: w.end, filterMode: 'none' },
    {
      type: 'slider',
      start: w.start,
      end: w.end,
      filterMode: 'none',
      height: 20,
      bottom: 8,
      labelFormatter: label,
    },
  ];
}

/** Keeps `set` told of the window the user moves in the chart (wheel, drag, slider), e.g. the CSV's rows. */
export function followZoom(
  instance: { on(event: 'datazoom', handler: () => void): void; getOption(): unknown },
  set: (w: ZoomWindow) => void,
): void {
  instance.on('datazoom', () => {
    const windows = (instance.getOption() as { dataZoom?: { start?: number; end?: number }[] }).dataZoom;
    const first = windows?.[0];
    if (first) set({ start: first.start ?? 0, end: first.end ?? 100 });
  });
}
