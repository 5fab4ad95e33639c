import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { localDateKey, parseDateKey } from '@louyu/core';
import { ApiErrorSchema, REPORT_PERIODS, ReportSchema } from '@louyu/core';
import { accountOf } from '../auth/plugin.ts';
import { visibleBuildings } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { failures } from '../errors.ts';
import { buildReport } from '../reports/build-report.ts';
import { reportCsv, reportHtml } from '../reports/render.ts';
import { authErrors, bearer } from './params.ts';

/** `GET /api/reports/{weekly|monthly}`: JSON, CSV (`?format=csv`, UTF-8 with BOM) or a printable page (`?format=html`). */
export const reportRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  app.get(
    '/api/reports/:period',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['reports'],
        summary: '每周调度 / 每月通报 for the week or month holding `date` (default: today)',
        security: bearer,
        params: Type.Object({ period: Type.Enum(REPORT_PERIODS) }, { additionalProperties: false }),
        querystring: Type.Object(
          {
            format: Type.Optional(Type.Enum(['json', 'csv', 'html'] as const)),
            date: Type.Optional(
              Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a local date YYYY-MM-DD' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Union([ReportSchema, Type.String()]), 400: ApiErrorSchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const user = accountOf(request);
      const date = request.query.date ?? localDateKey(ctx.options.now(), ctx.live.timeZone);
      try {
        parseDateKey(date);
      } catch (error) {
        throw failures.badRange((error as Error).message);
      }
      const { period } = request.params;
      const report = await buildReport(ctx, period, date, visibleBuildings(user, ctx.registry));
      const name = `louyu-${period}-${date}`;
      switch (request.query.format ?? 'json') {
        case 'csv':
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}.csv"`)
            .send(reportCsv(report));
        case 'html':
          return reply.type('text/html; charset=utf-8').send(reportHtml(report));
        default:
          return report;
      }
    },
  );
  done();
};
