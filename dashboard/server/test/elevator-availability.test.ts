// The plan's elevator rule "a car available less than 95 % over 7 days" judged from the store: a week of
// car readings (stored the way ingest stores them, with the numeric in_service beside the state), a car
// out of service 10 % of the week is a shortfall, a healthy car beside it is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingToPoints, type Reading, type ShortfallReply, type TelemetryPoint } from '@louyu/core';
import { startTestApp, type TestApp } from './helpers/app.ts';

const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;
const EVERY = 10 * MINUTE;

describe('elevator car availability over 7 days', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const now = t.clock.now;
    const samples = WEEK / EVERY;
    // car-a is in maintenance for one block of 10 % of its samples, mid-week; car-b is in service throughout.
    const outFrom = Math.floor(samples * 0.3);
    const outTo = outFrom + Math.round(samples * 0.1);
    const points: TelemetryPoint[] = [];
    for (let i = 0; i < samples; i++) {
      const ts = now - WEEK + i * EVERY + 1000;
      for (const device of ['car-a', 'car-b']) {
        const out = device === 'car-a' && i >= outFrom && i < outTo;
        const reading: Reading = {
          building: 'healthy',
          kind: 'elevator',
          device,
          ts,
          data: {
            state: out ? 'maintenance' : i % 2 ? 'moving' : 'idle',
            floor: i % 12,
            load_pct: 30,
            trips: 3,
            door_cycles: 6,
            wait_s: 20,
          },
        };
        points.push(...readingToPoints(reading, t.registry));
      }
    }
    await t.store.write(points);
    // The dashboard learns which cars a building has from the store when it starts.
    await t.restart();
  });

  afterAll(async () => {
    await t?.dispose();
  });

  it('shows both cars after the restart (the stored in_service field is not sent back through decode)', async () => {
    const reply = await t.app.inject({
      url: '/api/buildings/healthy',
      headers: { authorization: `Bearer ${await t.token('district')}` },
    });
    const { live } = reply.json<{ live: { elevators: { device: string }[] } }>();
    expect(live.elevators.map((e) => e.device).sort()).toEqual(['car-a', 'car-b']);
  });

  it('finds the car out of service 10 % of the week and not the healthy one', async () => {
    const reply = await t.app.inject({
      url: '/api/shortfalls?kind=elevator',
      headers: { authorization: `Bearer ${await t.token('district')}` },
    });
    expect(reply.statusCode).toBe(200);
    const findings = reply
      .json<ShortfallReply>()
      .findings.filter((f) => f.rule === 'elevator.car_availability');
    expect(findings.map((f) => [f.building, f.subject])).toEqual([['healthy', 'car-a']]);
    const [finding] = findings;
    expect(finding!.threshold).toBe(95);
    expect(finding!.unit).toBe('%');
    expect(finding!.measured).toBeGreaterThan(89);
    expect(finding!.measured).toBeLessThan(91);
  });
});
