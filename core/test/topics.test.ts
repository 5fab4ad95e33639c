import { describe, expect, it } from 'vitest';
import { buildingPrefix, parseTopic, statusTopic, telemetryTopic } from '../src/topics.ts';

describe('topics', () => {
  it('formats and parses a telemetry topic', () => {
    const topic = telemetryTopic('hp-001', 'elevator', 'car-3');
    expect(topic).toBe('louyu/v1/hp-001/elevator/car-3');
    expect(parseTopic(topic)).toEqual({
      ok: true,
      topic: { type: 'telemetry', building: 'hp-001', kind: 'elevator', device: 'car-3' },
    });
  });

  it('formats and parses the status topic', () => {
    expect(statusTopic('hp-001')).toBe('louyu/v1/hp-001/status');
    expect(parseTopic('louyu/v1/hp-001/status')).toEqual({
      ok: true,
      topic: { type: 'status', building: 'hp-001' },
    });
    expect(buildingPrefix('hp-001')).toBe('louyu/v1/hp-001/');
  });

  it.each([
    ['other/v1/hp-001/elevator/car-3', 'not_louyu'],
    ['louyu/v2/hp-001/elevator/car-3', 'bad_version'],
    ['louyu/v1/HP-001/elevator/car-3', 'bad_building'],
    ['louyu/v1/-hp/elevator/car-3', 'bad_building'],
    ['louyu/v1/hp-001/lift/car-3', 'unknown_kind'],
    ['louyu/v1/hp-001/elevator/Car 3', 'bad_device'],
    ['louyu/v1/hp-001/elevator/' + 'a'.repeat(65), 'bad_device'],
    ['louyu/v1/hp-001/elevator', 'wrong_depth'],
    ['louyu/v1/hp-001/elevator/car-3/extra', 'wrong_depth'],
    ['louyu/v1/hp-001/status/x', 'unknown_kind'],
    ['louyu/v1/+/elevator/car-3', 'wildcard'],
    ['louyu/v1/hp-001/#', 'wildcard'],
    ['', 'not_louyu'],
  ])('rejects %s as %s', (topic, error) => {
    const result = parseTopic(topic);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBe(error);
      expect(result.detail.length).toBeGreaterThan(5);
    }
  });

  it('accepts a 64-character device id and refuses to format a bad one', () => {
    expect(parseTopic('louyu/v1/b/energy/' + 'a'.repeat(64)).ok).toBe(true);
    expect(() => telemetryTopic('hp-001', 'energy', 'Main Meter')).toThrow(/device "Main Meter"/);
    expect(() => statusTopic('../x')).toThrow(/building/);
  });
});
