import { describe, expect, test } from 'vitest';
import { createBroker, resolveBrokerConfig, DEFAULT_BROKER_CONFIG } from '../src/index.ts';

describe('broker configuration', () => {
  test('defaults follow DESIGN.md: port 1883, 16 KiB payloads, no anonymous access', () => {
    const config = resolveBrokerConfig();
    expect(config).toEqual(DEFAULT_BROKER_CONFIG);
    expect(config).toMatchObject({ mqttPort: 1883, maxPayloadBytes: 16 * 1024, demo: false, redis: null });
  });

  test.each([
    [{ mqttPort: 70000 }, '--mqtt-port: must be a port number 0-65535'],
    [{ mqttPort: -1 }, '--mqtt-port: must be a port number 0-65535'],
    [{ wsPort: 1.5 }, '--ws-port: must be a port number 0-65535'],
    [{ tls: { port: 8883, certFile: '', keyFile: 'k.pem' } }, '--tls-cert: must name a PEM certificate file'],
    [{ redis: 'http://localhost:6379' }, '--redis: must be a redis://, rediss:// or redis+sentinel:// URL'],
    [{ redis: 'not a url' }, '--redis: must be a URL like redis://host:6379'],
    [{ redis: 'redis+sentinel://127.0.0.1:26379' }, '--redis: a redis+sentinel:// URL must name the master'],
    [{ maxPayloadBytes: 0 }, '--max-payload: must be a whole number'],
    [{ maxTopicDepth: 101 }, '--max-topic-depth: must be a whole number 1-100'],
    [{ rateLimit: { perSecond: 0 } }, '--rate-limit: must be a number above 0'],
  ])('%j is refused with "%s"', (input, message) => {
    expect(() => resolveBrokerConfig(input)).toThrow(message);
  });

  test('a broker without accounts and without --demo does not start', async () => {
    await expect(createBroker({ mqttPort: 0 })).rejects.toThrow(
      '--credentials: is required unless --demo is set',
    );
  });
});
