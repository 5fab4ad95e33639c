import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLouyu, type StartedLouyu } from '../src/index.ts';

// startLouyu() is what a developer's end-to-end test calls: the whole of Louyu, as `louyu start` runs it,
// on free ports and in a temporary data folder, stopped by the test.
describe('startLouyu(): the whole of Louyu for a test suite', () => {
  let louyu: StartedLouyu;
  const lines: string[] = [];

  beforeAll(async () => {
    louyu = await startLouyu({ buildings: '2', onLine: (line) => lines.push(line) });
  }, 180_000);

  afterAll(async () => {
    await louyu?.stop(); // again after the last test: the same result, nothing left running
  }, 60_000);

  it('signs a demo user in over REST and lists the district with the simulated buildings live', async () => {
    expect(louyu.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(louyu.mqttUrl).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[0]).toMatch(/^Louyu 楼宇 · /);
    expect(Object.keys(louyu.gatewayPasswords)).toHaveLength(louyu.registry.buildings.length);
    const district = louyu.demoUsers.find((u) => u.username === 'district')!;
    const login = await fetch(`${louyu.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(district),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const live = await vi.waitFor(
      async () => {
        const response = await fetch(`${louyu.httpUrl}/api/buildings`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const list = (await response.json()) as {
          building: { id: string };
          live: { updated: number | null };
        }[];
        expect(list).toHaveLength(louyu.registry.buildings.length);
        const updated = list.filter((b) => b.live.updated !== null).map((b) => b.building.id);
        expect(updated).toHaveLength(2);
        return updated;
      },
      { timeout: 60_000, interval: 500 },
    );
    expect(live).toEqual(louyu.registry.buildings.slice(0, 2).map((b) => b.id));
  }, 90_000);

  it('stops with what it received stored and its temporary data folder removed', async () => {
    const summary = await louyu.stop();
    expect(summary.spooled).toBeGreaterThan(0);
    expect(summary.leftInSpool).toBe(0);
    expect(existsSync(louyu.dataDir)).toBe(false);
  }, 60_000);
});
