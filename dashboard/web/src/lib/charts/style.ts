// The dashboard's chart colours and label styles: plain values, so a page can use them without loading
// ECharts itself (./echarts.ts, loaded with the first chart).

/** The dashboard's status colours, shared by charts, the map and CSS (see app.css). */
export const STATUS_COLORS = {
  ok: '#1f7a45',
  warning: '#8a6500',
  alarm: '#b35300',
  critical: '#c02626',
  stale: '#5f6b76',
  offline: '#4b5563',
} as const;

/** Colours for the occupancy buckets, best to worst. */
export const BUCKET_COLORS = ['#2e9d5b', '#7cb342', '#f0a020', '#d03030', '#a8b0b8'] as const;

/** Colours for the industries. */
export const INDUSTRY_COLORS = ['#3b7dd8', '#8e59c9', '#d9a400', '#2e9d5b', '#8b95a1'] as const;

/**
 * Donut labels that stay inside the chart however narrow it is (a phone): each label aligned to the nearer
 * edge with a margin, wrapped to the room left beside the ring, and hidden rather than drawn over another.
 */
export const DONUT_LABELS = {
  avoidLabelOverlap: true,
  label: { alignTo: 'edge', edgeDistance: 6, minMargin: 4, overflow: 'break', lineHeight: 14 },
  labelLine: { length: 8, length2: 0, maxSurfaceAngle: 80 },
  labelLayout: { hideOverlap: true },
} as const;
