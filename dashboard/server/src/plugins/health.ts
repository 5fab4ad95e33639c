import type { FastifyInstance } from 'fastify';
import type { TelemetryStore } from '@louyu/store';
import Type from 'typebox';
import type { LiveSource } from '../live/source.ts';

const Check = Type.Object({ ok: Type.Boolean(), detail: Type.String() });
const Readiness = Type.Object({
  ready: Type.Boolean(),
  store: Check,
  broker: Check,
  ingest: Type.Optional(Check),
  /** Scale-out (several nodes on one Redis): which node writes alarm transitions, as this node sees it. */
  alarm_lease: Type.Optional(
    Type.Object({
      node: Type.String(),
      holder: Type.Union([Type.String(), Type.Null()]),
      held: Type.Boolean(),
      checked_at: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});

/** `/healthz` (the process answers) and `/readyz` (the store answers and the live feed is connected). */
export function healthRoutes(
  app: FastifyInstance,
  store: TelemetryStore,
  source: LiveSource | undefined,
  ingest?: () => { ok: boolean; detail: string },
): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'The process is alive',
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    () => ({ ok: true }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'The store answers and the live feed is connected',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const storeCheck = await store.ping().then(
        () => ({ ok: true, detail: `${store.kind} store answers` }),
        (error: unknown) => ({ ok: false, detail: `${store.kind} store: ${(error as Error).message}` }),
      );
      const brokerCheck = !source
        ? { ok: true, detail: 'no live feed configured' }
        : source.connected()
          ? { ok: true, detail: 'live feed connected' }
          : { ok: false, detail: 'live feed (broker) is not connected' };
      const ingestCheck = ingest?.();
      const ready = storeCheck.ok && brokerCheck.ok && (ingestCheck?.ok ?? true);
      const lease = app.louyu.peers.alarmLease();
      return reply.code(ready ? 200 : 503).send({
        ready,
        store: storeCheck,
        broker: brokerCheck,
        ...(ingestCheck ? { ingest: ingestCheck } : {}),
        ...(lease
          ? {
              alarm_lease: {
                node: lease.node,
                holder: lease.holder,
                held: lease.held,
                checked_at: lease.checkedAt,
              },
            }
          : {}),
      });
    },
  );
}
