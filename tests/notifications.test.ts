// Alarm notifications with real receivers: an elevator fault published over MQTT (a real broker) reaches a
// signed webhook, a WeCom robot, a DingTalk robot (each checked against its documented request format and
// signature by a local HTTP server) and a real SMTP server (Debian's aiosmtpd) once each; 40 buildings whose
// gateways drop at once are one message; a message the receiver cannot take is retried and, after a
// restart of the dashboard, delivered from the durable outbox.
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hepingRegistry, smallRegistry } from '@louyu/core';
import { CredentialStore, hashPassword, startBroker, type RunningBroker } from '@louyu/broker';
import { InProcessSource, MqttSource } from '@louyu/dashboard-server';
import { startTestApp, type TestApp } from '../dashboard/server/test/helpers/app.ts';
import { startHttpReceiver, type HttpReceiver } from './harness/http-receiver.ts';
import { startSmtp, type SmtpServer } from './harness/smtp.ts';
import { stopAll } from './harness/stop-all.ts';
import { until } from './harness/until.ts';

const FAST = { notifyGroupMs: 300, notifyRetryBaseMs: 200, notifyRetryMaxMs: 1000, tickMs: 100 };
const WEBHOOK_SECRET = 'webhook-secret-0123456789';
const DING_SECRET = 'SECdingtalk0123456789abcdef';
const WECOM_KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
const DING_TOKEN = 'ding-access-token-0123';

interface Delivery {
  channel: string;
  state: string;
  attempts: number;
  grouped_with: number;
  last_error: string | null;
}

async function api<T>(t: TestApp, token: string, method: string, url: string, payload?: unknown): Promise<T> {
  const reply = await t.app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  if (reply.statusCode !== 200) throw new Error(`${method} ${url}: ${reply.statusCode} ${reply.body}`);
  return reply.json<T>();
}

