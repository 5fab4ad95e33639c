import Type from 'typebox';
import { HISTORY_MAX_POINTS } from './rest.ts';

/**
 * What the district's trends chart: people in buildings (every floor's counter added up), power (every
 * building's main meter added up), free parking (capacity less occupied, every car park), active alarms
 * (raised and not cleared at each bucket's end) and cars in service (lifts carrying passengers).
 */
export const DISTRICT_MEASURES = [
  'people',
  'power_kw',
  'free_parking',
  'active_alarms',
  'lifts_in_service',
] as const;
export type DistrictMeasure = (typeof DISTRICT_MEASURES)[number];

/** `GET /api/district/history` query. */
export const DistrictHistoryQuerySchema = Type.Object(
  {
    measure: Type.Enum(DISTRICT_MEASURES),
    /** UTC ms, inclusive. */
    from: Type.Integer({ minimum: 0 }),
    /** UTC ms, exclusive. */
    to: Type.Integer({ minimum: 1 }),
    points: Type.Optional(Type.Integer({ minimum: 1, maximum: HISTORY_MAX_POINTS, default: 500 })),
    /** Only this cluster (one of the district's cluster ids); none: every cluster. */
    cluster: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' })),
  },
  { additionalProperties: false },
);
export type DistrictHistoryQuery = Type.Static<typeof DistrictHistoryQuerySchema>;

const Buckets = Type.Array(Type.Tuple([Type.Number(), Type.Number()]), {
  description: '[bucket start (UTC ms), value]; a bucket no device reported in is left out',
});

/** `GET /api/district/history` reply: one series per cluster and the total of those clusters. */
export const DistrictHistoryReplySchema = Type.Object({
  measure: Type.Enum(DISTRICT_MEASURES),
  from: Type.Number(),
  to: Type.Number(),
  step_ms: Type.Integer(),
  clusters: Type.Array(Type.Object({ cluster: Type.String(), points: Buckets })),
  total: Buckets,
});
export type DistrictHistoryReply = Type.Static<typeof DistrictHistoryReplySchema>;
