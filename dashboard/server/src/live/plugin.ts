import fp from 'fastify-plugin';
import { canRetry } from '@louyu/store';
import type { ServerContext } from '../context.ts';
import type { Reading, StatusMessage } from '@louyu/core';
import type { LiveSource } from './source.ts';
import { rebuildLiveState } from './rebuild.ts';

/** How often the rebuild from the store is tried again while the store does not answer (ms). */
const REBUILD_RETRY_MS = 5000;
/** The share of fastify's start-up limit (pluginTimeout) the rebuild may take; the rest starts the source. */
const REBUILD_SHARE = 0.8;

/** Why the start failed, naming the start-up rebuild (the CLI prints it and exits non-zero). */
function startError(why: string, cause?: unknown): Error {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new Error(`dashboard: live state and alarms not rebuilt from the store at start: ${why}${detail}`, {
    cause,
  });
}

/**
 * Wires the live state: on ready, rebuilds it and the alarms from the store, then starts the live source;
 * every reading updates the live state, steps the alarms and marks the socket rooms; a timer re-evaluates
 * what time alone changes (freshness, debounces). On close, stops the source and waits for alarm writes.
 */
export const livePlugin = fp<{ ctx: ServerContext; source: LiveSource | undefined }>(
  (app, { ctx, source }, done) => {
    const { live, alarms } = ctx;
    live.onChange((change) => {
      if (change.type === 'reading') {
        app.metrics.readings.inc({ kind: change.reading.kind });
        alarms.reading(change.reading);
      } else {
        alarms.tick();
      }
      app.markLive(change.building);
    });
    alarms.onChange((building) => app.markLive(building));

    const take = (reading: Reading): void => {
      if (!live.ingest(reading, live.now())) app.metrics.ignoredReadings.inc();
    };
    // Readings only this node receives are passed on to the other nodes (socket/peers.ts).
    const share = source?.reachesEveryNode !== true;
    const sink = {
      reading: (reading: Reading) => {
        take(reading);
        if (share) ctx.peers.send('reading', reading);
      },
      status: (status: StatusMessage) => {
        live.gatewayStatus(status);
        if (share) ctx.peers.send('status', status);
      },
    };
    // What other nodes pass on (only arrives with the Redis adapter).
    app.io.on('reading', take);
    app.io.on('status', (status) => live.gatewayStatus(status));
    app.io.on('alarm', (command) => alarms.applyPeer(command));
    alarms.onCommand((command) => ctx.peers.send('alarm', command));
    alarms.persistWhen(() => ctx.peers.writesAlarms());

    let tick: NodeJS.Timeout | undefined;
    // The store may not answer at start (InfluxDB still starting after a reboot): the server starts anyway
    // and the rebuild is tried again every few seconds until the store answers. A store that answers
    // wrongly (a refused query) or too slowly for the start-up limit ends the start instead (see onReady).
    let retry: NodeJS.Timeout | undefined;
    let alarmsRebuilt = false;
    let closed = false;
    const rebuild = async (first: boolean): Promise<void> => {
      try {
        const started = performance.now();
        const standing = alarmsRebuilt ? 0 : await alarms.rebuild();
        alarmsRebuilt = true;
        const taken = await rebuildLiveState(live, ctx.store, ctx.registry);
        app.log.info(
          {
            readings: taken,
            alarms: standing,
            alarmRebuild: alarms.lastRebuild,
            ms: Math.round(performance.now() - started),
          },
          'live state rebuilt from the store',
        );
      } catch (error) {
        if (closed) return;
        if (first && !canRetry(error)) throw startError(`the ${ctx.store.kind} store refused it`, error);
        app.log.warn({ err: error }, 'live state not rebuilt: the store does not answer yet; trying again');
        retry = setTimeout(() => void rebuild(false), REBUILD_RETRY_MS);
        retry.unref();
      }
    };
    app.addHook('onReady', async () => {
      // fastify ends the start when onReady hooks take longer than its pluginTimeout; the rebuild gets most of
      // it and fails with its own reason before that, so the operator reads what was slow.
      const limitMs = app.initialConfig.pluginTimeout ?? ctx.options.startupLimitMs;
      const budgetMs = limitMs > 0 ? Math.max(1, Math.floor(limitMs * REBUILD_SHARE)) : 0;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        if (budgetMs === 0) return;
        timer = setTimeout(
          () =>
            reject(
              startError(
                `the ${ctx.store.kind} store did not answer within ${budgetMs} ms of the ${limitMs} ms start-up limit`,
              ),
            ),
          budgetMs,
        );
      });
      try {
        await Promise.race([rebuild(true), late]);
      } catch (error) {
        closed = true;
        throw error;
      } finally {
        clearTimeout(timer);
      }
      if (source) await source.start(sink);
      tick = setInterval(() => {
        alarms.tick();
        app.markLive();
      }, ctx.options.tickMs);
      tick.unref();
    });
    app.addHook('onClose', async () => {
      closed = true;
      clearInterval(tick);
      clearTimeout(retry);
      if (source) await source.stop();
      // What the store does not take in time stays in the alarm spool for the next start.
      await alarms.close();
    });
    done();
  },
  { name: 'louyu-live', dependencies: ['louyu-socket', 'louyu-metrics'] },
);
