// Accounts for the bench's gateways and services. The broker stores scrypt hashes with their parameters and
// verifies with the stored ones; the bench hashes with N=16 instead of the production 2^14 so that opening a
// thousand connections measures the broker, not a thousand 16 MiB key derivations (tens of seconds here).
import { randomBytes, scryptSync } from 'node:crypto';
import type { Credential, CredentialsDocument, PasswordHash } from '@louyu/broker';

const BENCH_SCRYPT = { N: 16, r: 8, p: 1 } as const;

function cheapHash(password: string): PasswordHash {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, BENCH_SCRYPT);
  return {
    algorithm: 'scrypt',
    ...BENCH_SCRYPT,
    salt: salt.toString('base64'),
    hash: hash.toString('base64'),
  };
}

/** A credentials document and the passwords that go with it. */
export interface BenchAccounts {
  document: CredentialsDocument;
  /** Gateway username for a building. */
  gateway(building: string): { username: string; password: string };
  service: { username: string; password: string };
}

/** One gateway account per building, plus a service account that may subscribe to everything. */
export function benchAccounts(buildings: readonly string[]): BenchAccounts {
  const createdAt = new Date(0).toISOString();
  const password = (name: string) => `bench-${name}-secret`;
  const credentials: Credential[] = buildings.map((b) => ({
    username: `gw-${b}`,
    role: 'gateway',
    building: b,
    password: cheapHash(password(`gw-${b}`)),
    createdAt,
  }));
  credentials.push({
    username: 'bench-service',
    role: 'service',
    password: cheapHash(password('svc')),
    createdAt,
  });
  return {
    document: { version: 1, credentials },
    gateway: (building) => ({ username: `gw-${building}`, password: password(`gw-${building}`) }),
    service: { username: 'bench-service', password: password('svc') },
  };
}
