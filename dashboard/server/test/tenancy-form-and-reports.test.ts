import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, TenancyHistory, TenancyReply, TenancyRow } from '@louyu/core';
import { startTestApp, type TestApp } from './helpers/app.ts';

const form = {
  leasable_m2: 20_000,
  leased_m2: 15_000,
  tenants: 40,
  tenants_by_industry: { trade: 10, tech: 20, finance: 5, culture: 3, other: 2 },
  registered_local: 30,
};

describe('the tenancy form and the reports', () => {
  let t: TestApp;
  let manager: string;
  let district: string;
  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.token('manager');
    district = await t.token('district');
  });
  afterAll(() => t.dispose());

  const post = (building: string, payload: object, token = manager) =>
    t.app.inject({
      method: 'POST',
      url: `/api/buildings/${building}/tenancy`,
      payload,
      headers: { authorization: `Bearer ${token}` },
    });

  it("stores a manager's tenancy update like telemetry and shows it at once", async () => {
    const reply = await post('healthy', form);
    expect(reply.statusCode).toBe(200);
    expect(reply.json<TenancyRow>()).toMatchObject({
      building: 'healthy',
      rate: 0.75,
      vacant_m2: 5_000,
      bucket: 'upper_mid',
      key_idle: true,
      tenants: 40,
    });
    const stored = await t.store.latest({ measurement: 'tenancy', building: 'healthy' });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.fields).toMatchObject({ leased_m2: 15_000, tenants_tech: 20 });
    const all = await t.app.inject({ url: '/api/tenancy', headers: { authorization: `Bearer ${district}` } });
    expect(all.json<TenancyReply>().buildings.find((b) => b.building === 'healthy')?.reported_at).toBe(
      t.clock.now,
    );
  });

  it('refuses what a gateway would be refused, another building, and district staff, and stores nothing', async () => {
    const bad = await post('healthy', { ...form, leased_m2: 30_000 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toContain('leased_m2');
    expect((await post('healthy', { ...form, tenants: 41 })).json<{ message: string }>().message).toContain(
      'tenants_by_industry',
    );
    expect((await post('healthy', { ...form, leased_m2: 'lots' })).statusCode).toBe(400);
    expect((await post('short-parking', form)).statusCode).toBe(403);
    expect((await post('healthy', form, district)).statusCode).toBe(403);
    const stored = await t.store.latest({ measurement: 'tenancy' });
    expect(stored.map((p) => p.fields.leased_m2)).toEqual([15_000]);
  });

  it("lists the building's tenancy entries, newest first, to the users of the form only", async () => {
    t.clock.now += 60_000;
    expect((await post('healthy', { ...form, leased_m2: 16_000, tax_ytd_cny: 2_500_000 })).statusCode).toBe(
      200,
    );
    const history = (token: string, building = 'healthy') =>
      t.app.inject({
        url: `/api/buildings/${building}/tenancy`,
        headers: { authorization: `Bearer ${token}` },
      });
    const reply = await history(manager);
    expect(reply.statusCode).toBe(200);
    const { entries } = reply.json<TenancyHistory>();
    expect(entries.map((e) => [e.leased_m2, e.tax_ytd_cny, e.source])).toEqual([
      [16_000, 2_500_000, 'form'],
      [15_000, null, 'form'],
    ]);
    expect(entries[0]).toMatchObject({ leasable_m2: 20_000, tenants: 40, registered_local: 30 });
    expect(entries[0]!.tenants_by_industry).toEqual(form.tenants_by_industry);
    expect((await history(manager, 'short-parking')).statusCode).toBe(403);
    expect((await history(district)).statusCode).toBe(403);
    expect((await history(manager, 'no-such-building')).statusCode).toBe(404);
  });

  it('exports the weekly report as JSON, as CSV with a BOM for Excel, and as a printable page', async () => {
    const headers = { authorization: `Bearer ${district}` };
    const json = (await t.app.inject({ url: '/api/reports/weekly?date=2025-03-12', headers })).json<Report>();
    expect(json.label).toBe('2025-03-10 – 2025-03-16');
    expect(json.rows).toHaveLength(t.registry.buildings.length);
    const csv = await t.app.inject({ url: '/api/reports/weekly?format=csv&date=2025-03-12', headers });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain('楼宇名称');
    // Clusters by the names district staff use, not by their ids.
    expect(csv.body).toContain(',太原街商贸金融产业区,');
    expect(csv.body).not.toContain(',taiyuanjie,');
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(2 + t.registry.buildings.length);
    const html = await t.app.inject({ url: '/api/reports/monthly?format=html&date=2025-03-12', headers });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('楼宇经济每月通报 2025-03-01 – 2025-03-31');
    expect(html.body).not.toContain('<script');
    expect((await t.app.inject({ url: '/api/reports/weekly?date=2025-02-30', headers })).statusCode).toBe(
      400,
    );
    expect((await t.app.inject({ url: '/api/reports/yearly', headers })).statusCode).toBe(400);
  });
});
