import Type from 'typebox';
import { Count, PositiveCount, Timestamp } from './common.ts';

/** A floor or zone people counter. */
export const OccupancyPayload = Type.Object(
  { ts: Timestamp, people: Count, capacity: PositiveCount },
  { additionalProperties: false },
);
export type OccupancyPayload = Type.Static<typeof OccupancyPayload>;
