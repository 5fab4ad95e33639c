import Type from 'typebox';
import { ELEVATOR_STATES } from '../kinds.ts';
import { Count, Percent, Timestamp } from './common.ts';

/** One passenger car. `trips`, `door_cycles` and `wait_s` cover the span since the previous message. */
export const ElevatorPayload = Type.Object(
  {
    ts: Timestamp,
    state: Type.Enum(ELEVATOR_STATES),
    floor: Type.Integer({ minimum: -10, maximum: 200 }),
    load_pct: Percent,
    trips: Count,
    door_cycles: Count,
    wait_s: Type.Number({ minimum: 0, maximum: 3600 }),
    fault: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' })),
  },
  { additionalProperties: false },
);
export type ElevatorPayload = Type.Static<typeof ElevatorPayload>;
