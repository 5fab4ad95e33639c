import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { expect, it } from 'vitest';
import { freePort } from '../../tests/harness/influxd.ts';

const LOUYU = new URL('../bin/louyu.js', import.meta.url).pathname;

it('louyu broker runs alone, serves its metrics, and stops on SIGINT', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'louyu-broker-cmd-'));
  const [mqttPort, metricsPort] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [
      LOUYU,
      'broker',
      '--demo',
      '--host',
      '127.0.0.1',
      '--data-dir',
      dir,
      '--mqtt-port',
      String(mqttPort),
      '--metrics-port',
      String(metricsPort),
    ],
    {
      env: { ...process.env, LOUYU_LOG_JSON: '1', LOUYU_LOG_LEVEL: 'warn' },
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    await expect.poll(() => output, { timeout: 30_000 }).toContain(`mqtt://127.0.0.1:${mqttPort}`);
    // Demo mode lets an anonymous client in to look around outside louyu/.
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    await client.publishAsync('lobby/hello', 'hi', { qos: 1 });
    await client.endAsync();
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^louyu_broker_connections_total [1-9]/m);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});
