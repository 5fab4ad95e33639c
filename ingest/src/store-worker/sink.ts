// A PointSink whose store lives on a worker thread. The writer keeps its logic (batches, backoff, splitting
// around refused points) on the main thread and hands each write to the worker.
import { Worker } from 'node:worker_threads';
import { ConfigError, type TelemetryPoint } from '@louyu/core';
import { StoreError, type StoreConfig, type StoreErrorCode } from '@louyu/store';
import type { PointSink } from '../writer.ts';
import type { FromWorker, ToWorker, WireError, WorkerStart } from './protocol.ts';

// Compiled (dist/*.js) the worker starts on worker.js itself; run from the TypeScript sources (tests, tsx)
// it starts on entry.mjs, which registers tsx in the new thread first.
const ENTRY = import.meta.url.endsWith('.js')
  ? new URL('./worker.js', import.meta.url)
  : new URL('./entry.mjs', import.meta.url);

/** Options of {@link openStoreInWorker}. */
export interface WorkerSinkOptions {
  /** The database is not reachable yet; writes are refused as retryable until it is. */
  onWaiting?: (error: Error) => void;
  /** The worker ended unexpectedly; the next write starts a new one. */
  onWorkerExit?: (error: Error) => void;
}

/** The store on a worker thread: `write` as a PointSink, `close` to stop the worker. */
export interface WorkerSink extends PointSink {
  close(): Promise<void>;
}

function fromWire(error: WireError): Error {
  if (error.name === 'StoreError' && error.code)
    return new StoreError(error.code as StoreErrorCode, error.message);
  // A bad store option stays a configuration mistake: the louyu command names it and exits 2.
  if (error.code === 'LOUYU_CONFIG' && error.option !== undefined) {
    const prefix = `${error.option}: `;
    return new ConfigError(
      error.option,
      error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message,
    );
  }
  const plain = new Error(error.message);
  plain.name = error.name;
  return plain;
}

interface Running {
  worker: Worker;
  pending: Map<number, { resolve: () => void; reject: (error: Error) => void }>;
  closed?: () => void;
}

/**
 * Starts a worker thread that opens the store and resolves once it has (or once it is waiting for an
 * unreachable database); rejects with the store's own error when the configuration is wrong.
 */
export async function openStoreInWorker(
  config: StoreConfig,
  options: WorkerSinkOptions = {},
): Promise<WorkerSink> {
  let nextId = 1;
  let running: Running | undefined;
  let closing = false;

  const start = (): Promise<Running> =>
    new Promise((resolve, reject) => {
      // Not the whole execArgv: entry.mjs registers tsx itself, and a second loader would transform twice.
      // Only `node --cpu-prof`'s flags pass, so a profile of ingest covers the store worker's thread too.
      const worker = new Worker(ENTRY, {
        workerData: { config } satisfies WorkerStart,
        execArgv: process.execArgv.filter((a) => a.startsWith('--cpu-prof')),
      });
      const state: Running = { worker, pending: new Map() };
      let started = false;
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            started = true;
            return resolve(state);
          case 'waiting':
            return options.onWaiting?.(fromWire(message.error));
          case 'failed':
            return reject(fromWire(message.error));
          case 'written':
            state.pending.get(message.id)?.resolve();
            state.pending.delete(message.id);
            return;
          case 'refused':
            state.pending.get(message.id)?.reject(fromWire(message.error));
            state.pending.delete(message.id);
            return;
          case 'closed':
            return state.closed?.();
        }
      });
      const gone = (error: Error) => {
        if (running === state) running = undefined;
        for (const waiter of state.pending.values())
          waiter.reject(new StoreError('UNAVAILABLE', error.message));
        state.pending.clear();
        state.closed?.();
        if (!started) reject(error);
        else if (!closing) options.onWorkerExit?.(error);
      };
      worker.on('error', gone);
      worker.on('exit', (code) => gone(new Error(`store worker exited (code ${code})`)));
    });

  running = await start();

  /** Posts one write to the worker and settles with its answer. */
  const send = async (message: (id: number) => ToWorker, transfer: ArrayBuffer[] = []): Promise<void> => {
    if (closing) throw new StoreError('CLOSED', 'store worker is closed');
    running ??= await start();
    const state = running;
    const id = nextId++;
    await new Promise<void>((resolve, reject) => {
      state.pending.set(id, { resolve, reject });
      state.worker.postMessage(message(id), transfer);
    });
  };

  return {
    write(points: readonly TelemetryPoint[]) {
      return send((id) => ({ type: 'write', id, points }));
    },
    writeJson(json: Uint8Array) {
      // The buffer is the worker's from here (transferred, not copied): the writer makes a new one per attempt.
      return send((id) => ({ type: 'write-json', id, json }), [json.buffer as ArrayBuffer]);
    },
    async close() {
      closing = true;
      const state = running;
      running = undefined;
      if (!state) return;
      await new Promise<void>((resolve) => {
        state.closed = resolve;
        state.worker.postMessage({ type: 'close' } satisfies ToWorker);
      });
      await state.worker.terminate();
    },
  };
}
