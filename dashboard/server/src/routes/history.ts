import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { DERIVED_FIELDS, PAYLOAD_SCHEMAS, type Kind } from '@louyu/core';
import { stepFor, type DeviceSeries, type SeriesFilter, type SeriesPoint } from '@louyu/store';
import { ApiErrorSchema, HISTORY_MAX_RANGE_MS, HistoryQuerySchema, HistoryReplySchema } from '@louyu/core';
import { assertBuilding } from '../auth/plugin.ts';
import type { ServerContext } from '../context.ts';
import { failures } from '../errors.ts';
import { authErrors, bearer, BuildingParams } from './params.ts';

/** The numeric fields a kind stores (what a chart can draw); tenancy's industries are stored flattened. */
export function numericFields(kind: Kind): string[] {
  const properties =
    (PAYLOAD_SCHEMAS[kind] as { properties?: Record<string, { type?: string }> }).properties ?? {};
  const fields = Object.entries(properties)
    .filter(([name, schema]) => name !== 'ts' && (schema.type === 'number' || schema.type === 'integer'))
    .map(([name]) => name);
  // Derived numbers stored beside the payload: an elevator's in_service (0/1) makes lift availability a mean.
  fields.push(...(DERIVED_FIELDS[kind] ?? []));
  if (kind === 'tenancy')
    fields.push('tenants_trade', 'tenants_tech', 'tenants_finance', 'tenants_culture', 'tenants_other');
  return fields;
}

/**
 * The building's devices added up bucket by bucket (one query for all of them, not one per device). A device
 * that sent nothing in a bucket adds nothing to it, so a silent counter shows as a dip rather than a guess.
 */
function sumOfDevices(devices: readonly DeviceSeries[]): SeriesPoint[] {
  const totals = new Map<number, number>();
  for (const { points } of devices)
    for (const { ts, value } of points) totals.set(ts, (totals.get(ts) ?? 0) + value);
  return [...totals].sort(([a], [b]) => a - b).map(([ts, value]) => ({ ts, value }));
}

/**
 * `GET /api/buildings/{id}/history`: one field of one kind over [from, to), downsampled on the server to at
 * most `points` buckets (a chart's width; at most 2000), aggregated across the building's devices unless
 * `device` picks one, or added up device by device with `across=sum`.
 */
export const historyRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  app.get(
    '/api/buildings/:id/history',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['buildings'],
        summary: 'History of one field, downsampled to at most `points` buckets',
        security: bearer,
        params: BuildingParams,
        querystring: HistoryQuerySchema,
        response: { 200: HistoryReplySchema, 400: ApiErrorSchema, ...authErrors, 404: ApiErrorSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!ctx.registry.byId.has(id)) throw failures.unknownBuilding(id);
      assertBuilding(request, id);
      const q = request.query;
      const fields = numericFields(q.kind);
      if (!fields.includes(q.field))
        throw failures.badRange(
          `field "${q.field}" is not a numeric field of ${q.kind}; one of: ${fields.join(', ')}`,
        );
      if (q.to <= q.from) throw failures.badRange('to must be after from');
      if (q.to - q.from > HISTORY_MAX_RANGE_MS)
        throw failures.badRange(`the range may span at most ${HISTORY_MAX_RANGE_MS / 86_400_000} days`);
      if (q.circuit !== undefined && q.kind !== 'energy')
        throw failures.badRange('circuit applies to kind=energy only');
      const points = q.points ?? 500;
      const agg = q.agg ?? 'mean';
      const step = stepFor(q.from, q.to, points);
      const filter: SeriesFilter = {
        measurement: q.kind,
        building: id,
        ...(q.device !== undefined ? { device: q.device } : {}),
        ...(q.circuit !== undefined ? { tags: { circuit: q.circuit } } : {}),
      };
      const across = q.device === undefined ? (q.across ?? 'all') : 'all';
      const series =
        across === 'sum'
          ? sumOfDevices(await ctx.store.seriesByDevice(filter, q.from, q.to, step, agg, q.field))
          : await ctx.store.series(filter, q.from, q.to, step, agg, q.field);
      return {
        building: id,
        kind: q.kind,
        field: q.field,
        agg,
        across,
        from: q.from,
        to: q.to,
        step_ms: step,
        // The store never returns more buckets than the step allows; the slice keeps the promise regardless.
        points: series.slice(0, points).map((p): [number, number] => [p.ts, p.value]),
      };
    },
  );
  done();
};
