import { describe, expect, it } from 'vitest';
import { DEFAULT_FIVE_A_CONFIG, fiveA, scoreSubsystem } from '../src/rules/index.ts';
import type { FiveAInput, SubsystemReading } from '../src/rules/index.ts';

const NOW = Date.parse('2025-03-12T02:00:00Z');
const reading = (online: number, total: number, faults = 0, alarms = 0, age = 10_000): SubsystemReading => ({
  ts: NOW - age,
  data: { devices_total: total, devices_online: online, faults, alarms },
});
const ALL = { ba: 40, ca: 20, oa: 10, fa: 300, sa: 120 };
const healthy = (): FiveAInput => ({
  building: 'b1',
  inventory: ALL,
  latest: {
    ba: reading(100, 100),
    ca: reading(100, 100),
    oa: reading(100, 100),
    fa: reading(100, 100),
    sa: reading(100, 100),
  },
});

describe('5A subsystem score', () => {
  it('is availability as a percentage when there are no faults or alarms', () => {
    const s = scoreSubsystem('ba', 40, reading(90, 100), 'online', NOW);
    expect(s).toMatchObject({
      score: 90,
      availability: 90,
      penalty: 0,
      freshness: 'fresh',
      present: true,
      reason: null,
    });
  });

  it('takes 5 points per active fault and 2 per active alarm', () => {
    expect(DEFAULT_FIVE_A_CONFIG).toMatchObject({ faultPenalty: 5, alarmPenalty: 2 });
    const s = scoreSubsystem('fa', 300, reading(100, 100, 2, 3), 'online', NOW);
    expect(s).toMatchObject({ score: 84, availability: 100, faults: 2, alarms: 3, penalty: 16 });
  });

  it('floors at 0 and says the penalties did it', () => {
    const s = scoreSubsystem('fa', 300, reading(50, 100, 20, 0), 'online', NOW);
    expect(s).toMatchObject({ score: 0, reason: 'penalties' });
  });

  it('is 0 when nothing is online', () => {
    expect(scoreSubsystem('sa', 120, reading(0, 100), 'online', NOW)).toMatchObject({
      score: 0,
      reason: 'no_devices_online',
    });
  });

  it('is 0 when the data is stale, keeping the parts that were reported', () => {
    const s = scoreSubsystem('ca', 20, reading(100, 100, 0, 0, 181_000), 'online', NOW);
    expect(s).toMatchObject({
      score: 0,
      availability: 100,
      freshness: 'stale',
      present: false,
      reason: 'stale',
    });
  });

  it('is 0 when the gateway is offline', () => {
    expect(scoreSubsystem('ca', 20, reading(100, 100), 'offline', NOW)).toMatchObject({
      score: 0,
      freshness: 'offline',
      reason: 'offline',
    });
  });

  it('is 0 and missing when not installed or never reported', () => {
    expect(scoreSubsystem('oa', 0, reading(100, 100), 'online', NOW)).toMatchObject({
      score: 0,
      freshness: 'missing',
      reason: 'not_installed',
      availability: null,
    });
    expect(scoreSubsystem('oa', 10, undefined, 'online', NOW)).toMatchObject({
      score: 0,
      freshness: 'missing',
      reason: 'never_reported',
    });
  });
});

describe('5A index and compliance', () => {
  it('is the mean of the five and compliant when all five are present and >= 80', () => {
    const input = healthy();
    input.latest.ba = reading(80, 100);
    const r = fiveA(input, NOW);
    expect(r.index).toBe(96);
    expect(r.present).toBe(5);
    expect(r.compliant).toBe(true);
    expect(r.subsystems.ba.score).toBe(80);
  });

  it('is not compliant when one subsystem is just below 80', () => {
    const input = healthy();
    input.latest.ba = reading(799, 1000);
    const r = fiveA(input, NOW);
    expect(r.subsystems.ba.score).toBeCloseTo(79.9, 10);
    expect(r.compliant).toBe(false);
  });

  it('is not compliant when one subsystem is missing, and the missing one counts 0 in the index', () => {
    const input = healthy();
    input.inventory = { ...ALL, oa: 0 };
    const r = fiveA(input, NOW);
    expect(r.present).toBe(4);
    expect(r.index).toBe(80);
    expect(r.compliant).toBe(false);
    expect(r.subsystems.oa.reason).toBe('not_installed');
  });

  it('is not compliant when one subsystem is stale, even with perfect figures', () => {
    const input = healthy();
    input.latest.sa = reading(100, 100, 0, 0, 10 * 60_000);
    const r = fiveA(input, NOW);
    expect(r.compliant).toBe(false);
    expect(r.subsystems.sa).toMatchObject({ score: 0, reason: 'stale' });
  });
});
