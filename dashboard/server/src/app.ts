import rateLimit from '@fastify/rate-limit';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TelemetryPoint } from '@louyu/core';
import { memoryJournal, spoolJournal } from './alarms/alarm-journal.ts';
import { STORE_RETRY_AFTER_S, storeUnavailable } from './errors.ts';
import { AlarmService } from './alarms/alarm-service.ts';
import { AuditLog } from './audit/audit-log.ts';
import { auditChanges } from './audit/audit-routes-hook.ts';
import { authPlugin } from './auth/plugin.ts';
import type { ServerContext } from './context.ts';
import { LiveState } from './live/live-state.ts';
import { livePlugin } from './live/plugin.ts';
import { resolveOptions, type AppDeps } from './options.ts';
import { createNotifications } from './notifications/plugin.ts';
import { registerDocs } from './plugins/docs.ts';
import { healthRoutes } from './plugins/health.ts';
import { createMetrics, metricsPlugin } from './plugins/metrics.ts';
import { guardOpsRoutes, registerSecurityHeaders } from './plugins/security.ts';
import { registerWeb } from './plugins/web.ts';
import { alarmRoutes } from './routes/alarms.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { buildingRoutes } from './routes/buildings.ts';
import { registryBuildingRoutes } from './routes/registry-buildings.ts';
import { districtRoutes } from './routes/district.ts';
import { districtHistoryRoutes } from './routes/district-history.ts';
import { fiveARoutes } from './routes/five-a.ts';
import { historyRoutes } from './routes/history.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { reportRoutes } from './routes/reports.ts';
import { shortfallRoutes } from './routes/shortfalls.ts';
import { planRoutes } from './routes/plan.ts';
import { tenancyRoutes } from './routes/tenancy.ts';
import { userRoutes } from './routes/users.ts';
import { ShortfallService } from './shortfalls/shortfall-service.ts';
import { PeerLink } from './socket/peers.ts';
import { socketPlugin } from './socket/plugin.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The live state, alarms and dependencies the routes work with (for the CLI and tests). */
    louyu: ServerContext;
  }
}

/**
 * Builds the dashboard server without listening: tests use `app.inject()`, the CLI calls `listen`. The live
 * state and alarms are rebuilt from the store in `ready()`, which also starts the live source.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const options = resolveOptions(deps);
  const given = options.logger;
  const instance: FastifyBaseLogger | undefined =
    typeof given === 'object' && 'child' in given ? given : undefined;
  const app = Fastify({
    // Tokens and passwords never reach the logs (a given logger is the caller's to configure).
    ...(instance
      ? { loggerInstance: instance }
      : given
        ? {
            logger: {
              ...(typeof given === 'object' ? given : {}),
              redact: ['req.headers.authorization'],
            },
          }
        : {}),
    ajv: { customOptions: { removeAdditional: false } },
    // The onReady hooks (the start-up rebuild from the store) may take this long (see the option).
    pluginTimeout: options.startupLimitMs,
    // Which X-Forwarded-For to believe for `request.ip` (the login limits): none unless configured.
    // A number of proxies is given as fastify does it at runtime (its types take no number).
    trustProxy:
      typeof options.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(options.trustProxy)
        : options.trustProxy,
  })
    .withTypeProvider<TypeBoxTypeProvider>()
    .setValidatorCompiler(TypeBoxValidatorCompiler);

  const live = new LiveState(deps.registry, { now: options.now, timeZone: options.timeZone });
  const journalEvents = {
    onStoreError: (error: unknown, retryInMs: number | undefined) =>
      app.log.warn({ err: error, retryInMs }, 'alarm events not stored yet: kept, retrying'),
    onRejectedPoint: (point: TelemetryPoint, error: unknown) =>
      app.log.error({ err: error, point }, 'alarm event refused by the store'),
  };
  const alarms = new AlarmService(
    deps.store,
    live,
    (error) => app.log.error({ err: error }, 'alarm event not stored'),
    options.alarmSpoolDir === undefined
      ? memoryJournal(deps.store, journalEvents)
      : spoolJournal(options.alarmSpoolDir, deps.store, journalEvents),
  );
  alarms.escalateAfter(options.alarmEscalateAfterMs);
  const metrics = createMetrics(() => alarms.standingBySeverity());
  alarms.onChange((_building, event) => {
    if (event) metrics.alarmTransitions.inc({ state: event.type });
  });
  const shortfalls = new ShortfallService(live, deps.store);
  const ctx: ServerContext = {
    registry: deps.registry,
    store: deps.store,
    live,
    alarms,
    shortfalls,
    notifications: createNotifications(app, deps, options, alarms, live.timeZone, () =>
      ctx.peers.writesAlarms(),
    ),
    audit: new AuditLog(options.auditFile, options.now),
    options,
    peers: new PeerLink(),
  };
  app.decorate('louyu', ctx);
  app.addHook('onClose', async () => {
    ctx.audit.close();
    await Promise.resolve();
  });
  auditChanges(app, ctx.audit);

  // Validation failures say which field is wrong, with a stable code.
  app.setErrorHandler(
    (given: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
      const unavailable = storeUnavailable(given, request.method);
      if (unavailable) {
        app.log.warn({ err: given }, 'request failed: the store cannot answer now');
        void reply.header('retry-after', String(STORE_RETRY_AFTER_S));
      }
      const error: typeof given = unavailable ?? given;
      const status = error.statusCode ?? 500;
      if (status >= 500 && !unavailable) app.log.error({ err: error }, 'request failed');
      return reply.code(status).send({
        statusCode: status,
        code: error.validation ? 'LOUYU_BAD_INPUT' : (error.code ?? 'LOUYU_ERROR'),
        error: unavailable
          ? 'Service Unavailable'
          : status >= 500
            ? 'Internal Server Error'
            : (reply.raw.statusMessage ?? 'Error'),
        // A bug's own words stay in the log; a store that cannot answer now is said as it is.
        message: status >= 500 && !unavailable ? 'internal error' : error.message,
      });
    },
  );

  // Ecosystem first, then ours (fastify's documented order). Security headers and the ops token come
  // before any route, so they cover all of them.
  await registerSecurityHeaders(app);
  guardOpsRoutes(app, options.opsToken);
  await registerDocs(app);
  await app.register(rateLimit, { global: false });
  await app.register(metricsPlugin, { metrics });
  await app.register(authPlugin, {
    users: deps.users,
    secret: deps.jwtSecret,
    tokenTtlS: options.tokenTtlS,
    now: options.now,
  });
  await app.register(socketPlugin, { ctx });
  await app.register(livePlugin, { ctx, source: deps.source });

  healthRoutes(app, deps.store, deps.source, deps.readiness);
  for (const routes of [
    authRoutes,
    buildingRoutes,
    registryBuildingRoutes,
    historyRoutes,
    districtRoutes,
    districtHistoryRoutes,
    fiveARoutes,
    shortfallRoutes,
    alarmRoutes,
    tenancyRoutes,
    reportRoutes,
    planRoutes,
    notificationRoutes,
    userRoutes,
    auditRoutes,
  ])
    await app.register(routes, { ctx });
  await registerWeb(app, options.webDist);
  return app;
}
