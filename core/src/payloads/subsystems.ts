import Type from 'typebox';
import { Count, PositiveCount, Timestamp } from './common.ts';

/** Fields every 5A subsystem head end reports. */
const base = {
  ts: Timestamp,
  devices_total: PositiveCount,
  devices_online: Count,
  alarms: Count,
  faults: Count,
};

/** BA, building automation: HVAC and environment control. */
export const BaPayload = Type.Object(
  {
    ...base,
    indoor_c: Type.Optional(Type.Number({ minimum: -40, maximum: 60 })),
    co2_ppm: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
/** CA, communication: the building's network and uplink. */
export const CaPayload = Type.Object(
  {
    ...base,
    uplink_mbps: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
    latency_ms: Type.Optional(Type.Number({ minimum: 0, maximum: 60_000 })),
    loss_pct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);
/** OA, office automation: access cards, meeting rooms, shared services. */
export const OaPayload = Type.Object(
  {
    ...base,
    active_users: Type.Optional(Count),
  },
  { additionalProperties: false },
);
/** FA, fire alarm and protection. `detectors_total` and `detectors_fault` describe the detector loop. */
export const FaPayload = Type.Object(
  {
    ...base,
    detectors_total: Type.Optional(Count),
    detectors_fault: Type.Optional(Count),
    drill: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
/** SA, security: cameras, access control, intrusion detection. */
export const SaPayload = Type.Object(
  {
    ...base,
    cameras_total: Type.Optional(Count),
    cameras_online: Type.Optional(Count),
    intrusions: Type.Optional(Count),
  },
  { additionalProperties: false },
);

export type BaPayload = Type.Static<typeof BaPayload>;
export type CaPayload = Type.Static<typeof CaPayload>;
export type OaPayload = Type.Static<typeof OaPayload>;
export type FaPayload = Type.Static<typeof FaPayload>;
export type SaPayload = Type.Static<typeof SaPayload>;
/** The fields all five share, for rules that treat subsystems alike. */
export interface SubsystemPayload {
  ts?: number;
  devices_total: number;
  devices_online: number;
  alarms: number;
  faults: number;
}
