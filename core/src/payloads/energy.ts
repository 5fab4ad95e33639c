import Type from 'typebox';
import { CIRCUITS } from '../kinds.ts';
import { NonNegative, Timestamp } from './common.ts';

/**
 * A meter of one circuit (see CIRCUITS): an electricity meter, or for circuit `heat` the district heating
 * thermal meter, whose `power_kw` / `energy_kwh` are kW / kWh of heat and not part of `total`. `energy_kwh`
 * is a cumulative counter that may reset when a meter is replaced.
 */
export const EnergyPayload = Type.Object(
  {
    ts: Timestamp,
    power_kw: Type.Number({ minimum: 0, maximum: 100_000 }),
    energy_kwh: NonNegative,
    circuit: Type.Enum(CIRCUITS),
  },
  { additionalProperties: false },
);
export type EnergyPayload = Type.Static<typeof EnergyPayload>;
