import { describe, expect, it } from 'vitest';
import { ConfigError } from '@louyu/core';
import { ingestRunOptions } from '../src/cli-options.ts';
import { resolveIngestConfig } from '../src/config.ts';

function optionOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.option;
    throw error;
  }
  return undefined;
}

describe('ingest configuration', () => {
  it('names the option that is wrong', () => {
    expect(optionOf(() => resolveIngestConfig({ spoolDir: '' }))).toBe('--spool-dir');
    expect(optionOf(() => resolveIngestConfig({ spoolDir: '/tmp/s', spoolMaxBytes: -1 }))).toBe(
      '--spool-max-bytes',
    );
    expect(optionOf(() => resolveIngestConfig({ spoolDir: '/tmp/s', batchSize: 0 }))).toBe('--batch-size');
    expect(optionOf(() => resolveIngestConfig({ spoolDir: '/tmp/s', fsync: 'sometimes' }))).toBe('--fsync');
    expect(optionOf(() => resolveIngestConfig({ spoolDir: '/tmp/s', mqtt: { url: 'http://x' } }))).toBe(
      '--mqtt-url',
    );
    expect(optionOf(() => ingestRunOptions({ 'spool-dir': '/tmp/s' }))).toBe('--mqtt-url');
    expect(
      optionOf(() => ingestRunOptions({ 'mqtt-url': 'mqtt://127.0.0.1:1883', 'batch-size': 'lots' })),
    ).toBe('--batch-size');
  });

  it('turns the options into the configuration and fills in defaults', () => {
    const options = ingestRunOptions({
      'batch-size': '250',
      fsync: 'always',
      'mqtt-url': 'mqtt://broker:1883',
      'data-dir': '/var/lib/louyu',
      influx: 'http://influx:8086',
    });
    expect(options.ingest.batchSize).toBe(250);
    expect(options.ingest.fsync).toBe('always');
    expect(options.ingest.spoolDir).toBe('/var/lib/louyu/spool');
    expect(options.ingest.mqtt?.url).toBe('mqtt://broker:1883');
    expect(options.ingest.mqtt?.topics).toEqual(['louyu/v1/#']);
    expect(options.store).toMatchObject({ kind: 'influx', url: 'http://influx:8086', database: 'louyu' });
    expect(resolveIngestConfig({ spoolDir: '/s', fsync: 20 }).fsync).toEqual({ intervalMs: 20 });
  });

  it('takes several topic filters, and a shared-subscription group, checking each', () => {
    const parse = (topic: string) =>
      ingestRunOptions({ 'mqtt-url': 'mqtt://h:1', 'mqtt-topic': topic }).ingest.mqtt;
    expect(parse('louyu/v1/b001/#, louyu/v1/b002/#')?.topics).toEqual(['louyu/v1/b001/#', 'louyu/v1/b002/#']);
    expect(parse('$share/louyu-ingest/louyu/v1/#')?.topics).toEqual(['$share/louyu-ingest/louyu/v1/#']);
    for (const bad of ['', 'louyu/#/x', 'louyu/v1/b0+/#', '$share//louyu/#', '$share/g', 'a,,b'])
      expect(
        optionOf(() => parse(bad)),
        bad,
      ).toBe('--mqtt-topic');
  });
});
