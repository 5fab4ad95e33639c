import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema, LoginBodySchema, LoginReplySchema, MeSchema } from '@louyu/core';
import { accountOf } from '../auth/plugin.ts';
import { meOf } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { failures } from '../errors.ts';
import { authErrors, bearer } from './params.ts';

/** `POST /api/auth/login` (rate-limited per client address) and `GET /api/me`. */
export const authRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: ctx.options.loginMax, timeWindow: ctx.options.loginWindowMs } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; returns a bearer token for REST and socket.io',
        body: LoginBodySchema,
        response: { 200: LoginReplySchema, 401: ApiErrorSchema, 429: ApiErrorSchema },
      },
    },
    async (request) => {
      const user = await app.users.verify(request.body.username, request.body.password);
      if (!user) throw failures.badLogin();
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
