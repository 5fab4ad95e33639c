import memoryPersistence from 'aedes-persistence';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { SessionQueues, sessionQueueBoundFromEnv } from '../src/limits/session-queues.ts';

// The bound on what aedes-persistence (memory) queues per persistent session, driven through the calls
// aedes makes: outgoingEnqueueCombi when a QoS 1 message is routed, outgoingUpdate when it is sent with a
// message id, outgoingClearMessageId on the subscriber's PUBACK.
interface Persistence {
  outgoingEnqueueCombi(subs: { clientId: string }[], packet: object): Promise<void>;
  outgoingUpdate(client: { id: string }, packet: object): Promise<void>;
  outgoingClearMessageId(client: { id: string }, packet: { messageId: number }): Promise<unknown>;
}

function setup(maxMessages: number) {
  const registry = new Registry();
  const queues = new SessionQueues({ maxMessages, maxBytes: 1 << 30 }, pino({ level: 'silent' }), registry);
  const persistence = queues.wrap(memoryPersistence()) as unknown as Persistence;
  let counter = 0;
  const packet = (n: number) => ({
    cmd: 'publish',
    topic: 'louyu/v1/b001/occupancy/f01',
    payload: Buffer.from(String(n)),
    qos: 1,
    retain: false,
    dup: false,
    brokerId: 'node',
    brokerCounter: ++counter,
  });
  const metric = async (name: string) => (await registry.getSingleMetric(name)!.get()).values[0]?.value;
  return { queues, persistence, packet, metric };
}

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('per-session queue bound (limits/session-queues.ts)', () => {
  it('holds messages for a full session in order, closes the read gate, and lets them go as it drains', async () => {
    const { queues, persistence, packet, metric } = setup(20);
    const sub = [{ clientId: 'ingest' }];
    const other = [{ clientId: 'dashboard' }];
    const stored: number[] = [];
    const packets = Array.from({ length: 25 }, (_, i) => packet(i));
    for (let i = 0; i < 25; i++)
      void persistence.outgoingEnqueueCombi(sub, packets[i]!).then(() => stored.push(i));
    await flush();
    expect(stored).toEqual(upTo(20));
    expect(queues.depth('ingest').messages).toBe(20);
    expect(queues.held).toBe(5);
    expect(queues.gate.closed).toBe(true);
    expect(await metric('louyu_broker_session_queues_full')).toBe(1);
    expect(await metric('louyu_broker_session_queues_near_bound')).toBe(1);
    // Another session's messages go on while none of them wait.
    await persistence.outgoingEnqueueCombi(other, packet(99));
    expect(queues.depth('dashboard').messages).toBe(1);

    // The subscriber acknowledges: sent with message ids, then cleared one by one.
    for (let i = 0; i < 20; i++) {
      await persistence.outgoingUpdate({ id: 'ingest' }, { ...packets[i]!, messageId: i + 1 });
    }
    await persistence.outgoingClearMessageId({ id: 'ingest' }, { messageId: 1 });
    await flush();
    expect(queues.held).toBe(5); // 19 is not under 95 % of 20
    await persistence.outgoingClearMessageId({ id: 'ingest' }, { messageId: 2 });
    await flush();
    // 18 < 19: held messages go on, oldest first, until the queue is full again.
    expect(stored).toEqual(upTo(22));
    expect(queues.held).toBe(3);
    expect(queues.gate.closed).toBe(true);
    for (let i = 3; i <= 20; i++)
      await persistence.outgoingClearMessageId({ id: 'ingest' }, { messageId: i });
    await flush();
    expect(stored).toEqual(upTo(25));
    expect(queues.held).toBe(0);
    expect(queues.gate.closed).toBe(false);
    expect(await metric('louyu_broker_session_queue_messages')).toBe(6); // 5 left (25 - 20 acknowledged) + the dashboard's 1
  });

  it('reads its bound from the environment and names a bad variable', () => {
    expect(sessionQueueBoundFromEnv({})).toEqual({ maxMessages: 100_000, maxBytes: 64 * 1024 * 1024 });
    expect(sessionQueueBoundFromEnv({ LOUYU_BROKER_SESSION_QUEUE_MAX_MESSAGES: '500' }).maxMessages).toBe(
      500,
    );
    expect(() => sessionQueueBoundFromEnv({ LOUYU_BROKER_SESSION_QUEUE_MAX_BYTES: '-1' })).toThrow(
      /LOUYU_BROKER_SESSION_QUEUE_MAX_BYTES must be a positive integer/,
    );
  });
});
