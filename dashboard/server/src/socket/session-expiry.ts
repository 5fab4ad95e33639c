import type { FastifyInstance } from 'fastify';
import type { SocketErrorMessage } from '@louyu/core';
import type { LiveServer } from './plugin.ts';

/** setTimeout's longest delay; a longer session is re-armed when it fires. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export const SESSION_EXPIRED: SocketErrorMessage = {
  code: 'unauthorized',
  message: 'the session has expired: sign in again',
};

/**
 * A socket lives no longer than the session token it connected with (issue 15, item 7): at the token's
 * `exp` (on the app's clock) the server sends `denied` (`unauthorized`, the session has expired) and closes
 * the socket, so the web app signs in again. The handshake already refused an invalid or expired token;
 * this only reads the `exp` of the one that was accepted.
 */
export function closeSocketsAtExpiry(io: LiveServer, app: FastifyInstance, now: () => number): void {
  io.on('connection', (socket) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const claims = typeof token === 'string' ? app.jwt.decode<{ exp?: unknown }>(token) : null;
    const expiresAt = typeof claims?.exp === 'number' ? claims.exp * 1000 : 0;
    let timer: NodeJS.Timeout | undefined;
    const check = (): void => {
      const left = expiresAt - now();
      if (left > 0) {
        // Checked again when it fires: the app's clock need not be the wall clock.
        timer = setTimeout(check, Math.min(left, MAX_DELAY_MS));
        timer.unref();
        return;
      }
      socket.emit('denied', SESSION_EXPIRED);
      socket.disconnect(true);
    };
    socket.on('disconnect', () => clearTimeout(timer));
    check();
  });
}
