import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { FiveARowSchema, type FiveARow } from '@louyu/core';
import { accountOf } from '../auth/plugin.ts';
import { canSeeBuilding } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { authErrors, bearer } from './params.ts';

/** `GET /api/five-a`: every visible building's 5A scores, ranked by index (missing counts as lowest). */
export const fiveARoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  app.get(
    '/api/five-a',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['district'],
        summary: '5A table: each subsystem 0-100, the index, compliance, rank',
        security: bearer,
        response: { 200: Type.Array(FiveARowSchema), ...authErrors },
      },
    },
    (request) => {
      const user = accountOf(request);
      const now = ctx.options.now();
      const rows: Omit<FiveARow, 'rank'>[] = ctx.registry.buildings
        .filter((b) => canSeeBuilding(user, b.id))
        .map((b) => {
          const f = ctx.live.summary(b.id, now)!.five_a;
          return { building: b.id, name: b.name.zh, cluster: b.cluster, ...f };
        });
      rows.sort((a, b) => (b.index ?? -1) - (a.index ?? -1) || a.building.localeCompare(b.building));
      return rows.map((row, i) => ({ ...row, rank: i + 1 }));
    },
  );
  done();
};
