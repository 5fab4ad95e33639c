import type { Message } from 'mqemitter';

/**
 * A message forwarded to other nodes over Redis: a 4-byte length, a JSON header (the sending node and the
 * packet's fields but its payload) and the payload as it is. Cheaper than msgpack for aedes' packets,
 * whose fields are a few strings, numbers and booleans (MQTT 3.1.1: no properties with binary values);
 * only Louyu nodes read it.
 */
export function encodeForward(origin: string, packet: Message): Buffer {
  const { payload, ...fields } = packet as Message & { payload?: Buffer | string };
  const header = Buffer.from(JSON.stringify({ o: origin, p: fields }));
  const body = typeof payload === 'string' ? Buffer.from(payload) : (payload ?? Buffer.alloc(0));
  const out = Buffer.allocUnsafe(4 + header.length + body.length);
  out.writeUInt32BE(header.length, 0);
  header.copy(out, 4);
  body.copy(out, 4 + header.length);
  return out;
}

/** The sending node and the packet of {@link encodeForward}'s output, or null for anything else. */
export function decodeForward(buffer: Buffer): { origin: string; packet: Message } | null {
  if (buffer.length < 4) return null;
  const headerLength = buffer.readUInt32BE(0);
  if (4 + headerLength > buffer.length) return null;
  try {
    const { o, p } = JSON.parse(buffer.toString('utf8', 4, 4 + headerLength)) as {
      o: string;
      p: Message;
    };
    // A copy: the payload outlives ioredis' read buffer.
    const payload = Buffer.from(buffer.subarray(4 + headerLength));
    return { origin: o, packet: { ...p, payload } };
  } catch {
    return null;
  }
}
