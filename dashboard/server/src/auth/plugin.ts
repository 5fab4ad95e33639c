import fastifyJwt from '@fastify/jwt';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@louyu/core';
import { failures } from '../errors.ts';
import type { UserDirectory } from './user-directory.ts';
import { canSeeBuilding, type UserRecord } from './users.ts';

/** What a session token carries: who, and nothing that could go stale (buildings are looked up each time). */
export interface SessionClaims {
  sub: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, set by `app.authenticate`. */
    account: UserRecord | null;
  }
  interface FastifyInstance {
    /** preHandler: 401 unless the request carries a valid, unexpired token of a known, enabled user. */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Signs a session token for `user`; returns it with its expiry (UTC ms). */
    issueToken: (user: UserRecord) => { token: string; expiresAt: number };
    /** Resolves a raw token to its user (socket.io handshake), or undefined. */
    userFromToken: (token: string) => UserRecord | undefined;
    users: UserDirectory;
  }
}

export interface AuthPluginOptions {
  users: UserDirectory;
  secret: string;
  tokenTtlS: number;
  now: () => number;
}

/** JWT sessions: signing, verifying, and the `authenticate` preHandler. */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, { users, secret, tokenTtlS, now }) => {
    await app.register(fastifyJwt, {
      secret,
      sign: { algorithm: 'HS256' },
      verify: { algorithms: ['HS256'] },
    });
    app.decorate('users', users);
    app.decorateRequest('account', null);

    // Expiry is checked against the app's clock (so simulated time and tests agree), not only jwt's own.
    const userOf = (claims: unknown): UserRecord | undefined => {
      const c = claims as { sub?: unknown; exp?: unknown };
      if (typeof c.sub !== 'string' || typeof c.exp !== 'number' || c.exp * 1000 <= now()) return undefined;
      // Looked up on every request, so a user an admin disables loses their sessions at the next one.
      const user = users.find(c.sub);
      return user?.disabled ? undefined : user;
    };

    app.decorate('issueToken', (user: UserRecord) => {
      const expiresAt = Math.floor(now() / 1000 + tokenTtlS) * 1000;
      const token = app.jwt.sign(
        { sub: user.username, iat: Math.floor(now() / 1000), exp: expiresAt / 1000 },
        {
          clockTimestamp: now(),
        } as object,
      );
      return { token, expiresAt };
    });

    app.decorate('userFromToken', (token: string) => {
      try {
        return userOf(app.jwt.verify(token, { clockTimestamp: now() } as object));
      } catch {
        return undefined;
      }
    });

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (!header?.startsWith('Bearer ')) throw failures.unauthorized();
      const user = app.userFromToken(header.slice('Bearer '.length).trim());
      if (!user) throw failures.unauthorized('the session token is invalid or has expired: sign in again');
      // A viewer (the wall display's long-lived account) only reads: one rule here covers every route.
      if (user.role === 'viewer' && request.method !== 'GET' && request.method !== 'HEAD')
        throw failures.forbiddenRole('district, manager or admin');
      request.account = user;
      await Promise.resolve();
    });
  },
  { name: 'louyu-auth' },
);

/** The signed-in user of a request that passed `authenticate`. */
export function accountOf(request: FastifyRequest): UserRecord {
  if (!request.account) throw failures.unauthorized();
  return request.account;
}

/** 403 unless the request's user may see `building`. */
export function assertBuilding(request: FastifyRequest, building: string): UserRecord {
  const user = accountOf(request);
  if (!canSeeBuilding(user, building)) throw failures.forbiddenBuilding(building);
  return user;
}

/** 403 unless the request's user has one of `roles`. */
export function assertRole(request: FastifyRequest, ...roles: Role[]): UserRecord {
  const user = accountOf(request);
  if (!roles.includes(user.role)) throw failures.forbiddenRole(roles.join(' or '));
  return user;
}
