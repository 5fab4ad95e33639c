import { smallRegistry } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { createDistrict, SCENARIOS, validateSimulateOptions } from '../src/index.ts';

describe('louyu simulate options', () => {
  const registry = smallRegistry();

  it('takes defaults and well-formed values', () => {
    expect(validateSimulateOptions({}, registry)).toMatchObject({
      buildings: 'all',
      speed: 1,
      scenario: 'normal',
      seed: 1,
      mqttUrl: 'mqtt://localhost:1883',
      usernamePrefix: 'gw-',
    });
    const opts = validateSimulateOptions(
      {
        buildings: 'healthy,missing-oa',
        speed: 'max',
        scenario: 'flood',
        seed: '42',
        mqttUrl: 'mqtts://b:8883',
      },
      registry,
    );
    expect(opts).toMatchObject({
      buildings: ['healthy', 'missing-oa'],
      speed: 'max',
      scenario: 'flood',
      seed: 42,
    });
    expect(validateSimulateOptions({ buildings: '2', speed: '1440' }, registry)).toMatchObject({
      buildings: 2,
      speed: 1440,
    });
  });

  it.each([
    [{ buildings: 'healthy,nowhere' }, /^--buildings: .*nowhere/],
    [{ buildings: '99' }, /^--buildings: 99 is out of range/],
    [{ speed: '0' }, /^--speed: /],
    [{ speed: 'fast' }, /^--speed: /],
    [{ scenario: 'earthquake' }, /^--scenario: "earthquake" is unknown/],
    [{ seed: '1.5' }, /^--seed: /],
    [{ mqttUrl: 'localhost:1883' }, /^--mqtt-url: /],
    [{ mqttUrl: 'http://localhost' }, /^--mqtt-url: /],
    [{ usernamePrefix: 'gw /' }, /^--username-prefix: /],
    [{ credentials: ' ' }, /^--credentials: /],
    [{ start: 'yesterday' }, /^--start: /],
  ])('refuses %o with a message naming the option', (args, message) => {
    expect(() => validateSimulateOptions(args, registry)).toThrow(message);
  });

  it('knows every scenario createDistrict runs', () => {
    for (const scenario of SCENARIOS) {
      expect(validateSimulateOptions({ scenario }, registry).scenario).toBe(scenario);
      expect(createDistrict({ registry, seed: 1, start: 0, scenario, buildings: 1 }).scenario.name).toBe(
        scenario,
      );
    }
  });
});
