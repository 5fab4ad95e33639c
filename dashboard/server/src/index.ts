// The Louyu dashboard server: build it with `buildApp`, listen from the CLI.
export { buildApp } from './app.ts';
export { DEFAULT_OPTIONS, type AppDeps, type AppOptions } from './options.ts';
export { LiveState } from './live/live-state.ts';
export { InProcessSource, type LiveSink, type LiveSource } from './live/source.ts';
export { MqttSource, type MqttSourceOptions } from './live/mqtt-source.ts';
export { AlarmService } from './alarms/alarm-service.ts';
export {
  canSeeBuilding,
  createUserRecord,
  DEMO_PASSWORD,
  demoUsers,
  type NewUser,
  type UserRecord,
} from './auth/users.ts';
export { addUserToFile, loadUsersFile } from './auth/users-file.ts';
export { UserDirectory } from './auth/user-directory.ts';
export { hashPassword, verifyPassword } from './auth/password.ts';
export { parseTrustProxy, type TrustProxy } from './trust-proxy.ts';
// Its `declare module 'fastify'` gives `app.metrics` its type where the compiled package is used.
export type { DashboardMetrics } from './plugins/metrics.ts';
