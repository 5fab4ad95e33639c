import mqemitter, { type MQEmitter } from 'mqemitter';
import { describe, expect, it } from 'vitest';
import { DeferringEmitter, deferringMqemitter } from '../src/limits/deferring-emitter.ts';

// What broke `louyu broker` (issue 14, item 2): every routing slot held by deliveries waiting on a stuck
// subscriber, a long queue behind them, then messages that match nobody drained in one recursive stack.
const QUEUED = 50_000;

/** Takes every slot with messages whose listener waits, queues `QUEUED` messages nobody listens to. */
function jam(mq: MQEmitter, slots: number) {
  const waiting: (() => void)[] = [];
  mq.on('stuck/#', (_message, done) => waiting.push(done));
  const completed: number[] = [];
  for (let i = 0; i < slots; i++) mq.emit({ topic: 'stuck/subscriber' });
  for (let i = 0; i < QUEUED; i++) mq.emit({ topic: `nobody/${i}`, i }, () => completed.push(i));
  return { waiting, completed };
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('the broker’s message router (limits/deferring-emitter.ts)', () => {
  it('bare mqemitter 7 overflows its stack draining such a queue (mcollina/mqemitter#204)', async () => {
    const mq = mqemitter({ concurrency: 2, matchEmptyLevels: true });
    await settle(); // `on` settles on the next turn
    const { waiting } = jam(mq, 2);
    expect(() => waiting.forEach((done) => done())).toThrow(RangeError);
  });

  it('drains the same queue in order, in a loop, and lets the event loop run meanwhile', async () => {
    const mq = new DeferringEmitter(mqemitter({ concurrency: 0, matchEmptyLevels: true }), {
      concurrency: 2,
      maxSyncCompletions: 1000,
    });
    const { waiting, completed } = jam(mq, 2);
    expect(mq.length).toBe(QUEUED);
    expect(mq.current).toBe(2);

    let turnsBetween = 0;
    const counting = setInterval(() => turnsBetween++, 0);
    waiting.forEach((done) => done());
    while (completed.length < QUEUED) await new Promise((resolve) => setImmediate(resolve));
    clearInterval(counting);

    expect(completed).toEqual(Array.from({ length: QUEUED }, (_, i) => i));
    expect(mq.length).toBe(0);
    expect(mq.current).toBe(0);
    // 50 slices of 1,000: timers and sockets had turns in between.
    expect(turnsBetween).toBeGreaterThan(0);
  });

  it('routes to listeners like mqemitter: wildcards, empty levels, callbacks after delivery, closed', async () => {
    const mq = deferringMqemitter();
    const seen: string[] = [];
    mq.on('louyu/v1/+/occupancy/#', (message, done) => {
      seen.push(message.topic);
      setImmediate(done);
    });
    await settle();
    await new Promise<void>((resolve, reject) =>
      mq.emit({ topic: 'louyu/v1/b001/occupancy/f01' }, (err) => (err ? reject(err) : resolve())),
    );
    await new Promise<void>((resolve) => mq.emit({ topic: 'louyu/v1//occupancy/f01' }, () => resolve()));
    await new Promise<void>((resolve) => mq.emit({ topic: 'louyu/v1/b001/energy/m1' }, () => resolve()));
    expect(seen).toEqual(['louyu/v1/b001/occupancy/f01', 'louyu/v1//occupancy/f01']);

    await new Promise<void>((resolve) => mq.close(resolve));
    const error = await new Promise<Error | undefined>((resolve) => mq.emit({ topic: 'x' }, resolve));
    expect(error?.message).toBe('mqemitter is closed');
  });
});
