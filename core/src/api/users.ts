import Type from 'typebox';
import { ROLES } from './auth.ts';

// The users page and the audit log (admins only): what the browser and the server agree on.

const Username = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' });
const BuildingId = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' });
/** At least 8 characters, as `louyu users add` asks. */
const Password = Type.String({ minLength: 8, maxLength: 256 });

/** A dashboard user as admins see it: never the password hash. */
export const UserViewSchema = Type.Object({
  username: Type.String(),
  name: Type.String(),
  role: Type.Enum(ROLES),
  /** The buildings a manager looks after (empty for the other roles, who see every building). */
  buildings: Type.Array(Type.String()),
  disabled: Type.Boolean(),
});
export type UserView = Type.Static<typeof UserViewSchema>;

/** `POST /api/users` body. */
export const NewUserBodySchema = Type.Object(
  {
    username: Username,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    role: Type.Enum(ROLES),
    buildings: Type.Optional(Type.Array(BuildingId, { maxItems: 1000 })),
    password: Password,
  },
  { additionalProperties: false },
);
export type NewUserBody = Type.Static<typeof NewUserBodySchema>;

/** `PATCH /api/users/{username}` body: what changes (a new password is the admin's reset). */
export const UserPatchBodySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    role: Type.Optional(Type.Enum(ROLES)),
    buildings: Type.Optional(Type.Array(BuildingId, { maxItems: 1000 })),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserPatchBody = Type.Static<typeof UserPatchBodySchema>;

/** What the audit log records. */
export const AUDIT_ACTIONS = [
  'login.ok',
  'login.failed',
  'alarm.ack',
  'alarm.assign',
  'alarm.shelve',
  'alarm.unshelve',
  'tenancy.entry',
  'user.create',
  'user.change',
  'user.disable',
  'user.enable',
  'user.password',
  'notification.channel',
  'notification.rule',
  'notification.report',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One audit record: who did what to what, from where. */
export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  /** UTC ms. */
  ts: Type.Integer(),
  /** The signed-in user, or the name tried at a failed sign-in. */
  actor: Type.String(),
  action: Type.Enum(AUDIT_ACTIONS),
  /** What was acted on: an alarm id, a building, a username, a rule id ('' when nothing). */
  target: Type.String(),
  /** Further facts (an ack comment, the changed fields), never a password. */
  detail: Type.String(),
  ip: Type.String(),
});
export type AuditEntry = Type.Static<typeof AuditEntrySchema>;

/** `GET /api/audit` and `/api/audit.csv` query. */
export const AuditQuerySchema = Type.Object(
  {
    /** UTC ms, inclusive. */
    from: Type.Optional(Type.Integer({ minimum: 0 })),
    /** UTC ms, exclusive. */
    to: Type.Optional(Type.Integer({ minimum: 0 })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    action: Type.Optional(Type.Enum(AUDIT_ACTIONS)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Type.Static<typeof AuditQuerySchema>;
