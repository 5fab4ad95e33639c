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

/**
 * The dates a report may be asked for. The store holds instants from the epoch on, and a week or month at
 * either end of what `Date` can reckon has no meaningful window; the district's data starts well after
 * 2000, so the range is generous and a date outside it is the client's mistake (400, not 500).
 */
export const REPORT_DATES = { first: '2000-01-01', last: '2099-12-31' } as const;

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
              Type.String({
                pattern: '^\\d{4}-\\d{2}-\\d{2}$',
                description: `a local date YYYY-MM-DD, from ${REPORT_DATES.first} to ${REPORT_DATES.last}`,
              }),
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
      // YYYY-MM-DD keys compare as strings in date order.
      if (date < REPORT_DATES.first || date > REPORT_DATES.last)
        throw failures.badRange(
          `date ${date} is out of range: reports cover dates from ${REPORT_DATES.first} to ${REPORT_DATES.last}`,
        );
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
            .send(reportCsv(report, ctx.registry.clusters));
        case 'html':
          return reply.type('text/html; charset=utf-8').send(reportHtml(report, ctx.registry.clusters));
        default:
          return report;
      }
    },
  );
  done();
};
