import type { StatusMessage } from './decode.ts';
import type { Kind } from './kinds.ts';
import type { Reading, TelemetryPoint } from './reading.ts';
import type { Registry } from './registry/types.ts';

/** Elevator states in which a car carries passengers; fault, maintenance and offline do not. */
const IN_SERVICE_STATES: ReadonlySet<string> = new Set(['idle', 'moving', 'door']);

/** Fields {@link readingToPoints} derives beside the payload (not sent by gateways, refused in one). */
export const DERIVED_FIELDS: { readonly [K in Kind]?: ReadonlySet<string> } = {
  elevator: new Set(['in_service']),
};

/** The cluster tag of a building that is not in the registry (only possible without a registry check). */
export const UNKNOWN_CLUSTER = 'unknown';

/**
 * The points a reading is stored as: one measurement per kind, tags building, cluster, device (and
 * circuit for energy), numeric and string fields as sent. Tags never carry unbounded values (no fault
 * code, no counts), so series cardinality stays bounded by the registry.
 */
export function readingToPoints(reading: Reading, registry?: Registry): TelemetryPoint[] {
  const cluster = registry?.byId.get(reading.building)?.cluster ?? UNKNOWN_CLUSTER;
  const tags: Record<string, string> = { building: reading.building, cluster, device: reading.device };
  const fields: Record<string, number | string | boolean> = {};
  for (const [key, value] of Object.entries(reading.data)) {
    if (reading.kind === 'energy' && key === 'circuit') {
      tags.circuit = String(value);
    } else if (key === 'tenants_by_industry' && typeof value === 'object' && value !== null) {
      for (const [industry, count] of Object.entries(value as Record<string, number>))
        fields[`tenants_${industry}`] = count;
    } else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
      fields[key] = value;
    }
  }
  if (reading.kind === 'elevator') {
    // A number beside the state string, so a car's availability over a span is a plain mean in either store.
    fields.in_service = IN_SERVICE_STATES.has(reading.data.state) ? 1 : 0;
  }
  return [{ measurement: reading.kind, tags, fields, ts: reading.ts }];
}

/**
 * Gateway status as a point, so the dashboard can rebuild gateway state from the store too. Both fields
 * are always written: `online`, and `stopped` (an orderly stop, not an outage; absent in older points).
 */
export function statusToPoint(status: StatusMessage, registry?: Registry): TelemetryPoint {
  const cluster = registry?.byId.get(status.building)?.cluster ?? UNKNOWN_CLUSTER;
  return {
    measurement: 'gateway_status',
    tags: { building: status.building, cluster },
    fields: { online: status.status === 'online', stopped: status.status === 'stopped' },
    ts: status.ts,
  };
}

/**
 * The payload a stored point came from: {@link readingToPoints} in reverse. The circuit tag goes back into
 * the fields, tenancy's flattened `tenants_*` back into `tenants_by_industry`, derived fields are left out,
 * so the result decodes as the original message did.
 */
export function pointToPayload(kind: Kind, point: TelemetryPoint): Record<string, unknown> {
  const payload: Record<string, unknown> = { ts: point.ts };
  const industries: Record<string, unknown> = {};
  const derived = DERIVED_FIELDS[kind];
  for (const [key, value] of Object.entries(point.fields)) {
    if (derived?.has(key)) continue;
    if (kind === 'tenancy' && key.startsWith('tenants_')) industries[key.slice('tenants_'.length)] = value;
    else payload[key] = value;
  }
  if (kind === 'energy' && point.tags.circuit !== undefined) payload.circuit = point.tags.circuit;
  if (kind === 'tenancy') payload.tenants_by_industry = industries;
  return payload;
}
