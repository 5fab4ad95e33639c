import type { Client } from 'aedes';

/** Who a connected client is, decided once at CONNECT. */
export type Identity =
  | { role: 'gateway'; username: string; building: string }
  | { role: 'service'; username: string }
  | { role: 'admin'; username: string }
  | { role: 'anonymous' };

// Keyed by aedes' Client object, so an identity dies with its connection.
const identities = new WeakMap<Client, Identity>();

export function setIdentity(client: Client, identity: Identity): void {
  identities.set(client, identity);
}

/** The identity of a client; a client that never authenticated has none and gets no rights. */
export function identityOf(client: Client | null): Identity | undefined {
  return client ? identities.get(client) : undefined;
}

/** A label for logs and metrics; never the password. */
export function describe(identity: Identity | undefined): string {
  if (!identity) return 'unauthenticated';
  return identity.role === 'anonymous' ? 'anonymous' : `${identity.role}:${identity.username}`;
}
