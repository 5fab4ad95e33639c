import { describe, expect, it } from 'vitest';
import { brokerConnectOptions, BrokerUrlError, describeBrokers } from '../src/index.ts';

describe('brokerConnectOptions (--mqtt-url lists)', () => {
  it('turns one URL into a list of one, with default ports', () => {
    expect(brokerConnectOptions('mqtt://broker')).toEqual({
      servers: [{ protocol: 'mqtt', host: 'broker', port: 1883 }],
      protocol: 'mqtt',
      host: 'broker',
      port: 1883,
    });
    expect(brokerConnectOptions('mqtts://broker').servers).toEqual([
      { protocol: 'mqtts', host: 'broker', port: 8883 },
    ]);
  });

  it('keeps the order of a comma list, trims spaces, and takes tcp:// and tls:// as mqtt:// and mqtts://', () => {
    const options = brokerConnectOptions(' mqtt://a:1883 , mqtts://b:8884,tcp://[::1]:1999,tls://c');
    expect(options.servers).toEqual([
      { protocol: 'mqtt', host: 'a', port: 1883 },
      { protocol: 'mqtts', host: 'b', port: 8884 },
      { protocol: 'mqtt', host: '::1', port: 1999 },
      { protocol: 'mqtts', host: 'c', port: 8883 },
    ]);
    expect(options).toMatchObject({ protocol: 'mqtt', host: 'a', port: 1883 });
    expect(describeBrokers(options)).toBe('mqtt://a:1883, mqtts://b:8884, mqtt://[::1]:1999, mqtts://c:8883');
  });

  it('takes an array as well as a string', () => {
    expect(brokerConnectOptions(['ws://a:8080/mqtt', 'wss://b/mqtt'])).toEqual({
      servers: [
        { protocol: 'ws', host: 'a', port: 8080 },
        { protocol: 'wss', host: 'b', port: 443 },
      ],
      protocol: 'ws',
      host: 'a',
      port: 8080,
      path: '/mqtt',
    });
  });

  it('takes credentials written into the URLs when every URL has the same', () => {
    expect(brokerConnectOptions('mqtt://gw:p%40ss@a,mqtt://gw:p%40ss@b')).toMatchObject({
      username: 'gw',
      password: 'p@ss',
    });
  });

  it.each([
    ['', 'expected one or more broker URLs'],
    ['mqtt://a,', 'an empty URL in the list'],
    ['a:1883', 'expected mqtt://, mqtts://, ws:// or wss://'],
    ['localhost', 'is not a URL'],
    ['http://a:80', 'expected mqtt://, mqtts://, ws:// or wss://'],
    ['mqtt://a/b', 'an mqtt:// URL has no path'],
    ['mqtt://a?clientId=x', 'a query or fragment is not taken'],
    ['mqtt://a,ws://b', 'mix of WebSocket'],
    ['ws://a/mqtt,ws://b/other', 'every WebSocket URL needs the same path'],
    ['mqtt://u:1@a,mqtt://u:2@b', 'different user names or passwords'],
  ])('refuses %j, naming the option', (value, why) => {
    let error: unknown;
    try {
      brokerConnectOptions(value, '--broker');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BrokerUrlError);
    expect((error as BrokerUrlError).option).toBe('--broker');
    expect((error as Error).message).toMatch(/^--broker: /);
    expect((error as Error).message).toContain(why);
  });

  it('never repeats a password in an error', () => {
    expect(() => brokerConnectOptions('mqtt://gw:secret@a,http://gw:secret@b')).toThrow(/\*\*\*@b/);
    expect(() => brokerConnectOptions('mqtt://gw:secret@a,http://gw:secret@b')).not.toThrow(/secret/);
  });
});
