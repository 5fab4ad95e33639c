import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  ApiErrorSchema,
  NewUserBodySchema,
  UserPatchBodySchema,
  UserViewSchema,
  type AuditAction,
  type UserPatchBody,
  type UserView,
} from '@louyu/core';
import { hashPassword } from '../auth/password.ts';
import { assertRole } from '../auth/plugin.ts';
import { checkBuildings, type UserRecord } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { ApiFailure } from '../errors.ts';
import { authErrors, bearer } from './params.ts';

const UsernameParams = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' }) },
  { additionalProperties: false },
);

const viewOf = (user: UserRecord): UserView => ({
  username: user.username,
  name: user.name,
  role: user.role,
  buildings: user.buildings,
  disabled: user.disabled === true,
});

const isActiveAdmin = (user: UserRecord): boolean => user.role === 'admin' && !user.disabled;

/** Which audit action a change is: disabling and password resets stand out from other changes. */
function actionOf(patch: UserPatchBody): AuditAction {
  if (patch.disabled === true) return 'user.disable';
  if (patch.disabled === false) return 'user.enable';
  if (patch.password !== undefined && Object.keys(patch).length === 1) return 'user.password';
  return 'user.change';
}

/** The change without the password: what the audit log may keep. */
function describe(patch: Omit<UserPatchBody, 'password'>, passwordSet: boolean): string {
  return JSON.stringify({ ...patch, ...(passwordSet ? { password: '(reset)' } : {}) });
}

/**
 * `GET`/`POST /api/users` and `PATCH /api/users/{username}`: admins manage the dashboard's users (role,
 * buildings, password reset, disable) in the same users file as `louyu users add`. The last active admin
 * cannot be disabled or given another role, so the district never locks itself out.
 */
export const userRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preHandler', async (request) => {
    assertRole(request, 'admin');
    await Promise.resolve();
  });
  /**
   * Ends a disabled user's live connections (on every node, through the Redis adapter in scale-out), as
   * REST refuses their token from the next request: the socket would otherwise stream until it expires.
   */
  const closeSockets = async (username: string): Promise<void> => {
    try {
      for (const socket of await app.io.fetchSockets())
        if ((socket.data as { user?: UserRecord }).user?.username === username) socket.disconnect(true);
    } catch (error) {
      app.log.warn({ err: error, username }, 'could not close the disabled user’s live connections');
    }
  };
  const bad = (code: string, why: string) => new ApiFailure(400, code, why);
  /** The registry's and the role's rules for buildings, as a 400 naming the problem. */
  const buildingsFor = (role: UserRecord['role'], buildings: string[]): string[] => {
    // Only managers are limited to buildings; the other roles see every building whatever is listed.
    const kept = role === 'manager' ? buildings : [];
    try {
      checkBuildings(role, kept, ctx.registry);
    } catch (error) {
      throw bad('LOUYU_BAD_BUILDINGS', (error as Error).message.replace(' (--building)', ''));
    }
    return kept;
  };

  app.get(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'The dashboard users (admins only)',
        security: bearer,
        response: { 200: Type.Array(UserViewSchema), ...authErrors },
      },
    },
    () => app.users.list().map(viewOf),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Add a user (admins only); written to the users file like `louyu users add`',
        security: bearer,
        body: NewUserBodySchema,
        response: { 200: UserViewSchema, 400: ApiErrorSchema, ...authErrors, 409: ApiErrorSchema },
      },
    },
    async (request) => {
      const input = request.body;
      const buildings = buildingsFor(input.role, input.buildings ?? []);
      const password = await hashPassword(input.password);
      const record = await app.users.write(input.username, (current) => {
        if (current)
          throw new ApiFailure(409, 'LOUYU_USER_EXISTS', `user "${input.username}" already exists`);
        return {
          username: input.username,
          name: input.name ?? input.username,
          role: input.role,
          buildings,
          password,
        };
      });
      ctx.audit.record({
        actor: request.account?.username ?? '',
        action: 'user.create',
        target: record.username,
        detail: JSON.stringify({ role: record.role, buildings: record.buildings, name: record.name }),
        ip: request.ip,
      });
      return viewOf(record);
    },
  );

  app.patch(
    '/api/users/:username',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user: name, role, buildings, disabled, or a new password (admins only)',
        security: bearer,
        params: UsernameParams,
        body: UserPatchBodySchema,
        response: {
          200: UserViewSchema,
          400: ApiErrorSchema,
          ...authErrors,
          404: ApiErrorSchema,
          409: ApiErrorSchema,
        },
      },
    },
    async (request) => {
      const { username } = request.params;
      const { password, ...patch } = request.body;
      const hashed = password === undefined ? undefined : await hashPassword(password);
      const record = await app.users.write(username, (current, all) => {
        if (!current) throw new ApiFailure(404, 'LOUYU_UNKNOWN_USER', `user "${username}" does not exist`);
        const role = patch.role ?? current.role;
        const next: UserRecord = {
          ...current,
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          role,
          buildings:
            patch.buildings !== undefined || patch.role !== undefined
              ? buildingsFor(role, patch.buildings ?? current.buildings)
              : current.buildings,
          ...(hashed !== undefined ? { password: hashed } : {}),
        };
        if (patch.disabled === true) next.disabled = true;
        else if (patch.disabled === false) delete next.disabled;
        if (isActiveAdmin(current) && !isActiveAdmin(next) && all.filter(isActiveAdmin).length <= 1)
          throw new ApiFailure(
            409,
            'LOUYU_LAST_ADMIN',
            `"${username}" is the last active admin: make another user admin first`,
          );
        return next;
      });
      if (record.disabled) await closeSockets(username);
      ctx.audit.record({
        actor: request.account?.username ?? '',
        action: actionOf(request.body),
        target: username,
        detail: describe(patch, password !== undefined),
        ip: request.ip,
      });
      return viewOf(record);
    },
  );
  done();
};
