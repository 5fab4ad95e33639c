// Passwords of dashboard users, in the users file's string form (`scrypt$N$r$p$salt$hash`): the one
// password module of Louyu, shared with the broker's MQTT accounts.
import { formatHash, hashPassword as hashRecord } from '@louyu/core/password';

export { verifyPassword } from '@louyu/core/password';

/** Hashes a password for the users file: `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  return formatHash(await hashRecord(password));
}
