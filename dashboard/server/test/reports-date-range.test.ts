// A report's `date` outside the range reports cover is the client's mistake: a 400 that says which dates
// are accepted, never a 500 (issue 15 item 8). Dates at the edges of the range still give a report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@louyu/core';
import { startTestApp, type TestApp } from './helpers/app.ts';

describe('report dates out of range', () => {
  let t: TestApp;
  let headers: { authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    headers = { authorization: `Bearer ${await t.token('district')}` };
  });
  afterAll(() => t?.dispose());

  const range = 'reports cover dates from 2000-01-01 to 2099-12-31';

  it.each([
    ['weekly', '1970-01-01'],
    ['weekly', '9999-12-31'],
    ['monthly', '1970-01-01'],
    ['monthly', '9999-12-31'],
    ['weekly', '0000-01-01'],
    ['weekly', '1999-12-31'],
    ['monthly', '2100-01-01'],
  ])('answers %s?date=%s with a 400 naming the range', async (period, date) => {
    for (const format of ['json', 'csv', 'html']) {
      const reply = await t.app.inject({
        url: `/api/reports/${period}?date=${date}&format=${format}`,
        headers,
      });
      expect(reply.statusCode).toBe(400);
      expect(reply.json()).toMatchObject({
        statusCode: 400,
        code: 'LOUYU_BAD_RANGE',
        message: `date ${date} is out of range: ${range}`,
      });
    }
  });

  it('still refuses a date that does not exist, and a malformed one', async () => {
    const missing = await t.app.inject({ url: '/api/reports/weekly?date=2025-02-30', headers });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      code: 'LOUYU_BAD_RANGE',
      message: 'date "2025-02-30" does not exist',
    });
    const malformed = await t.app.inject({ url: '/api/reports/weekly?date=99999-01-01', headers });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'LOUYU_BAD_INPUT' });
  });

  it.each([
    ['weekly', '2000-01-01', '1999-12-27 – 2000-01-02'],
    ['monthly', '2000-01-01', '2000-01-01 – 2000-01-31'],
    ['weekly', '2099-12-31', '2099-12-28 – 2100-01-03'],
    ['monthly', '2099-12-31', '2099-12-01 – 2099-12-31'],
  ])('gives the %s report for the edge date %s', async (period, date, label) => {
    const reply = await t.app.inject({ url: `/api/reports/${period}?date=${date}`, headers });
    expect(reply.statusCode).toBe(200);
    const report = reply.json<Report>();
    expect(report.label).toBe(label);
    expect(report.rows.length).toBe(t.registry.buildings.length);
  });
});
