// @louyu/broker: the district's MQTT front door (aedes with Louyu's accounts, ACL and limits).
export {
  createBroker,
  startBroker,
  type BrokerOptions,
  type LouyuBroker,
  type RunningBroker,
} from './broker.ts';
export type { BrokerPorts } from './listeners.ts';
export {
  resolveBrokerConfig,
  BrokerConfigError,
  DEFAULT_BROKER_CONFIG,
  type BrokerConfig,
  type BrokerConfigInput,
  type RateLimitConfig,
  type TlsConfig,
} from './config.ts';
export type { OnPublish, OnRefused } from './context.ts';
export { BrokerMetrics, type RefusalReason } from './metrics.ts';
export { DROP_TOPIC } from './acl/drop.ts';
export { publishDenial, maySubscribe, mayReceive } from './acl/rules.ts';
export type { Identity } from './identity.ts';
export {
  CredentialStore,
  verifyCredential,
  ROLES,
  type Credential,
  type CredentialSource,
  type CredentialsDocument,
  type Role,
} from './credentials/store.ts';
export { loadCredentials, saveCredentials, WatchedCredentialsFile } from './credentials/file.ts';
export {
  hashPassword,
  hashGeneratedSecret,
  issuePassword,
  verifyPassword,
  generatePassword,
  type PasswordHash,
} from './credentials/password.ts';
export {
  addCredential,
  rotateCredential,
  revokeCredential,
  listCredentials,
  type AddCredentialOptions,
  type IssuedCredential,
  type CredentialSummary,
} from './credentials/manage.ts';
