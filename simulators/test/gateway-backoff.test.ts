import { expect, it } from 'vitest';
import { Gateway, maxReconnectPeriod, nextReconnectPeriod } from '../src/gateway.ts';
import { freePort } from '../../tests/harness/influxd.ts';

it('doubles the wait after each failed reconnect, up to a cap', () => {
  expect(nextReconnectPeriod(1000, 1000)).toBe(2000);
  expect(nextReconnectPeriod(16_000, 100)).toBe(30_000);
  expect(maxReconnectPeriod(1000)).toBe(32_000);
  expect(nextReconnectPeriod(32_000, 1000)).toBe(32_000);
  // A drop-out may have set a shorter wait than the base: never below the base.
  expect(nextReconnectPeriod(1, 1000)).toBe(1000);
});

it('a gateway whose broker stays away backs off attempt by attempt', async () => {
  const port = await freePort(); // nothing listens there
  const errors: Error[] = [];
  const gateway = new Gateway({
    building: 'healthy',
    brokerUrl: `mqtt://127.0.0.1:${port}`,
    username: 'gw-healthy',
    password: 'x',
    window: 4,
    reconnectPeriodMs: 40,
    seed: 1,
    onError: (error) => errors.push(error),
  });
  const base = gateway.client.options.reconnectPeriod ?? 0;
  const periods: number[] = [];
  await new Promise<void>((resolve) => {
    gateway.client.on('reconnect', () => {
      periods.push(gateway.client.options.reconnectPeriod ?? 0);
      if (periods.length === 4) resolve();
    });
  });
  await gateway.stop();
  expect(periods).toEqual([base * 2, base * 4, base * 8, base * 16]);
  expect(errors.length).toBeGreaterThan(0);
});
