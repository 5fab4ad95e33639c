import { describe, expect, it } from 'vitest';
import { freshness, isHealthy, offlineAfterMs, staleAfterMs } from '../src/rules/index.ts';
import { EXPECTED_INTERVAL_MS } from '../src/constants.ts';

const NOW = Date.parse('2025-03-12T02:00:00Z');

describe('freshness', () => {
  it('is fresh up to and including 3 x the expected interval, stale just after', () => {
    // elevator: 10 s interval -> stale after 30 s.
    expect(staleAfterMs('elevator')).toBe(30_000);
    expect(freshness({ kind: 'elevator', lastTs: NOW - 29_999 }, NOW)).toBe('fresh');
    expect(freshness({ kind: 'elevator', lastTs: NOW - 30_000 }, NOW)).toBe('fresh');
    expect(freshness({ kind: 'elevator', lastTs: NOW - 30_001 }, NOW)).toBe('stale');
  });

  it("uses each kind's own interval", () => {
    expect(EXPECTED_INTERVAL_MS.parking).toBe(30_000);
    expect(freshness({ kind: 'parking', lastTs: NOW - 91_000 }, NOW)).toBe('stale');
    expect(freshness({ kind: 'occupancy', lastTs: NOW - 91_000 }, NOW)).toBe('fresh');
  });

  it('is offline after 10 min of silence', () => {
    expect(offlineAfterMs('ba')).toBe(600_000);
    expect(freshness({ kind: 'ba', lastTs: NOW - 600_000 }, NOW)).toBe('stale');
    expect(freshness({ kind: 'ba', lastTs: NOW - 600_001 }, NOW)).toBe('offline');
  });

  it("is offline when the gateway's Last Will says so, however recent the data", () => {
    expect(freshness({ kind: 'energy', lastTs: NOW - 1_000, gateway: 'offline' }, NOW)).toBe('offline');
    expect(freshness({ kind: 'energy', lastTs: NOW - 1_000, gateway: 'online' }, NOW)).toBe('fresh');
  });

  it('is offline for a device that never reported', () => {
    expect(freshness({ kind: 'sa', lastTs: undefined }, NOW)).toBe('offline');
  });

  it('gives a daily kind (tenancy) a stale phase before offline instead of 10 min', () => {
    const day = 86_400_000;
    expect(freshness({ kind: 'tenancy', lastTs: NOW - 2 * day }, NOW)).toBe('fresh');
    expect(freshness({ kind: 'tenancy', lastTs: NOW - 4 * day }, NOW)).toBe('stale');
    expect(freshness({ kind: 'tenancy', lastTs: NOW - 7 * day }, NOW)).toBe('offline');
  });

  it('treats a reading stamped slightly in the future as fresh', () => {
    expect(freshness({ kind: 'elevator', lastTs: NOW + 5_000 }, NOW)).toBe('fresh');
  });

  it('never counts stale or offline data as healthy', () => {
    expect(isHealthy('fresh')).toBe(true);
    expect(isHealthy('stale')).toBe(false);
    expect(isHealthy('offline')).toBe(false);
  });
});
