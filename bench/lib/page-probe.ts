// What the dashboard suite installs in the page before any of the app's code runs (playwright's init
// script). It is browser code, kept as a string because the bench compiles without the DOM library.
// Every mark is a `performance.now()` of the page, whose origin is the start of the navigation.

/** The marks and long tasks the probe keeps in `window.__louyuBench`. */
export interface ProbeState {
  /** The overview shows the expected building count, after the frame that paints it. */
  rendered: number | null;
  /** The live figures (people in buildings) show a number, after the frame that paints it. */
  live: number | null;
  /** Long tasks (over 50 ms on the main thread): [start, duration] in ms. */
  longTasks: [number, number][];
}

/**
 * The probe's script: `expected` is the building count the overview must show. "After the frame that paints
 * it" is a task queued from the next animation frame's callback: the frame holding the change was produced.
 */
export function pageProbe(expected: number): string {
  return `(() => {
  const expected = ${JSON.stringify(String(expected))};
  const state = { rendered: null, live: null, longTasks: [] };
  window.__louyuBench = state;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const afterPaint = (key) => requestAnimationFrame(() => setTimeout(() => { state[key] = performance.now(); }, 0));
  let renderedSeen = false;
  let liveSeen = false;
  const digits = (selector) => (document.querySelector(selector)?.textContent ?? '').replace(/\\D/g, '');
  const check = () => {
    if (!renderedSeen && digits('[data-testid=kpi-buildings] .value') === expected) {
      renderedSeen = true;
      afterPaint('rendered');
    }
    if (!liveSeen && digits('[data-testid=kpi-people] .value') !== '') {
      liveSeen = true;
      afterPaint('live');
    }
    if (renderedSeen && liveSeen) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;
}
