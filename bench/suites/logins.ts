// Suite: gateway logins. 2,000 gateways reconnecting after a broker restart or a network outage, as fast
// as the broker lets them in, against Louyu's broker in its own process (bench/lib/children/broker-host.ts):
//   - accounts with generated secrets (salted SHA-256, what `louyu credentials add` makes by default);
//   - accounts with chosen passwords (scrypt, N = 2^15): the first login of each account derives its key
//     (the baseline: what every login cost before logins were remembered), and the next round of the same
//     accounts, remembered since (credentials/login-cache.ts in the broker).
// Clients are bench/lib/lean-mqtt.ts connections, 200 connecting at a time, so the generator costs little.
import type { Credential, CredentialsDocument } from '@louyu/broker';
import { hashGeneratedSecret, hashPassword } from '@louyu/broker';
import { forkChild } from '../lib/child.ts';
import { LeanMqttClient } from '../lib/lean-mqtt.ts';
import { compared, type Figure, type Suite, type SuiteContext } from '../lib/result.ts';

const CONCURRENT = 200;
const createdAt = new Date(0).toISOString();
const password = (username: string) => `${username}-bench-password`;

/** Connects `usernames` (CONCURRENT at a time), closes each after its CONNACK; the elapsed milliseconds. */
async function loginRound(port: number, usernames: readonly string[], round: number): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < usernames.length) {
      const username = usernames[next++]!;
      const client = await LeanMqttClient.connect({
        host: '127.0.0.1',
        port,
        clientId: `${username}-r${round}`,
        username,
        password: password(username),
      });
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT }, worker));
  return performance.now() - t0;
}

async function accounts(count: number, chosen: boolean, prefix: string): Promise<Credential[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const username = `${prefix}${i}`;
      return {
        username,
        role: 'gateway' as const,
        building: `b${i}`,
        password: chosen ? await hashPassword(password(username)) : hashGeneratedSecret(password(username)),
        createdAt,
      };
    }),
  );
}

async function run(ctx: SuiteContext): Promise<Figure[]> {
  const generated = 2000;
  // Hashing chosen passwords with the production cost takes a while here too: fewer of them.
  const chosen = ctx.quick ? 100 : 400;
  ctx.log(`logins: hashing ${chosen} chosen passwords (scrypt) and ${generated} generated secrets`);
  const gen = await accounts(generated, false, 'gw-g');
  const scr = await accounts(chosen, true, 'gw-c');
  const document: CredentialsDocument = { version: 1, credentials: [...gen, ...scr] };
  const host = await forkChild('broker-host');
  try {
    const { port } = await host.call<{ port: number }>('start', { kind: 'louyu', credentials: document });
    const figure = (caseName: string, subject: string, logins: number, ms: number, note: string): Figure => ({
      suite: 'logins',
      case: caseName,
      subject,
      metric: 'logins',
      value: (logins / ms) * 1000,
      unit: 'logins/s',
      note: `${logins.toLocaleString('en-US')} logins in ${(ms / 1000).toFixed(1)} s; ${note}`,
    });
    ctx.log(`logins: ${generated} gateways with generated secrets`);
    const genNames = gen.map((c) => c.username);
    const genFirst = await loginRound(port, genNames, 1);
    const genAgain = await loginRound(port, genNames, 2);

    ctx.log(`logins: ${chosen} gateways with chosen passwords, first login (scrypt each)`);
    const scrNames = scr.map((c) => c.username);
    const scrFirst = await loginRound(port, scrNames, 1);
    // The same accounts reconnecting until there were 2,000 logins, every one remembered.
    const rounds = Math.ceil(2000 / chosen);
    let scrAgainMs = 0;
    for (let r = 0; r < rounds; r++) scrAgainMs += await loginRound(port, scrNames, 2 + r);

    const first = figure(
      'chosen passwords (scrypt)',
      'first login',
      chosen,
      scrFirst,
      `each derives its key; 2,000 would take ${(((2000 / chosen) * scrFirst) / 1000).toFixed(0)} s`,
    );
    const again = figure(
      'chosen passwords (scrypt)',
      'remembered login',
      chosen * rounds,
      scrAgainMs,
      `the same ${chosen} accounts reconnecting; issue 18 wants 2,000 in under 30 s`,
    );
    const genFirstFig = figure(
      'generated secrets (SHA-256)',
      'first login',
      generated,
      genFirst,
      `${generated.toLocaleString('en-US')} gateways after a broker restart`,
    );
    const genAgainFig = figure(
      'generated secrets (SHA-256)',
      'remembered login',
      generated,
      genAgain,
      'the same gateways reconnecting',
    );
    return [first, compared(again, first), genFirstFig, compared(genAgainFig, genFirstFig)];
  } finally {
    await host.close();
  }
}

export const loginsSuite: Suite = {
  name: 'logins',
  description:
    '2,000 gateway logins against the broker: generated secrets, and chosen passwords (scrypt) first and remembered',
  run,
};
