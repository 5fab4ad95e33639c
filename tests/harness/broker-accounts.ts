// What the broker tests that run `louyu broker`/`louyu node` as child processes set up alike: the
// credentials file with one gateway and the ingest service account, and a health probe that reads
// "nothing answers" as 0 (a killed node is a state these tests poll through, not an error).
import { CredentialStore, hashPassword, saveCredentials } from '@louyu/broker';

/** Writes `file` with gateway `gw-{building}` and service account `ingest`, each with its own password. */
export async function saveGatewayAndIngest(
  file: string,
  accounts: { building: string; gateway: string; ingest: string },
): Promise<void> {
  const createdAt = new Date().toISOString();
  await saveCredentials(
    file,
    new CredentialStore([
      {
        username: `gw-${accounts.building}`,
        role: 'gateway',
        building: accounts.building,
        password: await hashPassword(accounts.gateway),
        createdAt,
      },
      { username: 'ingest', role: 'service', password: await hashPassword(accounts.ingest), createdAt },
    ]),
  );
}

/** HTTP status of a broker's or node's health endpoint, or 0 when nothing answers. */
export async function healthStatus(port: number, path: '/healthz' | '/readyz'): Promise<number> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
