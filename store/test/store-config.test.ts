// createStore refuses a bad configuration with a message that names the option.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@louyu/core';
import { createStore, type StoreConfig } from '../src/index.ts';

async function refusal(config: unknown): Promise<ConfigError> {
  const error: unknown = await createStore(config as StoreConfig).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).code).toBe('LOUYU_CONFIG');
  return error as ConfigError;
}

describe('store configuration', () => {
  it('names the option that is wrong', async () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'postgres' }, /^store\.kind: /],
      [{ kind: 'sqlite' }, /^store\.path: /],
      [{ kind: 'sqlite', path: 'x.db', retentionIntervalMs: -1 }, /^store\.retentionIntervalMs: /],
      [{ kind: 'sqlite', path: 'x.db', retention: { rawMs: 0 } }, /^store\.retention\.rawMs: /],
      [{ kind: 'influx', url: 'localhost:8086', database: 'louyu' }, /^store\.url: /],
      [{ kind: 'influx', url: 'ftp://h', database: 'louyu' }, /^store\.url: /],
      [{ kind: 'influx', url: 'http://h:8086', database: 'lou yu' }, /^store\.database: /],
      [{ kind: 'influx', url: 'http://h:8086', database: 'louyu', flavor: '4.x' }, /^store\.flavor: /],
      [{ kind: 'influx', url: 'http://h:8086', database: 'louyu', token: '' }, /^store\.token: /],
      [{ kind: 'influx', url: 'http://h:8086', database: 'louyu', password: 'p' }, /^store\.password: /],
      [
        { kind: 'influx', url: 'http://h:8086', database: 'louyu', rollupDatabase: 'louyu' },
        /^store\.rollupDatabase: /,
      ],
      [
        { kind: 'influx', url: 'http://h:8086', database: 'louyu', retention: { rawMs: 60_000 } },
        /^store\.retention\.rawMs: .*1 hour/,
      ],
    ];
    for (const [config, message] of cases) expect((await refusal(config)).message).toMatch(message);
  });

  it('opens an embedded store from a good configuration', async () => {
    const store = await createStore({ kind: 'sqlite', path: ':memory:', retentionIntervalMs: 0 });
    expect(store.kind).toBe('sqlite');
    await store.ping();
    await store.close();
  });
});
