// A minimal MQTT 3.1.1 publisher for load generation: CONNECT (with credentials), PUBLISH at QoS 0 or 1,
// PUBACKs matched by packet id, on a plain TCP socket, with mqtt-packet (the codec mqtt.js itself uses).
// It does what a gateway does on the wire and nothing else (no reconnect, no offline queue, no stores),
// so a generator process spends a few microseconds per message instead of mqtt.js's tens, and more of a
// small machine's cores go to the system being measured.
import { connect as connectTcp, type Socket } from 'node:net';
import mqttPacket, { type Packet } from 'mqtt-packet';

export interface LeanConnectOptions {
  host: string;
  port: number;
  clientId: string;
  username?: string;
  password?: string;
  keepalive?: number;
  noDelay?: boolean;
}

export class LeanMqttClient {
  private readonly acks = new Map<number, () => void>();
  private nextId = 1;
  private corked = false;
  private closed = false;

  private constructor(private readonly socket: Socket) {}

  /** Connects and resolves after a successful CONNACK; rejects with the broker's return code otherwise. */
  static connect(options: LeanConnectOptions): Promise<LeanMqttClient> {
    return new Promise((resolve, reject) => {
      const socket = connectTcp({
        host: options.host,
        port: options.port,
        noDelay: options.noDelay ?? false,
      });
      const client = new LeanMqttClient(socket);
      const parser = mqttPacket.parser({ protocolVersion: 4 });
      let connected = false;
      parser.on('packet', (packet: Packet) => {
        if (packet.cmd === 'puback') {
          const id = packet.messageId ?? 0;
          const done = client.acks.get(id);
          client.acks.delete(id);
          done?.();
        } else if (packet.cmd === 'connack' && !connected) {
          connected = true;
          if (packet.returnCode === 0) resolve(client);
          else reject(new Error(`CONNACK refused, return code ${packet.returnCode}`));
        }
      });
      parser.on('error', (error: Error) => socket.destroy(error));
      socket.on('data', (chunk: Buffer) => parser.parse(chunk));
      socket.on('error', (error) => {
        if (!connected) reject(error);
      });
      socket.on('close', () => {
        client.closed = true;
        if (!connected) reject(new Error('connection closed before CONNACK'));
      });
      socket.once('connect', () => {
        socket.write(
          mqttPacket.generate({
            cmd: 'connect',
            protocolId: 'MQTT',
            protocolVersion: 4,
            clean: true,
            clientId: options.clientId,
            keepalive: options.keepalive ?? 300,
            ...(options.username
              ? { username: options.username, password: Buffer.from(options.password ?? '') }
              : {}),
          }),
        );
      });
    });
  }

  /** Publishes; `done` runs on PUBACK (QoS 1) or once the packet is handed to the socket (QoS 0). */
  publish(topic: string, payload: Buffer, qos: 0 | 1, done: () => void): void {
    if (this.closed) return;
    // The packets of one tick go out in one write, as a gateway's buffered socket sends them.
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    if (qos === 0) {
      this.socket.write(
        mqttPacket.generate({ cmd: 'publish', topic, payload, qos: 0, dup: false, retain: false }),
      );
      done();
      return;
    }
    const messageId = this.nextId;
    this.nextId = this.nextId === 65_535 ? 1 : this.nextId + 1;
    this.acks.set(messageId, done);
    this.socket.write(
      mqttPacket.generate({ cmd: 'publish', topic, payload, qos: 1, messageId, dup: false, retain: false }),
    );
  }

  /** Sends DISCONNECT and closes the socket. */
  end(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end(mqttPacket.generate({ cmd: 'disconnect' }));
    });
  }
}
