// Flood control with a real receiver: a channel's rate (1 message a minute here) holds the next message
// back without counting it as a failed attempt, and a rule's quiet hours hold a major alarm until they end
// while a critical one (a fire alarm) goes out at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '@louyu/core';
import { InProcessSource } from '../src/index.ts';
import { startHttpReceiver, type HttpReceiver } from '../../../tests/harness/http-receiver.ts';
import { stopAll } from '../../../tests/harness/stop-all.ts';
import { until } from '../../../tests/harness/until.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

interface Delivery {
  channel: string;
  state: string;
  attempts: number;
  next_attempt_at: number | null;
}

describe('flood control: per-channel rate and quiet hours', () => {
  let t: TestApp;
  let receiver: HttpReceiver;
  let token: string;
  const source = new InProcessSource();

  beforeAll(async () => {
    receiver = await startHttpReceiver();
    t = await startTestApp({ notifyGroupMs: 200, tickMs: 100 }, { source });
    // 10:00 in Shenyang (the small registry's time zone is Asia/Shanghai).
    t.clock.now = Date.parse('2025-03-12T10:00:00+08:00');
    token = await t.token('district');
  });
  afterAll(() =>
    stopAll(
      () => t?.dispose(),
      () => receiver?.stop(),
    ),
  );

  async function post<T>(url: string, payload: unknown): Promise<T> {
    const reply = await t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}` },
      payload: payload as object,
    });
    if (reply.statusCode !== 200) throw new Error(`${url}: ${reply.statusCode} ${reply.body}`);
    return reply.json<T>();
  }
  const log = async (alarm: string): Promise<Delivery[]> =>
    (
      await t.app.inject({
        url: `/api/alarms/${encodeURIComponent(alarm)}/notifications`,
        headers: { authorization: `Bearer ${token}` },
      })
    ).json<Delivery[]>();
  const fault = (device: string): Reading => ({
    building: 'healthy',
    kind: 'elevator',
    device,
    ts: t.clock.now,
    data: { state: 'fault', floor: 1, load_pct: 0, trips: 0, door_cycles: 0, wait_s: 0, fault: 'DOOR' },
  });
  /** Holds an elevator fault through its 30 s debounce: raised. */
  const raiseFault = (device: string) => {
    source.push(fault(device));
    t.clock.now += 31_000;
    source.push(fault(device));
  };
  const hits = (path: string) => receiver.requests.filter((r) => r.path === path);

  it('sends at most the channel rate, holding the next message back without a failed attempt', async () => {
    const slow = await post<{ id: string }>('/api/notifications/channels', {
      name: 'one a minute',
      kind: 'webhook',
      rate_per_minute: 1,
      config: { url: `${receiver.url}/slow` },
    });
    await post('/api/notifications/rules', {
      name: 'car faults',
      channels: [slow.id],
      types: ['elevator_fault'],
    });
    raiseFault('car-1');
    await until(() => hits('/slow').length === 1, 'the first message');
    raiseFault('car-2');
    const second = 'healthy/car-2/elevator_fault';
    await until(async () => (await log(second))[0]?.state === 'pending', 'the second message made');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(hits('/slow')).toHaveLength(1);
    const [held] = await log(second);
    expect(held).toMatchObject({ state: 'pending', attempts: 0 });
    expect(held!.next_attempt_at! - Date.now()).toBeGreaterThan(30_000);
    // /metrics: one webhook sent, one message to send.
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^louyu_notifications_deliveries_total\{kind="webhook",result="sent"\} 1$/m);
    expect(metrics).toMatch(/^louyu_notifications_outbox\{state="pending"\} 1$/m);
  });

  it('holds a major alarm in quiet hours and sends a critical one at once', async () => {
    const night = await post<{ id: string }>('/api/notifications/channels', {
      name: 'duty phone',
      kind: 'webhook',
      config: { url: `${receiver.url}/quiet` },
    });
    await post('/api/notifications/rules', {
      name: 'quiet mornings',
      channels: [night.id],
      types: ['elevator_fault', 'fire_alarm'],
      quiet_hours: { from: '09:00', to: '11:00' },
    });
    raiseFault('car-3');
    // A fire alarm is raised at once and is critical.
    source.push({
      building: 'healthy',
      kind: 'fa',
      device: 'panel',
      ts: t.clock.now,
      data: { devices_total: 10, devices_online: 10, alarms: 2, faults: 0 },
    });
    await until(() => hits('/quiet').length === 1, 'the fire alarm');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(hits('/quiet')).toHaveLength(1);
    const body = JSON.parse(hits('/quiet')[0]!.body) as { transitions: { type: string }[] };
    expect(body.transitions.map((x) => x.type)).toEqual(['fire_alarm']);
    const held = (await log('healthy/car-3/elevator_fault')).find((d) => d.channel === night.id);
    expect(held).toMatchObject({ state: 'waiting', attempts: 0 });
  });
});
