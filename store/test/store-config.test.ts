// createStore refuses a bad configuration with a message that names the option.
import { describe, expect, it } from 'vitest';
import { createStore, StoreError, type StoreConfig } from '../src/index.ts';

async function refusal(config: unknown): Promise<StoreError> {
  const error: unknown = await createStore(config as StoreConfig).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe('INVALID_CONFIG');
  return error as StoreError;
}

describe('store configuration', () => {
  it('names the option that is wrong', async () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'postgres' }, /option kind/],
      [{ kind: 'sqlite' }, /option path/],
      [{ kind: 'sqlite', path: 'x.db', retentionIntervalMs: -1 }, /option retentionIntervalMs/],
      [{ kind: 'sqlite', path: 'x.db', retention: { rawMs: 0 } }, /option retention\.rawMs/],
      [{ kind: 'influx', url: 'localhost:8086', database: 'louyu' }, /option url/],
      [{ kind: 'influx', url: 'ftp://h', database: 'louyu' }, /option url/],
      [{ kind: 'influx', url: 'http://h:8086', database: 'lou yu' }, /option database/],
      [{ kind: 'influx', url: 'http://h:8086', database: 'louyu', flavor: '4.x' }, /option flavor/],
      [{ kind: 'influx', url: 'http://h:8086', database: 'louyu', token: '' }, /option token/],
      [{ kind: 'influx', url: 'http://h:8086', database: 'louyu', password: 'p' }, /option password/],
      [
        { kind: 'influx', url: 'http://h:8086', database: 'louyu', rollupDatabase: 'louyu' },
        /option rollupDatabase/,
      ],
      [
        { kind: 'influx', url: 'http://h:8086', database: 'louyu', retention: { rawMs: 60_000 } },
        /retention\.rawMs.*1 hour/,
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
