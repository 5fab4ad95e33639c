import { readFile } from 'node:fs/promises';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Aedes } from 'aedes';
import { createServer as createMqttServer } from 'aedes-server-factory';
import type { BrokerConfig } from './config.ts';
import { guardFrames, maxFrameBytes } from './limits/frame-guard.ts';

/** The ports the listeners actually bound (useful when the config asked for port 0). */
export interface BrokerPorts {
  mqtt: number;
  tls: number | null;
  ws: number | null;
}

/** Open listeners. */
export interface Listeners {
  ports: BrokerPorts;
  /**
   * Stops accepting, runs `beforeDrop` (the broker closes its MQTT clients there, with their wills),
   * then drops whatever connections remain (e.g. sockets that never sent CONNECT).
   */
  close(beforeDrop?: () => Promise<void>): Promise<void>;
}

/**
 * Opens the TCP listener and, when configured, TLS and WebSocket ones. All hand their connections to
 * the same aedes instance, so they share authentication, ACL and limits.
 */
export async function openListeners(
  broker: Aedes,
  config: BrokerConfig,
  onOversizeFrame: (declared: number) => void,
): Promise<Listeners> {
  const maxFrame = maxFrameBytes(config.maxPayloadBytes);
  const accept = (socket: Duplex, req?: IncomingMessage) => {
    guardFrames(socket, maxFrame, onOversizeFrame);
    broker.handle(socket, req);
  };
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const track = (server: Server) => {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    servers.push(server);
  };
  try {
    // TCP_NODELAY: telemetry is small messages; Nagle adds ~10 ms per hop (STACK.md "Nagle").
    const tcp = createNetServer({ noDelay: true }, accept);
    track(tcp);
    const mqtt = await listen(tcp, config.host, config.mqttPort);

    let tls: number | null = null;
    if (config.tls) {
      const [cert, key] = await Promise.all([readFile(config.tls.certFile), readFile(config.tls.keyFile)]);
      const server = createTlsServer({ cert, key }, (socket) => {
        socket.setNoDelay(true);
        accept(socket);
      });
      track(server);
      tls = await listen(server, config.host, config.tls.port);
    }

    let ws: number | null = null;
    if (config.wsPort !== null) {
      // The factory only calls `handle`, so the WebSocket streams pass the same frame guard.
      // (ws itself still buffers a whole WebSocket message, up to its 100 MiB default, before that.)
      const server = createMqttServer({ handle: accept } as unknown as Aedes, { ws: true }) as HttpServer;
      track(server);
      ws = await listen(server, config.host, config.wsPort);
    }

    return { ports: { mqtt, tls, ws }, close: (beforeDrop) => closeAll(servers, sockets, beforeDrop) };
  } catch (err) {
    await closeAll(servers, sockets);
    throw err;
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function closeAll(
  servers: Server[],
  sockets: Set<Socket>,
  beforeDrop?: () => Promise<void>,
): Promise<void> {
  const closed = servers.map(
    (server) =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  );
  try {
    if (beforeDrop) await beforeDrop();
  } finally {
    for (const socket of sockets) socket.destroy();
    // An HTTP server (WebSocket) also holds idle keep-alive sockets of its own.
    for (const server of servers) (server as Partial<HttpServer>).closeAllConnections?.();
  }
  await Promise.all(closed);
}
