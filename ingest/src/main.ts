// Runs a standalone ingest: MQTT subscription -> spool -> store. `louyu ingest` reads and checks its options
// (flags and LOUYU_* variables) and calls runIngest. SIGTERM and SIGINT flush the spool into the store.
import { readFileSync } from 'node:fs';
import { parseRegistry } from '@louyu/core';
import pino from 'pino';
import type { IngestRunOptions } from './cli-options.ts';
import { createIngest } from './ingest.ts';
import { openIngestStore } from './store-worker/open.ts';
import { startStatusServer } from './status-server.ts';

/** Runs ingest with checked options (see ingestRunOptions) until SIGTERM or SIGINT. */
export async function runIngest(options: IngestRunOptions): Promise<void> {
  const log = pino({ name: 'louyu-ingest' });
  const registry = options.registryFile
    ? parseRegistry(readFileSync(options.registryFile, 'utf8'), options.registryFile)
    : undefined;
  const store = await openIngestStore(options.store, {
    onWaiting: (error) => log.warn({ err: error }, 'store not reachable yet: spooling until it is'),
    onWorkerExit: (error) => log.error({ err: error }, 'store worker ended; starting another'),
  });
  let fatal: Error | undefined;
  // Filled in once listening; a fatal refusal can come before that.
  const running: { http?: Awaited<ReturnType<typeof startStatusServer>> } = {};
  const ingest = createIngest(options.ingest, {
    store,
    registry,
    logger: log,
    // Stop (writing what the spool holds) and exit non-zero, naming the cause.
    onFatal: (error) => {
      fatal ??= error;
      shutdown('fatal');
    },
  });
  try {
    // The status port first: a port that is taken ends the start before the spool and MQTT are opened.
    running.http = await startStatusServer(ingest, options.httpPort);
    await ingest.start();
  } catch (error) {
    // A fatal error at start: close what is open and end, non-zero, so a supervisor restarts it.
    await ingest.stop().catch(() => undefined);
    await store.close().catch(() => undefined);
    await running.http?.close().catch(() => undefined);
    throw error;
  }
  const http = running.http;
  log.info(
    { httpPort: http.port, store: options.store.kind, spoolDir: options.ingest.spoolDir },
    'ingest ready',
  );

  let stopping = false;
  function shutdown(signal: string): void {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: flushing the spool into the store');
    const stopAll = async (): Promise<void> => {
      await ingest.stop();
      await store.close();
      await running.http?.close();
    };
    stopAll().then(
      () => {
        log.info('stopped');
        if (fatal) process.stderr.write(`louyu ingest: ${fatal.message}\n`);
        process.exit(fatal ? 1 : 0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'stop failed');
        if (fatal) process.stderr.write(`louyu ingest: ${fatal.message}\n`);
        process.exit(1);
      },
    );
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