describe('an elevator fault over MQTT reaches every channel once, in its documented format', () => {
  let broker: RunningBroker;
  let t: TestApp;
  let receiver: HttpReceiver;
  let smtp: SmtpServer;
  let gateway: MqttClient;
  let dir: string;
  const clock = { now: Date.now() };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-notify-'));
    [receiver, smtp] = await Promise.all([startHttpReceiver(), startSmtp()]);
    const createdAt = new Date(0).toISOString();
    const [gw, service] = await Promise.all([hashPassword('gw-secret-1'), hashPassword('dashboard-secret')]);
    broker = await startBroker({
      host: '127.0.0.1',
      mqttPort: 0,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      credentials: new CredentialStore([
        { username: 'gw-healthy', role: 'gateway', building: 'healthy', password: gw, createdAt },
        { username: 'dashboard', role: 'service', password: service, createdAt },
      ]),
    });
    const mqttUrl = `mqtt://127.0.0.1:${broker.ports.mqtt}`;
    t = await startTestApp(
      { ...FAST, now: () => clock.now, notificationsFile: join(dir, 'notifications.db') },
      {
        dir,
        source: new MqttSource({
          url: mqttUrl,
          username: 'dashboard',
          password: 'dashboard-secret',
          registry: smallRegistry(),
          now: () => clock.now,
        }),
      },
    );
    gateway = await mqtt.connectAsync(mqttUrl, {
      protocolVersion: 4,
      username: 'gw-healthy',
      password: 'gw-secret-1',
      reconnectPeriod: 0,
    });
  });
  afterAll(() =>
    stopAll(
      () => gateway?.endAsync(true),
      () => t?.dispose(),
      () => broker?.close(),
      () => receiver?.stop(),
      () => smtp?.stop(),
      () => rm(dir, { recursive: true, force: true }),
    ),
  );

  it('sends one message per channel, signed as each robot documents it, and logs the deliveries', async () => {
    const admin = await t.token('admin');
    const channel = (body: unknown) =>
      api<{ id: string; config: Record<string, unknown> }>(
        t,
        admin,
        'POST',
        '/api/notifications/channels',
        body,
      );
    const webhook = await channel({
      name: 'ops webhook',
      kind: 'webhook',
      config: { url: `${receiver.url}/hook`, secret: WEBHOOK_SECRET },
    });
    const wecom = await channel({
      name: '物业群 WeCom',
      kind: 'wecom',
      config: { url: `${receiver.url}/cgi-bin/webhook/send?key=${WECOM_KEY}` },
    });
    const ding = await channel({
      name: '值班群 DingTalk',
      kind: 'dingtalk',
      config: { url: `${receiver.url}/robot/send?access_token=${DING_TOKEN}`, secret: DING_SECRET },
    });
    const mail = await channel({
      name: 'duty e-mail',
      kind: 'email',
      config: { host: '127.0.0.1', port: smtp.port, from: 'louyu@example.com', to: ['duty@example.com'] },
    });
    const all = [webhook.id, wecom.id, ding.id, mail.id];
    // Two rules that both match: still one message per transition and channel.
    await api(t, admin, 'POST', '/api/notifications/rules', {
      name: 'elevators',
      channels: all,
      types: ['elevator_fault'],
    });
    await api(t, admin, 'POST', '/api/notifications/rules', {
      name: 'everything major',
      channels: all,
      severities: ['major', 'critical'],
    });

    // The fault holds for its 30 s debounce (the app's clock), then the alarm is raised.
    const fault = () =>
      gateway.publishAsync(
        'louyu/v1/healthy/elevator/car-1',
        JSON.stringify({
          ts: clock.now,
          state: 'fault',
          floor: 3,
          load_pct: 0,
          trips: 0,
          door_cycles: 0,
          wait_s: 0,
          fault: 'DOOR',
        }),
        { qos: 1 },
      );
    const id = 'healthy/car-1/elevator_fault';
    await fault();
    // The dashboard has the reading (its condition started) before the clock moves on.
    await until(
      async () => JSON.stringify(await api(t, admin, 'GET', '/api/buildings/healthy')).includes('DOOR'),
      'the fault reading in the live state',
    );
    clock.now += 31_000;
    await fault();
    await until(
      async () =>
        (await api<{ active: { id: string }[] }>(t, admin, 'GET', '/api/alarms')).active.some(
          (a) => a.id === id,
        ),
      'the elevator fault raised',
    );
    await until(
      () => receiver.requests.length >= 3 && smtp.output().includes('duty@example.com'),
      'the three HTTP channels and the mail server to receive the alarm',
    );
    // More readings of the same fault, and a few pump cycles: nothing more is sent.
    await fault();
    await until(
      async () =>
        (await api<{ waiting: number; pending: number }>(t, admin, 'GET', '/api/notifications/outbox'))
          .pending === 0,
      'the outbox drained',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.requests).toHaveLength(3);
    expect(smtp.output().match(/^To: duty@example\.com/gm)).toHaveLength(1);

    const hook = receiver.requests.find((r) => r.path === '/hook')!;
    const stamp = String(hook.headers['x-louyu-timestamp']);
    expect(hook.headers['content-type']).toBe('application/json');
    expect(hook.headers['x-louyu-signature']).toBe(
      `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${stamp}.${hook.body}`).digest('hex')}`,
    );
    const body = JSON.parse(hook.body) as { transitions: { alarm: string; event: string }[]; title: string };
    expect(body.transitions).toEqual([expect.objectContaining({ alarm: id, event: 'raised' })]);
    expect(body.title).toContain('电梯故障');

    const robot = receiver.requests.find((r) => r.path === '/cgi-bin/webhook/send')!;
    expect(robot.method).toBe('POST');
    expect(robot.query.get('key')).toBe(WECOM_KEY);
    const wecomBody = JSON.parse(robot.body) as { msgtype: string; markdown: { content: string } };
    expect(Object.keys(wecomBody).sort()).toEqual(['markdown', 'msgtype']);
    expect(wecomBody.msgtype).toBe('markdown');
    expect(wecomBody.markdown.content).toContain('car-1');
    expect(Buffer.byteLength(wecomBody.markdown.content)).toBeLessThanOrEqual(4096);

    const dingtalk = receiver.requests.find((r) => r.path === '/robot/send')!;
    expect(dingtalk.query.get('access_token')).toBe(DING_TOKEN);
    const timestamp = dingtalk.query.get('timestamp')!;
    expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(3_600_000);
    // URLSearchParams decodes: equal to the raw base64 only if Louyu URL-encoded it (+ and / survive).
    expect(dingtalk.query.get('sign')).toBe(
      createHmac('sha256', DING_SECRET).update(`${timestamp}\n${DING_SECRET}`).digest('base64'),
    );
    const dingBody = JSON.parse(dingtalk.body) as {
      msgtype: string;
      markdown: { title: string; text: string };
    };
    expect(dingBody.msgtype).toBe('markdown');
    expect(dingBody.markdown.title).toContain('电梯故障');
    expect(dingBody.markdown.text).toContain('car-1');

    expect(smtp.output()).toMatch(/^From: louyu@example\.com/m);
    expect(smtp.output()).toContain('car-1');

    const log = await api<Delivery[]>(t, admin, 'GET', `/api/alarms/${encodeURIComponent(id)}/notifications`);
    expect(log.map((d) => d.channel).sort()).toEqual([...all].sort());
    expect(log.every((d) => d.state === 'sent' && d.attempts === 1)).toBe(true);
    // Secrets are never returned in full.
    const listed = JSON.stringify(await api(t, admin, 'GET', '/api/notifications/channels'));
    for (const secret of [WEBHOOK_SECRET, DING_SECRET, WECOM_KEY, DING_TOKEN])
      expect(listed).not.toContain(secret);
  });
});

describe('an outage of 40 buildings is one message, and a receiver that is down gets it after a restart', () => {
  let t: TestApp;
  let receiver: HttpReceiver;
  let dir: string;
  const source = new InProcessSource();
  const clock = { now: Date.now() };
  const buildings = hepingRegistry().buildings.map((b) => b.id);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-notify-'));
    receiver = await startHttpReceiver();
    t = await startTestApp(
      { ...FAST, now: () => clock.now, notificationsFile: join(dir, 'notifications.db') },
      { dir, source, registry: hepingRegistry() },
    );
  });
  afterAll(() =>
    stopAll(
      () => t?.dispose(),
      () => receiver?.stop(),
      () => rm(dir, { recursive: true, force: true }),
    ),
  );

  it('groups 40 gateways dropping at once into one message listing them', async () => {
    const admin = await t.token('district');
    const hook = await api<{ id: string }>(t, admin, 'POST', '/api/notifications/channels', {
      name: 'command centre',
      kind: 'webhook',
      config: { url: `${receiver.url}/hook` },
    });
    await api(t, admin, 'POST', '/api/notifications/rules', {
      name: 'gateways',
      channels: [hook.id],
      types: ['gateway_offline'],
      events: ['raised'],
    });
    for (const building of buildings.slice(0, 40))
      source.pushStatus({ building, status: 'offline', ts: clock.now });
    clock.now += 31_000;
    await until(() => receiver.requests.length >= 1, 'the grouped message');
    await until(
      async () =>
        (await api<{ waiting: number; pending: number }>(t, admin, 'GET', '/api/notifications/outbox'))
          .waiting === 0,
      'nothing left to group',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.requests).toHaveLength(1);
    const body = JSON.parse(receiver.requests[0]!.body) as {
      title: string;
      transitions: { building: string }[];
    };
    expect(body.transitions.map((x) => x.building).sort()).toEqual(buildings.slice(0, 40).sort());
    expect(body.title).toContain('40 条告警变化');
  });

  it('retries while the receiver is down and delivers from the durable outbox after a restart', async () => {
    const admin = await t.token('district');
    await receiver.stop();
    const building = buildings[40]!;
    const id = `${building}/_gateway/gateway_offline`;
    source.pushStatus({ building, status: 'offline', ts: clock.now });
    clock.now += 31_000;
    const log = () => api<Delivery[]>(t, admin, 'GET', `/api/alarms/${encodeURIComponent(id)}/notifications`);
    await until(async () => ((await log())[0]?.attempts ?? 0) >= 2, 'two failed attempts');
    const failed = (await log())[0]!;
    expect(failed.state).toBe('pending');
    expect(failed.last_error).toContain('ECONNREFUSED');
    expect(receiver.requests).toHaveLength(1);

    await t.restart();
    await receiver.start();
    await until(() => receiver.requests.length >= 2, 'the message delivered after the restart');
    const body = JSON.parse(receiver.requests[1]!.body) as { transitions: { alarm: string }[] };
    expect(body.transitions.map((x) => x.alarm)).toEqual([id]);
    const token = await t.token('district');
    const after = await api<Delivery[]>(
      t,
      token,
      'GET',
      `/api/alarms/${encodeURIComponent(id)}/notifications`,
    );
    expect(after[0]).toMatchObject({ state: 'sent' });
  });
});
