// Every MQTT client of ours takes a comma list of broker URLs (issue 17, item 4): a gateway and the
// dashboard's live source given a dead broker first find the live one second, with no load balancer; a
// gateway whose brokers all stay away backs off once per round of the list, not once per broker.
import { smallRegistry, type Reading, type StatusMessage } from '@louyu/core';
import { MqttSource } from '@louyu/dashboard-server';
import { Gateway } from '@louyu/simulators';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './harness/spawn-server.ts';
import { POLL } from './harness/until.ts';
import { startTestBroker, type TestBroker } from './ingest-process.ts';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function liveBroker(): Promise<TestBroker> {
  const broker = await startTestBroker(); // aedes, any account
  closers.push(() => broker.close());
  return broker;
}

function gatewayOn(brokerUrl: string, errors: Error[]): Gateway {
  const gateway = new Gateway({
    building: 'healthy',
    brokerUrl,
    username: 'gw-healthy',
    password: 'x',
    window: 4,
    reconnectPeriodMs: 40,
    seed: 1,
    onError: (error) => errors.push(error),
  });
  closers.push(() => gateway.stop());
  return gateway;
}

describe('broker URL lists', () => {
  it('a gateway whose first broker is down connects to the second', async () => {
    const broker = await liveBroker();
    const dead = await freePort(); // nothing listens there
    const errors: Error[] = [];
    const gateway = gatewayOn(`mqtt://127.0.0.1:${dead},${broker.url}`, errors);
    await expect.poll(() => gateway.connected, POLL).toBe(true);
    expect(gateway.client.options.port).toBe(Number(new URL(broker.url).port));
    expect(gateway.connects).toBe(1);
    expect(errors.some((e) => /ECONNREFUSED/.test(e.message))).toBe(true);
  });

  it('a gateway whose brokers all stay away doubles its wait once per round of the list', async () => {
    const [a, b] = [await freePort(), await freePort()];
    const gateway = gatewayOn(`mqtt://127.0.0.1:${a},mqtt://127.0.0.1:${b}`, []);
    const base = gateway.client.options.reconnectPeriod ?? 0;
    const tried: { port: number | undefined; period: number }[] = [];
    await new Promise<void>((resolve) => {
      gateway.client.on('reconnect', () => {
        tried.push({
          port: gateway.client.options.port,
          period: gateway.client.options.reconnectPeriod ?? 0,
        });
        if (tried.length === 4) resolve();
      });
    });
    // Each attempt goes to the next broker of the list (mqtt.js `servers`), the wait doubles per round.
    // (`reconnect` comes before mqtt.js moves `options` to the next broker: it names the one that failed.)
    expect(tried.map((t) => t.port)).toEqual([a, b, a, b]);
    expect(tried.map((t) => t.period)).toEqual([base, base * 2, base * 2, base * 4]);
  });

  it("the dashboard's live source starts when the first broker of its list is down", async () => {
    const broker = await liveBroker();
    const dead = await freePort();
    const source = new MqttSource({
      url: `mqtt://127.0.0.1:${dead},${broker.url}`,
      registry: smallRegistry(),
    });
    closers.push(() => source.stop());
    const seen: (Reading | StatusMessage)[] = [];
    await source.start({ reading: (r) => seen.push(r), status: (s) => seen.push(s) });
    expect(source.connected()).toBe(true);
  });

  it("the dashboard's live source fails to start, naming every broker, when none answers", async () => {
    const [a, b] = [await freePort(), await freePort()];
    const source = new MqttSource({
      url: `mqtt://127.0.0.1:${a},mqtt://127.0.0.1:${b}`,
      registry: smallRegistry(),
    });
    closers.push(() => source.stop());
    await expect(source.start({ reading: () => {}, status: () => {} })).rejects.toThrow(
      `dashboard MQTT mqtt://127.0.0.1:${a}, mqtt://127.0.0.1:${b}: `,
    );
  });
});
