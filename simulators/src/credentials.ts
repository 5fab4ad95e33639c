import { readFile } from 'node:fs/promises';

/** Where a gateway's password comes from: a map building -> password, or a function. */
export type Credentials = Readonly<Record<string, string>> | ((building: string) => string | undefined);

/** Gateways log in as `{prefix}{building}`: `gw-` by convention, matching the broker's device accounts. */
export const DEFAULT_USERNAME_PREFIX = 'gw-';

/** The password of one building's gateway; throws naming the building when there is none. */
export function passwordFor(credentials: Credentials, building: string): string {
  const password = typeof credentials === 'function' ? credentials(building) : credentials[building];
  if (typeof password !== 'string' || password.length === 0) {
    throw new Error(`credentials: no password for the gateway of building "${building}"`);
  }
  return password;
}

/**
 * Reads a credentials file: a JSON object mapping building ids to gateway passwords. Errors name the file
 * and the entry at fault (`--credentials`).
 */
export async function loadCredentialsFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`--credentials: cannot read ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`--credentials: ${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`--credentials: ${path} must hold a JSON object {"building-id": "password"}`);
  }
  const out: Record<string, string> = {};
  for (const [building, password] of Object.entries(value)) {
    if (typeof password !== 'string' || password.length === 0) {
      throw new Error(`--credentials: ${path}: the password of "${building}" must be a non-empty string`);
    }
    out[building] = password;
  }
  return out;
}
