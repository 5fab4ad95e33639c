import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AuditEntrySchema, AuditQuerySchema } from '@louyu/core';
import { auditCsv } from '../audit/audit-csv.ts';
import { assertRole } from '../auth/plugin.ts';
import type { ServerContext } from '../context.ts';
import { authErrors, bearer } from './params.ts';

/**
 * `GET /api/audit` (JSON) and `GET /api/audit.csv` (the same rows for a spreadsheet): who signed in and
 * changed what, newest first; admins only. Per dashboard node in scale-out (each keeps its own log).
 */
export const auditRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preHandler', async (request) => {
    assertRole(request, 'admin');
    await Promise.resolve();
  });

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log: sign-ins, alarm actions, tenancy entries, user and notification changes',
        security: bearer,
        querystring: AuditQuerySchema,
        response: { 200: Type.Array(AuditEntrySchema), ...authErrors },
      },
    },
    (request) => ctx.audit.query(request.query),
  );

  app.get(
    '/api/audit.csv',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log as CSV (UTF-8 with BOM, for Excel)',
        security: bearer,
        querystring: AuditQuerySchema,
        response: { 200: Type.String(), ...authErrors },
      },
    },
    (request, reply) => {
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="louyu-audit.csv"');
      return auditCsv(ctx.audit.query(request.query), ctx.live.timeZone);
    },
  );
  done();
};
