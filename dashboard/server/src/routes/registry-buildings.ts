import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { BuildingSchema } from '@louyu/core';
import { accountOf } from '../auth/plugin.ts';
import type { ServerContext } from '../context.ts';
import { authErrors, bearer } from './params.ts';
import { RegistryBodies } from './registry-bodies.ts';

/**
 * `GET /api/registry/buildings`: the registry entries of the buildings the user may see, the directory
 * every page draws from. It changes only when the server starts with another registry, so the browser
 * keeps it and revalidates (`If-None-Match`): a page load then costs a 304 instead of the whole list.
 * Live figures come from the socket's rooms (or `GET /api/buildings`), not from here.
 */
/** Whether an If-None-Match header names `etag` (a list of tags; a proxy may have weakened them: W/). */
function holds(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export const registryBuildingRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (
  app,
  { ctx },
  done,
) => {
  const bodies = new RegistryBodies(ctx.registry);
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/api/registry/buildings',
    {
      schema: {
        tags: ['buildings'],
        summary: 'Registry entries of the buildings the user may see (ETag; 304 when unchanged)',
        security: bearer,
        response: {
          // Documented as the array it is; typed as the string the handler sends (JSON serialized once).
          200: Type.Unsafe<string>(Type.Array(BuildingSchema)),
          304: Type.Null({ description: 'The copy the browser holds (If-None-Match) is current' }),
          ...authErrors,
        },
      },
    },
    async (request, reply) => {
      const body = bodies.for(accountOf(request));
      // private: the list depends on who asks; no-cache: kept, but revalidated at every use.
      void reply
        .header('etag', body.etag)
        .header('cache-control', 'private, no-cache')
        .header('vary', 'authorization');
      if (holds(request.headers['if-none-match'], body.etag)) return reply.code(304).send(null);
      // Already JSON: fastify sends a string with a JSON content type as it is.
      return reply.type('application/json; charset=utf-8').send(body.json);
    },
  );
  done();
};
