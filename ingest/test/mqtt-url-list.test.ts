// `--mqtt-url` takes a comma list of brokers (issue 17, item 4): the worker fails over along it.
import { describe, expect, it } from 'vitest';
import { parseIngestOptions } from '../src/cli-options.ts';
import { IngestConfigError } from '../src/config.ts';

describe('ingest --mqtt-url', () => {
  it('takes one broker or a comma list, as given', () => {
    for (const url of [
      'mqtt://a:1883',
      'mqtt://a:1883,mqtt://b:1883',
      'mqtts://a, mqtts://b:8884',
      'tcp://a',
    ]) {
      expect(parseIngestOptions(['--mqtt-url', url], {}).ingest.mqtt?.url).toBe(url);
    }
    expect(parseIngestOptions([], { LOUYU_MQTT_URL: 'ws://a/mqtt,wss://b/mqtt' }).ingest.mqtt?.url).toBe(
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
      parseIngestOptions(['--mqtt-url', url], {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IngestConfigError);
    expect((error as IngestConfigError).option).toBe('--mqtt-url');
    expect((error as Error).message).toContain(why);
  });
});
