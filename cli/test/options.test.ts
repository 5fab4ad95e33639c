import { describe, expect, it } from 'vitest';
import { COMMON } from '../src/common-options.ts';
import { ConfigError, envName, parsers, resolveOption, type OptionSpec } from '../src/options.ts';

describe('options', () => {
  it('derives the environment variable from the flag', () => {
    expect(envName('mqtt-port')).toBe('LOUYU_MQTT_PORT');
    expect(envName('influx')).toBe('LOUYU_INFLUX');
  });

  it('takes the flag over the environment over the default', () => {
    expect(resolveOption(COMMON.mqttPort, '1999', { LOUYU_MQTT_PORT: '2000' })).toBe(1999);
    expect(resolveOption(COMMON.mqttPort, undefined, { LOUYU_MQTT_PORT: '2000' })).toBe(2000);
    expect(resolveOption(COMMON.mqttPort, undefined, {})).toBe(1883);
    expect(resolveOption(COMMON.demo, true, {})).toBe(true);
    expect(resolveOption(COMMON.demo, undefined, { LOUYU_DEMO: 'yes' })).toBe(true);
  });

  it.each<[OptionSpec<unknown>, string, string]>([
    [COMMON.mqttPort, '70000', '--mqtt-port'],
    [COMMON.httpPort, 'http', '--http-port'],
    [COMMON.influx, 'localhost:8086', '--influx'],
    [COMMON.influx, 'ftp://x', '--influx'],
    [COMMON.redis, 'http://x', '--redis'],
    [COMMON.seed, '0', '--seed'],
    [COMMON.logLevel, 'loud', '--log-level'],
  ])('a bad value names its option (%#)', (spec, value, option) => {
    expect(() => resolveOption(spec, value, {})).toThrow(ConfigError);
    expect(() => resolveOption(spec, value, {})).toThrow(new RegExp(`^${option}: `));
  });

  it('names the environment variable when the bad value came from there', () => {
    expect(() => resolveOption(COMMON.mqttPort, undefined, { LOUYU_MQTT_PORT: 'x' })).toThrow(
      /^LOUYU_MQTT_PORT: /,
    );
  });

  it('parses sizes', () => {
    expect(parsers.bytes('512MiB', '--x')).toBe(512 * 1024 ** 2);
    expect(parsers.bytes('2g', '--x')).toBe(2 * 1024 ** 3);
    expect(parsers.bytes('100', '--x')).toBe(100);
    expect(() => parsers.bytes('lots', '--spool-max-bytes')).toThrow(/^--spool-max-bytes: /);
  });
});

describe('flags that are on by default', () => {
  it('are turned off with --no-<flag> and by their variable', async () => {
    const { Command } = await import('commander');
    const { addOptions, resolveOptions } = await import('../src/define.ts');
    const specs = {
      simulator: { flag: 'simulator', description: 'x', parse: parsers.boolean, default: true },
    };
    const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const command = addOptions(new Command('t').exitOverride(), specs);
      command.parse(argv, { from: 'user' });
      return resolveOptions(specs, command.opts(), env).simulator;
    };
    expect(parse([])).toBe(true);
    expect(parse(['--no-simulator'])).toBe(false);
    expect(parse([], { LOUYU_SIMULATOR: 'false' })).toBe(false);
    expect(parse(['--no-simulator'], { LOUYU_SIMULATOR: 'true' })).toBe(false);
  });
});
