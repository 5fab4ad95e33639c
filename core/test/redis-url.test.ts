import { describe, expect, test } from 'vitest';
import { ConfigError } from '../src/config-error.ts';
import { parseRedisUrl, redactRedisUrl } from '../src/redis-url.ts';

describe('--redis URLs', () => {
  test('a single server: host, port, credentials, database, TLS', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380')).toEqual({ host: '127.0.0.1', port: 6380, db: 0 });
    expect(parseRedisUrl('rediss://louyu:p%40ss@cache.example:6390/3')).toEqual({
      host: 'cache.example',
      port: 6390,
      username: 'louyu',
      password: 'p@ss',
      db: 3,
      tls: {},
    });
    expect(parseRedisUrl('redis://:secret@cache')).toEqual({
      host: 'cache',
      port: 6379,
      password: 'secret',
      db: 0,
    });
  });

  test('Sentinels: every address, the master name, the database, both sets of credentials', () => {
    expect(parseRedisUrl('redis+sentinel://s1:26380,s2,[::1]:26381/mymaster')).toEqual({
      sentinels: [
        { host: 's1', port: 26380 },
        { host: 's2', port: 26379 },
        { host: '::1', port: 26381 },
      ],
      name: 'mymaster',
      db: 0,
      failoverDetector: true,
    });
    expect(
      parseRedisUrl(
        'REDIS+SENTINEL://louyu:m%2Fpw@10.0.0.1:26379,10.0.0.2:26379/louyu-redis/2?sentinel_password=spw&sentinel_username=watch',
      ),
    ).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
      ],
      name: 'louyu-redis',
      username: 'louyu',
      password: 'm/pw',
      sentinelUsername: 'watch',
      sentinelPassword: 'spw',
      db: 2,
      failoverDetector: true,
    });
  });

  test.each([
    ['not a url', 'must be a URL like redis://host:6379'],
    ['http://louyu:s3cret@cache:6379', 'must be a redis://, rediss:// or redis+sentinel:// URL'],
    ['redis://cache/zero', 'has a database that is not a number'],
    ['redis+sentinel://s1:26379', 'must name the master'],
    ['redis+sentinel://s1:26379/', 'must name the master'],
    ['redis+sentinel://s1:26379/mymaster/x', 'has a database that is not a number'],
    ['redis+sentinel://s1:26379/mymaster/0/extra', 'at most /master/db'],
    ['redis+sentinel:///mymaster', 'Sentinel address that is not host[:port]'],
    ['redis+sentinel://s1:26379,,s2/mymaster', 'Sentinel address that is not host[:port]'],
    ['redis+sentinel://s1:port/mymaster', 'Sentinel address that is not host[:port]'],
    ['redis+sentinel://s1:70000/mymaster', 'Sentinel port outside 1-65535'],
    ['redis+sentinel://s1/mymaster?timeout=5', 'knows only the query options'],
    ['redis+sentinel://:s3cret@s1/mymaster#frag', 'must be a URL like'],
  ])('%s is refused, naming --redis and no password', (url, problem) => {
    let error: unknown;
    try {
      parseRedisUrl(url);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe('--redis');
    expect((error as Error).message).toMatch(/^--redis: /);
    expect((error as Error).message).toContain(problem);
    expect((error as Error).message).not.toContain('s3cret');
  });

  test('the option is named as the user gave it (the environment variable)', () => {
    expect(() => parseRedisUrl('redis+sentinel://s1', 'LOUYU_REDIS')).toThrow(/^LOUYU_REDIS: /);
  });

  test('redaction hides the master password and the Sentinel password', () => {
    expect(redactRedisUrl('redis://louyu:s3cret@cache:6379/1')).toBe('redis://louyu:***@cache:6379/1');
    expect(redactRedisUrl('redis+sentinel://:s3cret@s1:26379,s2:26379/mymaster?sentinel_password=x2')).toBe(
      'redis+sentinel://:***@s1:26379,s2:26379/mymaster?sentinel_password=***',
    );
    expect(redactRedisUrl('redis://cache:6379')).toBe('redis://cache:6379');
  });
});
