// A TCP proxy in front of one loopback server that can hold back the server's answers to connections it
// accepts while holding, until released; connections it accepted before pass straight through. With it a
// test puts a client in the middle of a question at the moment something else happens (a Sentinel failover
// announced while a reconnecting client waits for its answer), every time, not by luck.
import { connect, createServer, type Socket } from 'node:net';

export interface HoldingProxy {
  port: number;
  /** From now on, answers to newly accepted connections are held back. */
  hold(): void;
  /** Sends every held answer and passes everything through from now on. */
  release(): void;
  close(): Promise<void>;
}

export async function startHoldingProxy(serverPort: number): Promise<HoldingProxy> {
  let holding = false;
  const held: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(serverPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    const heldHere: Buffer[] = [];
    let holdingHere = holding;
    if (holdingHere)
      held.push(() => {
        holdingHere = false;
        for (const chunk of heldHere.splice(0)) client.write(chunk);
      });
    upstream.on('data', (chunk: Buffer) => {
      if (holdingHere) return void heldHere.push(chunk);
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    hold: () => void (holding = true),
    release() {
      holding = false;
      for (const send of held.splice(0)) send();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
