// The scale-out option: a URL that is not Redis stops the build naming the option (without the password),
// and a Redis that cannot be reached stops start-up instead of leaving a node that silently runs alone.
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { smallRegistry } from '@louyu/core';
import { SqliteStore } from '@louyu/store';
import { buildApp, UserDirectory } from '../src/index.ts';
import { SECRET } from './helpers/app.ts';

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('the redis option', () => {
  const store = new SqliteStore({ path: ':memory:', retentionIntervalMs: 0 });
  afterAll(() => store.close());
  const build = (redis: string) =>
    buildApp({
      registry: smallRegistry(),
      store,
      users: new UserDirectory([]),
      jwtSecret: SECRET,
      options: { redis },
    });
  const failure = (promise: PromiseLike<unknown>): Promise<Error | undefined> =>
    Promise.resolve(promise).then(
      () => undefined,
      (e: unknown) => e as Error,
    );

  it('refuses a URL that is not redis://, rediss:// or redis+sentinel://, naming --redis and hiding the password', async () => {
    const error = await failure(build('http://louyu:s3cret@cache:6379'));
    expect(error?.message).toMatch(/^--redis: must be a redis:\/\/, rediss:\/\/ or redis\+sentinel:\/\/ URL/);
    expect(error?.message).not.toContain('s3cret');
  });

  it('refuses a Sentinel URL without the master name', async () => {
    const error = await failure(build('redis+sentinel://:s3cret@127.0.0.1:26379'));
    expect(error?.message).toContain('--redis: a redis+sentinel:// URL must name the master');
    expect(error?.message).not.toContain('s3cret');
  });

  it('stops start-up when Redis cannot be reached', async () => {
    const port = await closedPort();
    const app = await build(`redis://:s3cret@127.0.0.1:${port}`);
    const error = await failure(app.ready());
    await app.close();
    expect(error?.message).toContain(`cannot reach Redis at option redis redis://:***@127.0.0.1:${port}`);
  });
});
