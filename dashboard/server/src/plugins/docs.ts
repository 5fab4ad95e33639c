import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI 3 from the routes' TypeBox schemas: the document at `/docs/json`, the browsable UI at `/docs`. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Louyu (楼宇) dashboard API',
        description:
          'Live operations for the business buildings of Heping District: buildings, history, district KPIs, ' +
          '5A indicators, facility shortfalls, alarms, tenancy and reports. Sign in with POST /api/auth/login ' +
          'and send the token as a bearer token; socket.io takes the same token in `auth.token`.',
        version: '1',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The OpenAPI UI injects a <style> element: only its pages allow inline styles (plugins/security.ts).
    transformStaticCSP: (header) => header.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  });
}
