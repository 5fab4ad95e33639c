// Notification channels and rules over REST: secrets never returned in full (and kept on an edit that
// leaves them out), clear refusals for a channel missing what its kind needs, a property manager limited
// to their own channels, rules and buildings (also when alarms are routed), the "send test" endpoint
// against a real local receiver, and quiet hours in the district's time zone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '@louyu/core';
import { InProcessSource } from '../src/index.ts';
import { quietFor } from '../src/notifications/quiet-hours.ts';
import { startHttpReceiver, type HttpReceiver } from '../../../tests/harness/http-receiver.ts';
import { freePort } from '../../../tests/harness/spawn-server.ts';
import { stopAll } from '../../../tests/harness/stop-all.ts';
import { until } from '../../../tests/harness/until.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

describe('notification channels and rules over REST', () => {
  let t: TestApp;
  let receiver: HttpReceiver;
  const source = new InProcessSource();

  beforeAll(async () => {
    receiver = await startHttpReceiver();
    t = await startTestApp({ notifyGroupMs: 200, tickMs: 100 }, { source });
  });
  afterAll(() =>
    stopAll(
      () => t?.dispose(),
      () => receiver?.stop(),
    ),
  );

  // Signed in once per user: each sign-in costs a deliberately slow scrypt.
  const tokens = new Map<string, Promise<string>>();
  async function call(user: string, method: string, url: string, payload?: unknown) {
    if (!tokens.has(user)) tokens.set(user, t.token(user));
    const reply = await t.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${await tokens.get(user)!}` },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return { status: reply.statusCode, body: reply.json<Record<string, unknown> & { message?: string }>() };
  }

  it('masks secrets, keeps them on an edit that leaves them out, and refuses incomplete channels', async () => {
    const created = await call('admin', 'POST', '/api/notifications/channels', {
      name: 'duty DingTalk',
      kind: 'dingtalk',
      config: {
        url: `${receiver.url}/robot/send?access_token=tok-1234567890`,
        secret: 'SEC-signing-secret-9876',
      },
    });
    expect(created.status).toBe(200);
    const config = created.body.config as { url: string; secret: string };
    expect(config.secret).toBe('****9876');
    expect(config.url).not.toContain('tok-1234567890');
    expect(config.url).toContain('access_token=****7890');

    // An edit that sends the masked values back keeps the stored secret and token.
    const id = created.body.id as string;
    const edited = await call('admin', 'PUT', `/api/notifications/channels/${id}`, {
      name: 'duty DingTalk (night)',
      kind: 'dingtalk',
      config,
    });
    expect(edited.status).toBe(200);
    const stored = t.app.louyu.notifications.db.channel(id)!;
    expect(stored.config.secret).toBe('SEC-signing-secret-9876');
    expect(stored.config.url).toContain('access_token=tok-1234567890');

    const noSecret = await call('admin', 'POST', '/api/notifications/channels', {
      name: 'unsigned',
      kind: 'dingtalk',
      config: { url: 'https://oapi.dingtalk.com/robot/send?access_token=x' },
    });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.message).toContain('config.secret');
    const noKey = await call('admin', 'POST', '/api/notifications/channels', {
      name: 'keyless',
      kind: 'wecom',
      config: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' },
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.message).toContain('key=');
  });

  it('sends a test message, and says why when the channel is down', async () => {
    const ok = await call('district', 'POST', '/api/notifications/channels', {
      name: 'test hook',
      kind: 'webhook',
      config: { url: `${receiver.url}/test-hook` },
    });
    const sent = await call('district', 'POST', `/api/notifications/channels/${ok.body.id as string}/test`);
    expect(sent.body).toEqual({ ok: true, detail: 'sent' });
    const request = receiver.requests.find((r) => r.path === '/test-hook')!;
    expect(JSON.parse(request.body)).toMatchObject({ test: true, transitions: [] });

    const down = await call('district', 'POST', '/api/notifications/channels', {
      name: 'nobody listens',
      kind: 'webhook',
      config: { url: `http://127.0.0.1:${await freePort()}/hook` },
    });
    const failed = await call(
      'district',
      'POST',
      `/api/notifications/channels/${down.body.id as string}/test`,
    );
    expect(failed.body.ok).toBe(false);
    expect(failed.body.detail).toContain('ECONNREFUSED');

    // A channel a rule sends to is not deleted from under it.
    await call('district', 'POST', '/api/notifications/rules', { name: 'uses it', channels: [ok.body.id] });
    const refused = await call('district', 'DELETE', `/api/notifications/channels/${ok.body.id as string}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('uses it');
  });

  it('keeps a property manager to their own channels, rules and buildings, also when routing', async () => {
    const mine = await call('manager', 'POST', '/api/notifications/channels', {
      name: 'my WeCom group',
      kind: 'wecom',
      config: { url: `${receiver.url}/cgi-bin/webhook/send?key=manager-key-000111` },
    });
    expect(mine.status).toBe(200);
    const others = (await call('district', 'GET', '/api/notifications/channels')).body as unknown as {
      id: string;
    }[];
    const districtChannel = others.find((c) => c.id !== mine.body.id)!;

    const foreignBuilding = await call('manager', 'POST', '/api/notifications/rules', {
      name: 'not mine',
      channels: [mine.body.id],
      buildings: ['short-elevators'],
    });
    expect(foreignBuilding.status).toBe(403);
    const foreignChannel = await call('manager', 'POST', '/api/notifications/rules', {
      name: 'their channel',
      channels: [districtChannel.id],
    });
    expect(foreignChannel.status).toBe(400);
    // No building filter: the manager's rule still covers only the manager's building.
    const rule = await call('manager', 'POST', '/api/notifications/rules', {
      name: 'all my alarms',
      channels: [mine.body.id],
      types: ['elevator_fault'],
    });
    expect(rule.status).toBe(200);

    const listed = (await call('manager', 'GET', '/api/notifications/channels')).body as unknown as {
      id: string;
    }[];
    expect(listed.map((c) => c.id)).toEqual([mine.body.id]);
    const rules = (await call('manager', 'GET', '/api/notifications/rules')).body as unknown as {
      id: string;
    }[];
    expect(rules.map((r) => r.id)).toEqual([rule.body.id]);
    const districtRule = (
      (await call('district', 'GET', '/api/notifications/rules')).body as unknown as {
        id: string;
        owner: string;
      }[]
    ).find((r) => r.owner === 'district')!;
    expect(
      (
        await call('manager', 'PUT', `/api/notifications/rules/${districtRule.id}`, {
          name: 'x',
          channels: [mine.body.id],
        })
      ).status,
    ).toBe(404);

    // Elevator faults in the manager's building and in another one: only the first reaches the manager's group.
    const fault = (building: string): Reading => ({
      building,
      kind: 'elevator',
      device: 'car-1',
      ts: t.clock.now,
      data: { state: 'fault', floor: 1, load_pct: 0, trips: 0, door_cycles: 0, wait_s: 0, fault: 'DOOR' },
    });
    for (const building of ['healthy', 'short-elevators']) source.push(fault(building));
    t.clock.now += 31_000;
    for (const building of ['healthy', 'short-elevators']) source.push(fault(building));
    await until(
      () => receiver.requests.some((r) => r.path === '/cgi-bin/webhook/send'),
      "the manager's message",
    );
    await until(
      async () => ((await call('district', 'GET', '/api/notifications/outbox')).body.pending as number) === 0,
      'the outbox drained',
    );
    const robot = receiver.requests.filter((r) => r.path === '/cgi-bin/webhook/send');
    expect(robot).toHaveLength(1);
    const content = (JSON.parse(robot[0]!.body) as { markdown: { content: string } }).markdown.content;
    expect(content).toContain('healthy');
    expect(content).not.toContain('short-elevators');

    // The delivery log: the manager sees their building's alarm, not another's.
    const log = await call(
      'manager',
      'GET',
      `/api/alarms/${encodeURIComponent('healthy/car-1/elevator_fault')}/notifications`,
    );
    expect(log.status).toBe(200);
    expect(
      (log.body as unknown as { channel: string; state: string }[]).map((d) => [d.channel, d.state]),
    ).toEqual([[mine.body.id, 'sent']]);
    const other = await call(
      'manager',
      'GET',
      `/api/alarms/${encodeURIComponent('short-elevators/car-1/elevator_fault')}/notifications`,
    );
    expect(other.status).toBe(403);
  });

  it('sends the weekly report once the week is over, once, and on demand', async () => {
    const channel = await call('district', 'POST', '/api/notifications/channels', {
      name: 'weekly to the office',
      kind: 'webhook',
      config: { url: `${receiver.url}/reports` },
    });
    // Wednesday 2025-03-12 in Shenyang: last week's report is not sent after the fact.
    t.clock.now = Date.parse('2025-03-12T10:00:00+08:00');
    const schedule = await call('district', 'POST', '/api/notifications/reports', {
      name: '每周调度',
      period: 'weekly',
      channels: [channel.body.id],
    });
    expect(schedule.status).toBe(200);
    const reports = () => receiver.requests.filter((r) => r.path === '/reports');
    // Monday 08:01: the week of 10–16 March is over and its report goes out, once.
    t.clock.now = Date.parse('2025-03-17T08:01:00+08:00');
    await until(() => reports().length >= 1, 'the weekly report');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(reports()).toHaveLength(1);
    const sent = JSON.parse(reports()[0]!.body) as { title: string; text: string };
    expect(sent.title).toContain('每周调度');
    expect(sent.title).toContain('2025-03-10 – 2025-03-16');
    expect(sent.text).toContain('楼宇 buildings: ');

    tokens.delete('district'); // the session ended with the days the clock moved on
    const now = await call(
      'district',
      'POST',
      `/api/notifications/reports/${schedule.body.id as string}/send`,
    );
    expect(now.body).toEqual({ label: '2025-03-17 – 2025-03-23' });
    await until(() => reports().length >= 2, 'the report sent on demand');
    expect((JSON.parse(reports()[1]!.body) as { title: string }).title).toContain('2025-03-17 – 2025-03-23');
  });

  it('describes the notification routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json<{ paths: Record<string, unknown> }>();
    for (const path of [
      '/api/notifications/channels',
      '/api/notifications/channels/{id}',
      '/api/notifications/channels/{id}/test',
      '/api/notifications/rules',
      '/api/notifications/rules/{id}',
      '/api/alarms/{id}/notifications',
      '/api/notifications/reports',
      '/api/notifications/reports/{id}/send',
    ])
      expect(doc.paths, path).toHaveProperty([path]);
  });
});

describe('quiet hours', () => {
  // 2025-03-12 in Shenyang (UTC+8).
  const at = (hhmm: string) => Date.parse(`2025-03-12T${hhmm}:00+08:00`);
  it('hold a message until they end, over midnight too, in the district time zone', () => {
    const night = { from: '22:00', to: '07:00' };
    expect(quietFor(night, at('23:30'), 'Asia/Shanghai')).toBe(7.5 * 3_600_000);
    expect(quietFor(night, at('06:59'), 'Asia/Shanghai')).toBe(60_000);
    expect(quietFor(night, at('07:00'), 'Asia/Shanghai')).toBe(0);
    expect(quietFor(night, at('12:00'), 'Asia/Shanghai')).toBe(0);
    expect(quietFor({ from: '12:00', to: '13:30' }, at('12:15'), 'Asia/Shanghai')).toBe(75 * 60_000);
    expect(quietFor(null, at('23:30'), 'Asia/Shanghai')).toBe(0);
  });
});
