import { describe, expect, test } from 'vitest';
import { generate } from 'mqtt-packet';
import { FrameScanner } from '../src/limits/frame-guard.ts';

describe('FrameScanner', () => {
  const publish = (bytes: number) =>
    generate({
      cmd: 'publish',
      topic: 'a/b',
      payload: Buffer.alloc(bytes),
      qos: 0,
      retain: false,
      dup: false,
    });

  test('passes a stream of packets within the limit, however it is split', () => {
    const stream = Buffer.concat([
      publish(10),
      publish(200),
      publish(0),
      generate({ cmd: 'pingreq' }),
      publish(990),
    ]);
    for (const size of [1, 2, 3, 7, 64, stream.length]) {
      const scanner = new FrameScanner(1000);
      for (let i = 0; i < stream.length; i += size)
        expect(scanner.scan(stream.subarray(i, i + size))).toBe(-1);
    }
  });

  test('reports the first packet over the limit from its length field alone', () => {
    const big = publish(5000);
    const scanner = new FrameScanner(1000);
    expect(scanner.scan(publish(10))).toBe(-1);
    // Only the fixed header of the big packet: type byte and two length bytes.
    expect(scanner.scan(big.subarray(0, 3))).toBe(big.length - 3);
  });
});
