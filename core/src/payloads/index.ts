import type { TSchema } from 'typebox';
import type { Kind } from '../kinds.ts';
import { ElevatorPayload } from './elevator.ts';
import { EnergyPayload } from './energy.ts';
import { OccupancyPayload } from './occupancy.ts';
import { ParkingPayload } from './parking.ts';
import { BaPayload, CaPayload, FaPayload, OaPayload, SaPayload } from './subsystems.ts';
import { TenancyPayload } from './tenancy.ts';

export * from './elevator.ts';
export * from './energy.ts';
export * from './occupancy.ts';
export * from './parking.ts';
export * from './subsystems.ts';
export * from './tenancy.ts';

/** The payload type of each kind. */
export interface PayloadByKind {
  occupancy: OccupancyPayload;
  parking: ParkingPayload;
  elevator: ElevatorPayload;
  energy: EnergyPayload;
  ba: BaPayload;
  ca: CaPayload;
  oa: OaPayload;
  fa: FaPayload;
  sa: SaPayload;
  tenancy: TenancyPayload;
}

/** The TypeBox schema of each kind: one table, so a new kind cannot be half-added. */
export const PAYLOAD_SCHEMAS: { readonly [K in Kind]: TSchema } = {
  occupancy: OccupancyPayload,
  parking: ParkingPayload,
  elevator: ElevatorPayload,
  energy: EnergyPayload,
  ba: BaPayload,
  ca: CaPayload,
  oa: OaPayload,
  fa: FaPayload,
  sa: SaPayload,
  tenancy: TenancyPayload,
};
