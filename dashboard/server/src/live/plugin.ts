import fp from 'fastify-plugin';
import type { ServerContext } from '../context.ts';
import type { Reading, StatusMessage } from '@louyu/core';
import type { LiveSource } from './source.ts';
import { rebuildLiveState } from './rebuild.ts';

/** How often the rebuild from the store is tried again while the store does not answer (ms). */
const REBUILD_RETRY_MS = 5000;

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
    // and the rebuild is tried again every few seconds until the store answers.
    let retry: NodeJS.Timeout | undefined;
    let alarmsRebuilt = false;
    let closed = false;
    const rebuild = async (): Promise<void> => {
      try {
        const standing = alarmsRebuilt ? 0 : await alarms.rebuild();
        alarmsRebuilt = true;
        const taken = await rebuildLiveState(live, ctx.store, ctx.registry);
        app.log.info({ readings: taken, alarms: standing }, 'live state rebuilt from the store');
      } catch (error) {
        if (closed) return;
        app.log.warn({ err: error }, 'live state not rebuilt: the store does not answer yet; trying again');
        retry = setTimeout(() => void rebuild(), REBUILD_RETRY_MS);
        retry.unref();
      }
    };
    app.addHook('onReady', async () => {
      await rebuild();
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
      await alarms.flush();
    });
    done();
  },
  { name: 'louyu-live', dependencies: ['louyu-socket', 'louyu-metrics'] },
);
