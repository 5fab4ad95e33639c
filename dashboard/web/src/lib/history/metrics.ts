import { SUBSYSTEMS, type BuildingDetail, type Kind, type Subsystem } from '../contracts.ts';
import type { Unit } from '../format.ts';
import type { MessageKey } from '../i18n/zh.ts';
import { t } from '../i18n/locale.svelte.ts';

/** One series the history API serves: a field of a kind, and how the building's devices combine. */
export interface SeriesRequest {
  kind: Kind;
  field: string;
  /** `sum`: devices added up (people on every floor); `all`: every reading together (the mean car). */
  across: 'sum' | 'all';
  /** Only the meters of this circuit, for the whole-building figure (the main meter, not its circuits too). */
  circuit?: string;
}

/** What the explorer can chart: one series, or a ratio of two (shown in %). */
export interface Metric {
  id: MetricId;
  label: MessageKey;
  unit: Unit;
  digits: number;
  /** The series, or the numerator of a ratio. */
  value: SeriesRequest;
  /** The denominator of a ratio: the chart shows 100 × value / per. */
  per?: SeriesRequest;
  /** Which of the building's devices the device picker offers. */
  devices: (detail: BuildingDetail) => string[];
  /** The 5A availability picks a subsystem (a kind of its own) instead of a device. */
  bySubsystem?: true;
}

export const METRIC_IDS = [
  'people',
  'parking_occupied',
  'parking_pct',
  'parking_queue',
  'lift_wait',
  'lift_load',
  'lift_in_service',
  'power',
  'five_a',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

const floors = (d: BuildingDetail): string[] => d.floors.map((f) => f.device);
const parking = (d: BuildingDetail): string[] => d.parking.map((p) => p.device);
const cars = (d: BuildingDetail): string[] => d.elevators.map((e) => e.device);

/** The measures, in the order the picker lists them. */
export const METRICS: Readonly<Record<MetricId, Metric>> = {
  people: {
    id: 'people',
    label: 'history.metric_people',
    unit: 'people',
    digits: 0,
    value: { kind: 'occupancy', field: 'people', across: 'sum' },
    devices: floors,
  },
  parking_occupied: {
    id: 'parking_occupied',
    label: 'history.metric_parking_occupied',
    unit: 'cars',
    digits: 0,
    value: { kind: 'parking', field: 'occupied', across: 'sum' },
    devices: parking,
  },
  parking_pct: {
    id: 'parking_pct',
    label: 'history.metric_parking_pct',
    unit: 'pct',
    digits: 1,
    value: { kind: 'parking', field: 'occupied', across: 'sum' },
    per: { kind: 'parking', field: 'capacity', across: 'sum' },
    devices: parking,
  },
  parking_queue: {
    id: 'parking_queue',
    label: 'history.metric_parking_queue',
    unit: 'cars',
    digits: 1,
    value: { kind: 'parking', field: 'queue', across: 'sum' },
    devices: parking,
  },
  lift_wait: {
    id: 'lift_wait',
    label: 'history.metric_lift_wait',
    unit: 'seconds',
    digits: 1,
    value: { kind: 'elevator', field: 'wait_s', across: 'all' },
    devices: cars,
  },
  lift_load: {
    id: 'lift_load',
    label: 'history.metric_lift_load',
    unit: 'pct',
    digits: 1,
    value: { kind: 'elevator', field: 'load_pct', across: 'all' },
    devices: cars,
  },
  // in_service is 0 or 1 per reading: each car's mean over a bucket, added up, is the cars in service.
  lift_in_service: {
    id: 'lift_in_service',
    label: 'history.metric_lift_in_service',
    unit: 'lifts',
    digits: 1,
    value: { kind: 'elevator', field: 'in_service', across: 'sum' },
    devices: cars,
  },
  power: {
    id: 'power',
    label: 'history.metric_power',
    unit: 'kW',
    digits: 1,
    // The whole building is its main meter; a circuit is its own meter, picked as a device.
    value: { kind: 'energy', field: 'power_kw', across: 'sum', circuit: 'total' },
    devices: (d) => d.meters.map((m) => m.device),
  },
  five_a: {
    id: 'five_a',
    label: 'history.metric_five_a',
    unit: 'pct',
    digits: 1,
    value: { kind: 'ba', field: 'devices_online', across: 'sum' },
    per: { kind: 'ba', field: 'devices_total', across: 'sum' },
    devices: () => [...SUBSYSTEMS],
    bySubsystem: true,
  },
};

export function isMetricId(value: string | null): value is MetricId {
  return value !== null && (METRIC_IDS as readonly string[]).includes(value);
}

/**
 * The requests for a metric and a picked device (or subsystem): a device drops the circuit filter (a meter
 * is one circuit) and the adding-up (there is one device); a subsystem becomes the kind asked for.
 */
export function requestsFor(
  metric: Metric,
  device: string | null,
): { value: SeriesRequest & { device?: string }; per?: SeriesRequest & { device?: string } } {
  const pick = (series: SeriesRequest): SeriesRequest & { device?: string } => {
    if (metric.bySubsystem) return { ...series, kind: (device ?? 'ba') as Subsystem };
    if (device === null) return series;
    return { kind: series.kind, field: series.field, across: 'all', device };
  };
  return { value: pick(metric.value), ...(metric.per ? { per: pick(metric.per) } : {}) };
}

/** The unit alone, for the axis name and the CSV header ("kW", "人", "%"). */
export function unitSymbol(unit: Unit): string {
  switch (unit) {
    case 'people':
      return t('history.unit_people');
    case 'cars':
      return t('history.unit_cars');
    case 'seconds':
      return t('history.unit_seconds');
    case 'spaces':
      return t('history.unit_spaces');
    case 'lifts':
      return t('history.unit_lifts');
    case 'alarms':
      return t('history.unit_alarms');
    case 'pct':
      return '%';
    default:
      return unit;
  }
}
