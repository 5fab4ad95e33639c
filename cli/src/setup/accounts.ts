import { chmod, mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import {
  CredentialStore,
  generatePassword,
  hashGeneratedSecret,
  issuePassword,
  loadCredentials,
  saveCredentials,
} from '@louyu/broker';
import type { Registry } from '@louyu/core';
import { DEFAULT_USERNAME_PREFIX } from '@louyu/simulators';

/** The MQTT accounts the all-in-one stack needs, and where their files are. */
export interface LocalAccounts {
  /** Hashed accounts the broker checks (mode 0600). */
  credentialsFile: string;
  /** The simulated gateways' own passwords, in clear, for `louyu simulate --credentials` (mode 0600). */
  simulatorCredentialsFile: string;
  /** Service account for a dashboard or ingest run apart from the broker. */
  service: { username: string; password: string };
  /** True when this start created them (first run in this data folder). */
  created: boolean;
}

export const SERVICE_USERNAME = 'louyu-service';

/**
 * Makes sure every building of the registry has a gateway account and that a service account exists,
 * so `louyu start` works on a fresh data folder and keeps the same credentials on the next start.
 * Real gateways get their accounts from `louyu credentials add`; this is the simulated district's.
 */
export async function ensureLocalAccounts(
  dataDir: string,
  registry: Registry,
  /** The service account's password when the operator chose it (LOUYU_SERVICE_PASSWORD); generated otherwise. */
  chosenServicePassword?: string,
  /**
   * Whether the simulated district runs: only then are its gateway accounts made and their passwords kept
   * in clear for the simulator (`louyu start --no-simulator` leaves both alone, so real gateways' accounts
   * of the same names are never overwritten and no clear passwords are written).
   */
  simulated = true,
): Promise<LocalAccounts> {
  await mkdir(dataDir, { recursive: true });
  const credentialsFile = path.join(dataDir, 'credentials.json');
  const simulatorCredentialsFile = path.join(dataDir, 'simulator-credentials.json');
  const servicePasswordFile = path.join(dataDir, 'service-password');
  const store = await loadOrEmpty(credentialsFile);
  const clear = await readJson<Record<string, string>>(simulatorCredentialsFile, {});
  let servicePassword = await readText(servicePasswordFile);
  let created = false;

  // A simulated gateway's password is generated, so it is stored with the fast hash generated secrets
  // allow; accounts an earlier version stored with scrypt are rehashed from the password kept for the
  // simulator (one scrypt per gateway login made a restart of the district take seconds under load).
  const missing = (simulated ? registry.buildings : []).filter((b) => {
    const account = store.get(`${DEFAULT_USERNAME_PREFIX}${b.id}`);
    return !account || clear[b.id] === undefined || account.password.algorithm === 'scrypt';
  });
  for (const b of missing) {
    const password = clear[b.id] ?? generatePassword();
    clear[b.id] = password;
    const existing = store.get(`${DEFAULT_USERNAME_PREFIX}${b.id}`);
    store.put({
      username: `${DEFAULT_USERNAME_PREFIX}${b.id}`,
      role: 'gateway',
      building: b.id,
      password: hashGeneratedSecret(password),
      createdAt: existing?.createdAt ?? new Date().toISOString(),
    });
  }
  if (
    !servicePassword ||
    !store.get(SERVICE_USERNAME) ||
    (chosenServicePassword && chosenServicePassword !== servicePassword)
  ) {
    const issued = await issuePassword(chosenServicePassword);
    servicePassword = issued.password;
    store.put({
      username: SERVICE_USERNAME,
      role: 'service',
      password: issued.hash,
      createdAt: new Date().toISOString(),
    });
    await writeSecret(servicePasswordFile, servicePassword);
    created = true;
  }
  if (missing.length > 0 || created) {
    await saveCredentials(credentialsFile, store);
    if (simulated) await writeSecret(simulatorCredentialsFile, JSON.stringify(clear, null, 2));
    created = true;
  }
  return {
    credentialsFile,
    simulatorCredentialsFile,
    service: { username: SERVICE_USERNAME, password: servicePassword },
    created,
  };
}

async function loadOrEmpty(file: string): Promise<CredentialStore> {
  try {
    return await loadCredentials(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || /ENOENT|no such file/.test(String(error)))
      return new CredentialStore();
    throw error;
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function readJson<T>(file: string, fallback: T): Promise<T> {
  const text = await readText(file);
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(
      `${file} is not JSON (${(error as Error).message}); remove it and start again to recreate it`,
    );
  }
}

/** Writes a file only its owner can read, atomically (a crash never leaves half a secret). */
export async function writeSecret(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}
