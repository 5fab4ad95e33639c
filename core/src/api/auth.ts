import Type from 'typebox';

/**
 * Who a user is to Louyu: district staff see everything, managers their buildings, admins manage users too;
 * a viewer (the command centre's wall display) reads the district's pages and changes nothing.
 */
export const ROLES = ['district', 'manager', 'admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** `POST /api/auth/login` body. */
export const LoginBodySchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Type.Static<typeof LoginBodySchema>;

/** The signed-in user as the browser sees it (`GET /api/me`, and inside the login reply). */
export const MeSchema = Type.Object({
  username: Type.String(),
  name: Type.String(),
  role: Type.Enum(ROLES),
  /** The buildings this user may see: every building for district and admin users. */
  buildings: Type.Array(Type.String()),
});
export type Me = Type.Static<typeof MeSchema>;

/** `POST /api/auth/login` reply: a bearer token for REST and the socket.io handshake (`auth.token`). */
export const LoginReplySchema = Type.Object({
  token: Type.String(),
  /** UTC ms when the token stops being accepted. */
  expires_at: Type.Integer(),
  user: MeSchema,
});
export type LoginReply = Type.Static<typeof LoginReplySchema>;
