import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { SHORTFALL_KINDS } from '@louyu/core';
import { ApiErrorSchema, ShortfallReplySchema } from '@louyu/core';
import { accountOf } from '../auth/plugin.ts';
import { canSeeBuilding } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { failures } from '../errors.ts';
import { authErrors, bearer } from './params.ts';

/** `GET /api/shortfalls`: facility shortfall findings (rule, measured, threshold, since), by kind and cluster. */
export const shortfallRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  app.get(
    '/api/shortfalls',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['district'],
        summary: 'Facility shortfalls: parking, elevator capacity, 5A gaps, energy, idle space',
        security: bearer,
        querystring: Type.Object(
          {
            kind: Type.Optional(Type.Enum(SHORTFALL_KINDS)),
            cluster: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ShortfallReplySchema, 400: ApiErrorSchema, ...authErrors },
      },
    },
    async (request) => {
      const user = accountOf(request);
      const { kind, cluster } = request.query;
      // The district's own clusters (the registry names them): any other is the client's mistake.
      const clusters = ctx.registry.clusters.map((c) => c.id);
      if (cluster !== undefined && !clusters.includes(cluster))
        throw failures.unknownCluster(cluster, clusters);
      const { at, findings } = await ctx.shortfalls.findings();
      const shown = findings.filter(
        (f) =>
          canSeeBuilding(user, f.building) &&
          (kind === undefined || f.kind === kind) &&
          (cluster === undefined || ctx.registry.byId.get(f.building)?.cluster === cluster),
      );
      const perBuilding = new Map<string, Set<(typeof SHORTFALL_KINDS)[number]>>();
      const counts = new Map<string, number>();
      for (const f of shown) {
        if (!perBuilding.has(f.building)) perBuilding.set(f.building, new Set());
        perBuilding.get(f.building)!.add(f.kind);
        counts.set(f.building, (counts.get(f.building) ?? 0) + 1);
      }
      const buildings = [...perBuilding.entries()]
        .map(([building, kinds]) => ({ building, findings: counts.get(building) ?? 0, kinds: [...kinds] }))
        .sort((a, b) => b.findings - a.findings || a.building.localeCompare(b.building));
      return { evaluated_at: at, findings: shown, buildings };
    },
  );
  done();
};
