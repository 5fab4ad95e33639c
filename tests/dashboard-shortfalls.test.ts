// The Heping registry under the simulated district: the dashboard's shortfall findings name the buildings
// the registry makes short of parking spaces or lifts, with the rule, the measured value and the threshold,
// and judge the simulated buildings on their live data (car parks full at the morning peak, 5A panels).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeMessage,
  hepingRegistry,
  PARKING_STANDARD_M2_PER_SPACE,
  ELEVATOR_MAX_M2_PER_CAR,
  readingToPoints,
  type ShortfallReply,
  type TelemetryPoint,
} from '@louyu/core';
import { createStore, type TelemetryStore } from '@louyu/store';
import { createDistrict } from '@louyu/simulators';
import { buildApp, createUserRecord, InProcessSource, UserDirectory } from '@louyu/dashboard-server';
import type { FastifyInstance } from 'fastify';

const registry = hepingRegistry();
// 07:30 in Shenyang on Wednesday 12 March 2025, a workday: the morning peak.
const START = Date.UTC(2025, 2, 11, 23, 30);
const SIMULATED = 12;

describe('facility shortfalls of the Heping district under the simulator', () => {
  let dir: string;
  let store: TelemetryStore;
  let app: FastifyInstance;
  let token: string;
  const clock = { now: START };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-shortfalls-'));
    store = await createStore({ kind: 'sqlite', path: join(dir, 'louyu.db'), retentionIntervalMs: 0 });
    const source = new InProcessSource();
    const users = new UserDirectory([
      await createUserRecord({ username: 'staff', password: 'district-staff-pw', role: 'district' }),
    ]);
    app = await buildApp({
      registry,
      store,
      users,
      jwtSecret: 'x'.repeat(40),
      source,
      options: { now: () => clock.now },
    });
    await app.ready();
    // The simulated gateways' messages take the path ingest gives them: decode, store, live state.
    const district = createDistrict({ registry, seed: 7, start: START, buildings: SIMULATED });
    for (let minute = 0; minute < 20; minute++) {
      const messages = district.step(60_000);
      clock.now += 60_000;
      const points: TelemetryPoint[] = [];
      for (const m of messages) {
        const result = decodeMessage(m.topic, m.payload, clock.now, registry);
        if (result.type === 'reading') {
          points.push(...readingToPoints(result.reading, registry));
          source.push(result.reading);
        } else if (result.type === 'status') source.pushStatus(result.status);
      }
      await store.write(points);
    }
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'staff', password: 'district-staff-pw' },
    });
    token = login.json<{ token: string }>().token;
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const shortfalls = async (query = ''): Promise<ShortfallReply> =>
    (
      await app.inject({ url: `/api/shortfalls${query}`, headers: { authorization: `Bearer ${token}` } })
    ).json<ShortfallReply>();

  it('names exactly the buildings the registry gives too few parking spaces or lifts', async () => {
    const { findings } = await shortfalls();
    const shortOfSpaces = registry.buildings
      .filter((b) => b.parking_spaces < b.gross_floor_area_m2 / PARKING_STANDARD_M2_PER_SPACE)
      .map((b) => b.id)
      .sort();
    const shortOfLifts = registry.buildings
      .filter((b) => b.leasable_area_m2 / b.passenger_elevators > ELEVATOR_MAX_M2_PER_CAR)
      .map((b) => b.id)
      .sort();
    expect(shortOfSpaces.length).toBeGreaterThan(0);
    expect(shortOfLifts.length).toBeGreaterThan(0);
    const by = (rule: string): string[] =>
      [...new Set(findings.filter((f) => f.rule === rule).map((f) => f.building))].sort();
    expect(by('parking.space_ratio')).toEqual(shortOfSpaces);
    expect(by('elevator.area_per_car')).toEqual(shortOfLifts);
    for (const f of findings) {
      expect(f.threshold).toBeTypeOf('number');
      expect(f.measured).toBeTypeOf('number');
      expect(f.since).toBeTypeOf('number');
    }
  });

  it('judges the simulated buildings on live data and the rest as missing it', async () => {
    const { findings } = await shortfalls('?kind=five_a');
    const simulated = new Set(registry.buildings.slice(0, SIMULATED).map((b) => b.id));
    const missing = (id: string): number =>
      findings.filter((f) => f.building === id && f.rule === 'five_a.missing').length;
    // A building nobody simulates reports no 5A subsystem at all; a simulated one reports its installed ones.
    const silent = registry.buildings.find((b) => !simulated.has(b.id))!;
    expect(missing(silent.id)).toBe(5);
    for (const id of simulated) {
      const b = registry.byId.get(id)!;
      expect(missing(id), id).toBe(Object.values(b.subsystems).filter((n) => n === 0).length);
    }
    expect(findings.every((f) => f.kind === 'five_a')).toBe(true);
  });

  it('filters by cluster', async () => {
    const { findings } = await shortfalls('?cluster=sanhaojie');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(registry.byId.get(f.building)?.cluster).toBe('sanhaojie');
    expect(
      (
        await app.inject({
          url: '/api/shortfalls?cluster=atlantis',
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
    ).toBe(400);
  });
});
