// `--mqtt-url` takes a comma list of brokers (issue 17, item 4): the worker fails over along it.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@louyu/core';
import { ingestRunOptions } from '../src/cli-options.ts';

describe('ingest --mqtt-url', () => {
  it('takes one broker or a comma list, as given', () => {
    for (const url of [
      'mqtt://a:1883',
      'mqtt://a:1883,mqtt://b:1883',
      'mqtts://a, mqtts://b:8884',
      'tcp://a',
    ]) {
      expect(ingestRunOptions({ 'mqtt-url': url }).ingest.mqtt?.url).toBe(url);
    }
    expect(ingestRunOptions({ 'mqtt-url': 'ws://a/mqtt,wss://b/mqtt' }).ingest.mqtt?.url).toBe(
      'ws://a/mqtt,wss://b/mqtt',
    );
  });

  it.each([
    ['mqtt://a,', 'an empty URL in the list'],
    ['mqtt://a,http://b', 'expected mqtt://, mqtts://, ws:// or wss://'],
    ['mqtt://a,ws://b', 'mix of WebSocket'],
    ['a:1883', 'expected mqtt://'],
  ])('refuses %j, naming --mqtt-url', (url, why) => {
    let error: unknown;
    try {
      ingestRunOptions({ 'mqtt-url': url });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe('--mqtt-url');
    expect((error as Error).message).toContain(why);
  });
});
