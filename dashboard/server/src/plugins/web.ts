import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built web app (dashboard/web/dist) when it exists, with SPA fallback: any GET that is not an
 * API, docs, socket or operations path and matches no file gets index.html, so deep links work.
 */
export async function registerWeb(app: FastifyInstance, dist: string | undefined): Promise<boolean> {
  if (dist === undefined) return false;
  const root = resolve(dist);
  if (!existsSync(resolve(root, 'index.html'))) {
    app.log.warn({ dist: root }, 'web app not built: no index.html, serving the API only');
    return false;
  }
  const assets = resolve(root, 'assets');
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    // The build names every file under assets/ by its content hash, so a name never changes content: the
    // browser keeps them without asking again. The app is split per page, and a reload otherwise sent one
    // revalidation per chunk to a server that may be busy (the overview waited behind them). index.html,
    // which names the current chunks, is still checked every time.
    setHeaders: (reply, path) => {
      if (resolve(path).startsWith(assets + sep))
        void reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const reserved = /^\/(api|docs|socket\.io|metrics|healthz|readyz)(\/|$)/.test(path);
    if (request.method !== 'GET' || reserved)
      return reply.code(404).send({
        statusCode: 404,
        code: 'LOUYU_NOT_FOUND',
        error: 'Not Found',
        message: `no route ${request.method} ${path}`,
      });
    return reply.sendFile('index.html');
  });
  return true;
}
