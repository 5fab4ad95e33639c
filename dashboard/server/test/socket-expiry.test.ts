// Issue 15 item 7: a socket.io connection lasts no longer than the session token it was opened with. The
// server tells the client why (`denied` with code `unauthorized`) and closes it at the token's `exp`.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SocketErrorMessage } from '@louyu/core';
import { POLL } from '../../../tests/harness/until.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { openSocket, type TestSocket } from './helpers/sockets.ts';

describe('a socket past its token', () => {
  let t: TestApp;
  let url: string;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    // Two-second sessions (at least one left after the login) on the real clock: the token runs out while the socket is open.
    t = await startTestApp({ tokenTtlS: 2, now: () => Date.now() });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.dispose();
  });

  it('is told its session expired and is closed by the server', async () => {
    const { socket, seen } = await openSocket(url, await t.token('district'));
    sockets.push(socket);
    expect(socket.connected).toBe(true);
    let reason: string | undefined;
    socket.on('disconnect', (why) => (reason = why));
    await expect.poll(() => reason, POLL).toBe('io server disconnect');
    expect(seen.denied).toContainEqual<SocketErrorMessage>({
      code: 'unauthorized',
      message: 'the session has expired: sign in again',
    });
  });

  it('cannot connect again with the expired token', async () => {
    const token = await t.token('district');
    await expect.poll(() => t.app.userFromToken(token), POLL).toBeUndefined();
    await expect(openSocket(url, token)).rejects.toThrow(/unauthorized/);
  });
});
