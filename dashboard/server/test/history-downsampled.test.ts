import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryReply, TelemetryPoint } from '@louyu/core';
import { startTestApp, type TestApp } from './helpers/app.ts';

describe('building history', () => {
  let t: TestApp;
  let token: string;
  const from = Date.UTC(2025, 2, 11, 0, 0, 0);
  const to = from + 6 * 3600_000;
  beforeAll(async () => {
    t = await startTestApp();
    token = await t.token('district');
    // Six hours of one car park at 10 s: 2,160 points.
    const points: TelemetryPoint[] = [];
    for (let ts = from; ts < to; ts += 10_000)
      points.push({
        measurement: 'parking',
        tags: { building: 'healthy', cluster: 'taiyuanjie', device: 'lot-a' },
        fields: {
          occupied: Math.round(40 + 30 * Math.sin(ts / 3600_000)),
          capacity: 80,
          queue: 0,
          entries: 1,
          exits: 1,
        },
        ts,
      });
    await t.store.write(points);
  });
  afterAll(() => t.dispose());

  const history = (query: string) =>
    t.app.inject({
      url: `/api/buildings/healthy/history?${query}`,
      headers: { authorization: `Bearer ${token}` },
    });

  it('returns at most the requested points, in time order', async () => {
    for (const points of [1, 7, 100, 2000]) {
      const reply = await history(`kind=parking&field=occupied&from=${from}&to=${to}&points=${points}`);
      expect(reply.statusCode).toBe(200);
      const body = reply.json<HistoryReply>();
      expect(body.points.length).toBeGreaterThan(0);
      expect(body.points.length).toBeLessThanOrEqual(points);
      const times = body.points.map(([ts]) => ts);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  });

  it('aggregates as asked: the max of a bucket is at least its mean', async () => {
    const q = `kind=parking&field=occupied&from=${from}&to=${to}&points=6`;
    const mean = (await history(q)).json<HistoryReply>().points;
    const max = (await history(`${q}&agg=max`)).json<HistoryReply>().points;
    expect(max).toHaveLength(mean.length);
    max.forEach(([, v], i) => expect(v).toBeGreaterThanOrEqual(mean[i]![1]));
  });

  it('adds the devices up with across=sum, where across=all gives the mean device', async () => {
    // A second car park beside lot-a: always 10 cars.
    const second: TelemetryPoint[] = [];
    for (let ts = from; ts < to; ts += 60_000)
      second.push({
        measurement: 'parking',
        tags: { building: 'healthy', cluster: 'taiyuanjie', device: 'lot-b' },
        fields: { occupied: 10, capacity: 20, queue: 0, entries: 0, exits: 0 },
        ts,
      });
    await t.store.write(second);
    const q = `kind=parking&field=occupied&from=${from}&to=${to}&points=6`;
    const lotA = (await history(`${q}&device=lot-a`)).json<HistoryReply>().points;
    const sum = (await history(`${q}&across=sum`)).json<HistoryReply>();
    const all = (await history(q)).json<HistoryReply>();
    expect(sum.across).toBe('sum');
    expect(all.across).toBe('all');
    expect(sum.points.map(([ts]) => ts)).toEqual(lotA.map(([ts]) => ts));
    sum.points.forEach(([, v], i) => expect(v).toBeCloseTo(lotA[i]![1] + 10, 6));
    // The mean of every reading lies between the two car parks, far under their sum.
    all.points.forEach(([, v], i) => expect(v).toBeLessThan(sum.points[i]![1]));
  });

  it("serves an elevator's derived in_service (0/1): the cars in service, added up with across=sum", async () => {
    const cars: TelemetryPoint[] = [0, 1].map((half) => ({
      measurement: 'elevator',
      tags: { building: 'healthy', cluster: 'taiyuanjie', device: `car-${half}` },
      fields: { in_service: 1, floor: 1, load_pct: 0, wait_s: 0, state: 'idle' },
      ts: from + half * 60_000,
    }));
    cars.push({
      ...cars[0]!,
      fields: { ...cars[0]!.fields, in_service: 0, state: 'fault' },
      ts: from + 120_000,
    });
    await t.store.write(cars);
    const reply = await history(
      `kind=elevator&field=in_service&from=${from}&to=${from + 3600_000}&points=1&across=sum`,
    );
    expect(reply.statusCode, reply.body).toBe(200);
    // car-0 in service for one of its two readings (0.5), car-1 for its one (1).
    expect(reply.json<HistoryReply>().points).toEqual([[from, 1.5]]);
  });

  it('refuses bad input with a 400 that names the problem, and reads nothing', async () => {
    const cases: [string, string][] = [
      [`kind=parking&field=occupied&from=${from}&to=${to}&points=2001`, 'points'],
      [`kind=parking&field=occupied&from=${from}&to=${to}&points=0`, 'points'],
      [`kind=lava&field=occupied&from=${from}&to=${to}`, 'kind'],
      [`kind=parking&field=nope&from=${from}&to=${to}`, 'nope'],
      [`kind=parking&field=occupied%3B%20DROP%20TABLE&from=${from}&to=${to}`, 'field'],
      [`kind=parking&field=occupied&from=${to}&to=${from}`, 'after'],
      [`kind=parking&field=occupied&from=0&to=${to}`, 'days'],
      [`kind=parking&field=occupied&from=abc&to=${to}`, 'from'],
      [`kind=parking&field=occupied&device=..%2Fetc&from=${from}&to=${to}`, 'device'],
      [`kind=parking&field=occupied&from=${from}&to=${to}&extra=1`, 'extra'],
      [`kind=parking&field=occupied&from=${from}&to=${to}&across=max`, 'across'],
    ];
    for (const [query, mention] of cases) {
      const reply = await history(query);
      expect(reply.statusCode, query).toBe(400);
      expect(reply.json<{ message: string }>().message, query).toContain(mention);
    }
  });
});
