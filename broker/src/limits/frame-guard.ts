import type { Duplex } from 'node:stream';
import { readGateOf } from './read-gate.ts';

/**
 * Follows MQTT fixed headers through a byte stream and reports a packet whose declared length is over
 * `max`, as soon as its length field arrives, before its body is buffered.
 */
export class FrameScanner {
  #inBody = false;
  #inLength = false;
  #remaining = 0;
  #length = 0;
  #multiplier = 1;
  #lengthBytes = 0;
  /** A PUBLISH has come through (this connection is a publisher). */
  published = false;

  constructor(private readonly max: number) {}

  /** Scans one chunk; returns the offending declared length, or -1 when every frame is within bounds. */
  scan(chunk: Buffer): number {
    let i = 0;
    while (i < chunk.length) {
      if (this.#inBody) {
        const skip = Math.min(this.#remaining, chunk.length - i);
        i += skip;
        this.#remaining -= skip;
        if (this.#remaining === 0) this.#inBody = false;
        continue;
      }
      const byte = chunk[i++] as number;
      if (!this.#inLength) {
        // First byte: packet type and flags. The remaining length follows.
        if (byte >> 4 === 3) this.published = true;
        this.#inLength = true;
        this.#length = 0;
        this.#multiplier = 1;
        this.#lengthBytes = 0;
        continue;
      }
      this.#length += (byte & 0x7f) * this.#multiplier;
      this.#multiplier *= 128;
      this.#lengthBytes++;
      if (this.#length > this.max) return this.#length;
      if (byte & 0x80) {
        // [MQTT-2.2.3] the remaining length takes at most 4 bytes; aedes' parser rejects more itself.
        if (this.#lengthBytes === 4) return -1;
        continue;
      }
      this.#inLength = false;
      this.#remaining = this.#length;
      this.#inBody = this.#remaining > 0;
    }
    return -1;
  }
}

/**
 * Bounds what one connection can make the broker buffer. aedes (mqtt-packet) accepts packets of any
 * length up to the protocol's 256 MiB and holds a packet whole before any hook sees it, so a single
 * client could exhaust memory. aedes reads its socket only through `read()`, which is where this looks
 * at the bytes, so there is no extra stream in the path: a frame over `maxFrameBytes` destroys the
 * socket (aedes then closes the client as for any broken link).
 *
 * It is also where a publisher stops being read while the broker holds back publishes (read-gate.ts):
 * a connection that has sent a PUBLISH gets nothing from `read()` while its broker's gate is closed, so
 * aedes neither parses nor acknowledges more of its packets; connections that only subscribe (ingest
 * and its PUBACKs) are read as ever.
 */
export function guardFrames(
  socket: Duplex,
  maxFrameBytes: number,
  onViolation: (declared: number) => void,
): void {
  const scanner = new FrameScanner(maxFrameBytes);
  const read = socket.read.bind(socket);
  socket.read = (size?: number) => {
    if (scanner.published) {
      const gate = readGateOf(socket);
      if (gate?.closed) {
        gate.starve(socket);
        return null;
      }
    }
    const chunk = read(size) as Buffer | string | null;
    if (chunk === null || typeof chunk === 'string') return chunk;
    const declared = scanner.scan(chunk);
    if (declared < 0) return chunk;
    onViolation(declared);
    socket.destroy(new Error(`MQTT packet of ${declared} bytes is over the ${maxFrameBytes}-byte limit`));
    return null;
  };
}

/** The largest packet to accept: the payload limit plus the most a topic and header can add. */
export function maxFrameBytes(maxPayloadBytes: number): number {
  // 2-byte topic length + a topic of up to 65,535 bytes + a 2-byte packet id.
  return maxPayloadBytes + 2 + 65_535 + 2;
}
