import Type from 'typebox';
import { Count, PositiveCount, Timestamp } from './common.ts';

/** A car park or one level of it. `entries` and `exits` count since the gateway's previous message. */
export const ParkingPayload = Type.Object(
  {
    ts: Timestamp,
    occupied: Count,
    capacity: PositiveCount,
    queue: Count,
    entries: Count,
    exits: Count,
  },
  { additionalProperties: false },
);
export type ParkingPayload = Type.Static<typeof ParkingPayload>;
