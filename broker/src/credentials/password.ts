// Passwords of MQTT accounts: the one password module of Louyu, shared with the dashboard's users.
export {
  DECOY_HASH,
  generatePassword,
  hashGeneratedSecret,
  hashPassword,
  issuePassword,
  verifyPassword,
  type GeneratedSecretHash,
  type PasswordHash,
  type ScryptHash,
} from '@louyu/core/password';
