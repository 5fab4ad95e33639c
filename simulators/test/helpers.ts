import type { SimMessage } from '../src/index.ts';

/** The JSON payload of a simulated message. */
export function body<T = Record<string, unknown>>(message: SimMessage): T {
  return JSON.parse(message.payload.toString('utf8')) as T;
}

/** Messages of one building and kind. */
export function of(messages: readonly SimMessage[], building: string, kind: string): SimMessage[] {
  return messages.filter((m) => m.topic.startsWith(`louyu/v1/${building}/${kind}/`));
}

/** The time-mean of `wait_s` over the elevator messages of one building. */
export function meanWait(messages: readonly SimMessage[], building: string): number {
  const waits = of(messages, building, 'elevator').map((m) => body<{ wait_s: number }>(m).wait_s);
  return waits.reduce((a, b) => a + b, 0) / Math.max(1, waits.length);
}
