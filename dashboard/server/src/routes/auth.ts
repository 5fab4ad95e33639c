import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema, LoginBodySchema, LoginReplySchema, MeSchema } from '@louyu/core';
import { LoginLimiter } from '../auth/login-limits.ts';
import { accountOf } from '../auth/plugin.ts';
import { meOf } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { ApiFailure, failures } from '../errors.ts';
import { authErrors, bearer } from './params.ts';

/**
 * `POST /api/auth/login` and `GET /api/me`. Login is limited per account with back-off and per client address
 * by the accounts it fails on (auth/login-limits.ts), under a per-address request cap (`loginMax`).
 */
export const authRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  const o = ctx.options;
  const limiter = new LoginLimiter({
    accountFailures: o.loginAccountFailures,
    backoffMs: o.loginBackoffMs,
    backoffMaxMs: o.loginBackoffMaxMs,
    addressAccounts: o.loginAddressAccounts,
    addressWindowMs: o.loginAddressWindowMs,
    tracked: o.loginTracked,
    now: o.now,
    isKnown: (username) => app.users.find(username) !== undefined,
  });
  app.post(
    '/api/auth/login',
    {
      config: {
        rateLimit: {
          max: o.loginMax,
          timeWindow: o.loginWindowMs,
          errorResponseBuilder: (_request, context) =>
            new ApiFailure(
              429,
              'LOUYU_LOGIN_FLOOD',
              `too many sign-in attempts from this address: try again in ${Math.max(1, Math.ceil(context.ttl / 1000))} s`,
            ),
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; returns a bearer token for REST and socket.io',
        body: LoginBodySchema,
        response: { 200: LoginReplySchema, 401: ApiErrorSchema, 429: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const attempt = limiter.begin(request.body.username, request.ip);
      if (!attempt.ok) {
        void reply.header('retry-after', String(attempt.retryAfterS));
        throw new ApiFailure(429, attempt.code, attempt.message);
      }
      const { username } = request.body;
      const user = await app.users.verify(username, request.body.password);
      if (!user) {
        attempt.failed();
        // The name tried, never the password (a password typed into the name field is the risk taken).
        ctx.audit.record({ actor: username, action: 'login.failed', target: username, ip: request.ip });
        throw failures.badLogin();
      }
      attempt.succeeded();
      ctx.audit.record({ actor: user.username, action: 'login.ok', target: user.username, ip: request.ip });
      const { token, expiresAt } = app.issueToken(user);
      return { token, expires_at: expiresAt, user: meOf(user, ctx.registry) };
    },
  );

  app.get(
    '/api/me',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        security: bearer,
        response: { 200: MeSchema, ...authErrors },
      },
    },
    (request) => meOf(accountOf(request), ctx.registry),
  );
  done();
};
