import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import Type from 'typebox';

/** The dashboard's own counters, in a registry per app (tests build many apps in one process). */
export interface DashboardMetrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  readings: Counter<'kind'>;
  ignoredReadings: Counter;
  socketClients: Gauge;
  socketMessages: Counter<'type'>;
  alarmTransitions: Counter<'state'>;
  activeAlarms: Gauge<'severity'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: DashboardMetrics;
  }
}

/** `standing`: the standing alarms by severity now (read at each scrape). */
export function createMetrics(
  standing: () => Record<'critical' | 'major' | 'minor' | 'warning', number> = () => ({
    critical: 0,
    major: 0,
    minor: 0,
    warning: 0,
  }),
): DashboardMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'louyu_dashboard_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'louyu_dashboard_http_requests_total',
      help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'],
      registers,
    }),
    readings: new Counter({
      name: 'louyu_dashboard_readings_total',
      help: 'Live readings taken',
      labelNames: ['kind'],
      registers,
    }),
    ignoredReadings: new Counter({
      name: 'louyu_dashboard_readings_ignored_total',
      help: 'Live readings ignored (unknown building, or older than the one held)',
      registers,
    }),
    socketClients: new Gauge({
      name: 'louyu_dashboard_socket_clients',
      help: 'Connected socket.io clients',
      registers,
    }),
    socketMessages: new Counter({
      name: 'louyu_dashboard_socket_messages_total',
      help: 'socket.io messages sent to rooms or sockets, by type (snapshot, delta)',
      labelNames: ['type'],
      registers,
    }),
    alarmTransitions: new Counter({
      name: 'louyu_dashboard_alarm_transitions_total',
      help: 'Alarm transitions by the state entered (raised, acknowledged, cleared)',
      labelNames: ['state'],
      registers,
    }),
    activeAlarms: new Gauge({
      name: 'louyu_dashboard_alarms_active',
      help: 'Alarms not yet cleared (active or acknowledged), by severity',
      labelNames: ['severity'],
      registers,
      collect() {
        for (const [severity, count] of Object.entries(standing())) this.set({ severity }, count);
      },
    }),
  };
}

/** `GET /metrics` in Prometheus text format, and a request counter by route. */
export const metricsPlugin = fp<{ metrics: DashboardMetrics }>(
  (app, { metrics }, done) => {
    app.decorate('metrics', metrics);
    app.addHook('onResponse', (request, reply, next) => {
      metrics.httpRequests.inc({
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        status: String(reply.statusCode),
      });
      next();
    });
    app.get(
      '/metrics',
      {
        schema: {
          tags: ['operations'],
          summary: 'Prometheus metrics',
          response: { 200: Type.String() },
        },
      },
      async (_request, reply) => {
        reply.type(metrics.registry.contentType);
        return metrics.registry.metrics();
      },
    );
    done();
  },
  { name: 'louyu-metrics' },
);
