// Issue 15, item 10: in the all-in-one process a payload over 16 KiB is refused by the broker
// (payload_too_large) before ingest sees it; it is kept in ingest's dead letters all the same, with the
// reason, the building and kind of its topic, and its size.
import { join } from 'node:path';
import { addCredential } from '@louyu/broker';
import { hepingRegistry } from '@louyu/core';
import { readDeadLetters } from '@louyu/ingest';
import mqtt from 'mqtt';
import { afterAll, expect, it } from 'vitest';
import { startLouyu, type LouyuStart } from './harness/louyu-start.ts';
import { POLL } from './harness/until.ts';

let louyu: LouyuStart | undefined;
afterAll(() => louyu?.dispose());

it('keeps a payload the broker refused as too large in the dead letters', { timeout: 180_000 }, async () => {
  louyu = await startLouyu(['--no-simulator']);
  await louyu.waitFor(/Dashboard 仪表盘: http/);
  // A real gateway's account, added as an operator does (`louyu credentials add`): with --no-simulator
  // there are no simulated ones. The running broker reads the credentials file anew.
  const building = hepingRegistry().buildings[0]!.id;
  const issued = await addCredential(join(louyu.dataDir, 'credentials.json'), {
    username: `gw-real-${building}`,
    role: 'gateway',
    building,
  });
  const gateway = await mqtt.connectAsync(`mqtt://127.0.0.1:${louyu.mqttPort}`, {
    protocolVersion: 4,
    clientId: `too-large-${building}`,
    username: issued.username,
    password: issued.password,
    reconnectPeriod: 0,
  });
  const topic = `louyu/v1/${building}/energy/m01`;
  await gateway.publishAsync(topic, JSON.stringify({ ts: Date.now(), kwh: 1, pad: 'x'.repeat(20_000) }), {
    qos: 1,
  });
  await gateway.endAsync();

  const deadLetters = join(louyu.dataDir, 'spool', 'dead-letters');
  await expect
    .poll(() => readDeadLetters(deadLetters).entries.filter((e) => e.reason === 'payload_too_large'), POLL)
    .toEqual([
      expect.objectContaining({ topic, building, kind: 'energy', bytes: expect.any(Number) as number }),
    ]);
  expect(readDeadLetters(deadLetters).entries[0]!.bytes).toBeGreaterThan(20_000);
  expect(await louyu.interrupt(), louyu.output().slice(-2000)).toEqual({ code: 0, signal: null });
  // Valid: the gateway's own online/offline status, which the broker publishes through ingest too.
  expect(louyu.output()).toMatch(/received \d+ valid messages \(1 refused\)/);
});
