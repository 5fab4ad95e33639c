import { createHash, timingSafeEqual } from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiFailure } from '../errors.ts';

/**
 * The Content-Security-Policy of every answer, checked in a real browser against the built web app, its
 * echarts charts, its socket.io WebSocket and the OpenAPI UI (tests/web-csp.test.ts): only this origin's
 * scripts, styles, images and connections (`connect-src 'self'` covers ws:/wss: to the same host), no
 * plugins, no framing. `upgrade-insecure-requests` is left out: Louyu serves plain HTTP on a closed network
 * unless a TLS proxy sits in front.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

/** Security headers (helmet) on every answer: CSP, X-Frame-Options DENY, nosniff, no referrer. */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Only honoured over HTTPS (a TLS proxy); not for other hosts of the same domain.
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  });
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Routes behind the ops token: the Prometheus metrics and the OpenAPI document and UI. */
const OPS_ROUTE = /^\/(metrics|docs)(\/|$)/;

/**
 * With an `opsToken`, `/metrics` and `/docs` (and everything under it) need that token, as a bearer token
 * (Prometheus `authorization`) or as the password of HTTP basic auth (a browser asks for it), or the session
 * token of a district or admin user. Without one they stay open (the default, for a closed network).
 * The route is matched after routing, so no spelling of the path gets past it.
 */
export function guardOpsRoutes(app: FastifyInstance, opsToken: string | undefined): void {
  if (opsToken === undefined) return;
  const expected = digest(opsToken);
  const isOpsToken = (given: string): boolean => timingSafeEqual(digest(given), expected);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!OPS_ROUTE.test(request.routeOptions.url ?? '')) return;
    const header = request.headers.authorization ?? '';
    const [scheme = '', value = ''] = header.split(/\s+/, 2);
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      if (isOpsToken(decoded.slice(decoded.indexOf(':') + 1))) return;
    } else if (/^bearer$/i.test(scheme) && value !== '') {
      if (isOpsToken(value)) return;
      const user = app.userFromToken(value);
      if (user && (user.role === 'district' || user.role === 'admin')) return;
      if (user) throw new ApiFailure(403, 'LOUYU_FORBIDDEN_ROLE', 'this needs the district or admin role');
    }
    void reply.header('www-authenticate', 'Basic realm="louyu-ops", charset="UTF-8"');
    await Promise.resolve();
    throw new ApiFailure(
      401,
      'LOUYU_OPS_TOKEN',
      '/metrics and /docs need the operations token (bearer, or basic auth) or a district or admin session',
    );
  });
}
