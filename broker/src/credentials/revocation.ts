import type { Aedes, Client } from 'aedes';
import type { BrokerContext } from '../context.ts';
import { describe, identityOf } from '../identity.ts';

/**
 * Closes the open connections of accounts the operator revoked or rotated (removed from the credentials
 * file, or given a new password, role or building): without this, a revoked gateway kept publishing on
 * the connection it had. It must log in again, and with the old password it cannot: the account's
 * remembered login (login-cache.ts) is forgotten here as well.
 * Returns the function that stops watching.
 */
export function cutRevokedConnections(aedes: Aedes, ctx: BrokerContext): () => void {
  const source = ctx.credentials;
  if (!source?.onChange) return () => {};
  return source.onChange((changed) => {
    // Their remembered logins go too: a rotated password is checked afresh, a revoked account not at all.
    ctx.logins.forget(changed);
    // aedes keeps its connected clients by id; its types leave the map out.
    const clients = (aedes as Aedes & { clients: Record<string, Client> }).clients;
    for (const client of Object.values(clients)) {
      const identity = identityOf(client);
      if (!identity || identity.role === 'anonymous' || !changed.has(identity.username)) continue;
      ctx.metrics.refuse('account_revoked');
      ctx.log.warn(
        { clientId: client.id, who: describe(identity) },
        'connection closed: its account was revoked or changed',
      );
      client.close();
    }
  });
}
