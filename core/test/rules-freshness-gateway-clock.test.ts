import { describe, expect, it } from 'vitest';
import { advanceGatewayClock, deviceAgeMs, freshness, type GatewayClock } from '../src/index.ts';

const NOW = Date.UTC(2025, 2, 12, 2, 0, 0);
const MIN = 60_000;

describe('device freshness against its gateway clock', () => {
  it('is wall-clock age without a gateway clock', () => {
    expect(deviceAgeMs(NOW - 5 * MIN, NOW)).toBe(5 * MIN);
    expect(freshness({ kind: 'elevator', lastTs: NOW - 5 * MIN }, NOW)).toBe('stale');
  });

  it('does not age devices of a gateway whose readings all lag by the same amount', () => {
    // The gateway's newest reading is 5 min behind, and it arrived just now.
    const clock: GatewayClock = { newestTs: NOW - 5 * MIN, receivedAt: NOW };
    expect(deviceAgeMs(NOW - 5 * MIN, NOW, clock)).toBe(0);
    expect(freshness({ kind: 'elevator', lastTs: NOW - 5 * MIN - 10_000, clock }, NOW)).toBe('fresh');
    // A day behind (a replay) is the same.
    const replay: GatewayClock = { newestTs: NOW - 86_400_000, receivedAt: NOW - 2_000 };
    expect(freshness({ kind: 'elevator', lastTs: NOW - 86_400_000 - 10_000, clock: replay }, NOW)).toBe(
      'fresh',
    );
  });

  it('ages a device that fell behind its siblings, on the readings own time', () => {
    const clock: GatewayClock = { newestTs: NOW - 5 * MIN, receivedAt: NOW };
    expect(freshness({ kind: 'elevator', lastTs: NOW - 6 * MIN, clock }, NOW)).toBe('stale');
    expect(freshness({ kind: 'elevator', lastTs: NOW - 16 * MIN, clock }, NOW)).toBe('offline');
  });

  it('ages every device when the gateway as a whole is silent on wall time', () => {
    const clock: GatewayClock = { newestTs: NOW - 15 * MIN, receivedAt: NOW - 11 * MIN };
    expect(deviceAgeMs(NOW - 15 * MIN, NOW, clock)).toBe(11 * MIN);
    expect(freshness({ kind: 'elevator', lastTs: NOW - 15 * MIN, clock }, NOW)).toBe('offline');
  });

  it('counts a reading stamped ahead of its receipt as received, so siblings are not made stale', () => {
    let clock = advanceGatewayClock(undefined, NOW - 10_000, NOW - 10_000);
    clock = advanceGatewayClock(clock, NOW + 4 * MIN, NOW);
    expect(clock).toEqual({ newestTs: NOW, receivedAt: NOW });
    expect(freshness({ kind: 'elevator', lastTs: NOW - 10_000, clock }, NOW)).toBe('fresh');
    // An older reading arriving later moves the receipt time, never the newest ts back.
    expect(advanceGatewayClock(clock, NOW - MIN, NOW + 1_000)).toEqual({
      newestTs: NOW,
      receivedAt: NOW + 1_000,
    });
  });

  it('takes the gateway Last Will over any clock', () => {
    const clock: GatewayClock = { newestTs: NOW, receivedAt: NOW };
    expect(freshness({ kind: 'elevator', lastTs: NOW, gateway: 'offline', clock }, NOW)).toBe('offline');
  });
});
