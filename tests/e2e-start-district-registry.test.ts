// `louyu start --registry FILE` with another district (issue 16, item 10): the fictional Yunhu district
// (tests/fixtures/yunhu-registry.json: 3 buildings, 2 clusters of its own, its own plan and thresholds)
// runs end to end in real processes (broker, ingest, dashboard, the simulator publishing its buildings),
// and the API serves that district's name, clusters, targets and a shortfall at its own threshold.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { BuildingListItem, DistrictInfo, DistrictSummary, ShortfallReply } from '@louyu/core';
import { login } from './harness/e2e-checks.ts';
import { startLouyu, type LouyuStart } from './harness/louyu-start.ts';
import { stopAll } from './harness/stop-all.ts';

const YUNHU = new URL('./fixtures/yunhu-registry.json', import.meta.url).pathname;

let louyu: LouyuStart;

beforeAll(async () => {
  louyu = await startLouyu(['--registry', YUNHU]);
});

afterAll(() => stopAll(() => louyu?.dispose()));

it(
  'runs another district from its registry: its name, clusters, targets and thresholds',
  { timeout: 300_000 },
  async () => {
    await louyu.waitFor(/Dashboard 仪表盘: http/);
    expect(louyu.output()).toContain('Louyu 楼宇 · 云湖新区 · 3 buildings');
    const token = await login(louyu.httpUrl);
    const get = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${louyu.httpUrl}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status, path).toBe(200);
      return (await response.json()) as T;
    };

    // Every building of the district goes live through the broker and ingest.
    await vi.waitFor(
      async () => {
        const list = await get<BuildingListItem[]>('/api/buildings');
        const live = list.filter((b) => b.live.updated !== null).map((b) => b.building.id);
        if (live.length !== 3) throw new Error(`live: ${live.join(', ')}`);
      },
      { timeout: 120_000, interval: 1000 },
    );

    const district = await get<DistrictInfo>('/api/district');
    expect(district.name.zh).toBe('云湖新区');
    expect(district.clusters.map((c) => c.name.zh)).toEqual(['湖滨商务区', '高新科创园']);

    const summary = await get<DistrictSummary>('/api/district/summary');
    expect(summary.plan.by_cluster.map((c) => [c.cluster, c.buildings])).toEqual([
      ['lakeside', 2],
      ['hitech', 1],
    ]);
    expect(summary.plan.targets.target_year).toBe(2027);
    expect(summary.plan.targets.buildings_over_100m_tax).toMatchObject({ baseline: 0, target: 2 });
    expect(summary.plan.targets.idle_area).toMatchObject({ baseline_m2: 5000, reduction_target_m2: 4000 });

    // 90 spaces for 20,000 m2 is short of this district's 1 space per 200 m2 (not of the default 1 per 300).
    const shortfalls = await get<ShortfallReply>('/api/shortfalls?kind=parking');
    expect(
      shortfalls.findings
        .filter((f) => f.rule === 'parking.space_ratio')
        .map((f) => [f.building, f.threshold]),
    ).toEqual([['lakeside-one', 0.5]]);

    expect(await louyu.interrupt(), louyu.output().slice(-2000)).toEqual({ code: 0, signal: null });
  },
);
