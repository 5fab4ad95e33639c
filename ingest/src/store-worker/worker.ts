// The store worker: ingest's store writes (validation, line protocol or SQL, the HTTP round trip) run on
// this thread, so the broker and ingest's thread spends its time on messages and acknowledgements.
import { parentPort, workerData } from 'node:worker_threads';
import { openStoreWhenReachable } from '../lazy-store.ts';
import { parsePoints } from '../spool/point-json.ts';
import { toWire, type FromWorker, type ToWorker, type WorkerStart } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('store worker: run as a worker thread');
const send = (message: FromWorker) => port.postMessage(message);

const { config } = workerData as WorkerStart;
try {
  const sink = await openStoreWhenReachable(config, (error) =>
    send({ type: 'waiting', error: toWire(error) }),
  );
  port.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      void sink.close().finally(() => {
        send({ type: 'closed' });
        port.close();
      });
      return;
    }
    const points = message.type === 'write-json' ? parsePoints(message.json) : message.points;
    sink.write(points).then(
      () => send({ type: 'written', id: message.id }),
      (error: unknown) => send({ type: 'refused', id: message.id, error: toWire(error) }),
    );
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'failed', error: toWire(error) });
  port.close();
}
