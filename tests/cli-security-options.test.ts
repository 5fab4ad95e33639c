// Issue 15 items 6 and 7: `--trust-proxy` and `--ops-token` on `louyu dashboard` and `louyu start`. A bad
// value stops start-up before anything starts, with a message naming the option (flag or variable).
import { describe, expect, it } from 'vitest';
import type { Output } from '../cli/src/io.ts';
import { main } from '../cli/src/main.ts';

async function louyu(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; err: string; out: string }> {
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  const sink = (into: Buffer[]): Output => ({ write: (c: string | Uint8Array) => into.push(Buffer.from(c)) });
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await main(['node', 'louyu', ...args], {
      stdout: sink(chunks.out),
      stderr: sink(chunks.err),
    });
    return { code, out: Buffer.concat(chunks.out).toString(), err: Buffer.concat(chunks.err).toString() };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe.each(['dashboard', 'start'])('louyu %s', (command) => {
  it('lists --trust-proxy and --ops-token in its help', async () => {
    const { out } = await louyu([command, '--help']);
    expect(out).toContain('--trust-proxy');
    expect(out).toContain('--ops-token');
  });

  it.each([
    [['--trust-proxy', 'true'], '--trust-proxy: true is refused'],
    [['--trust-proxy', '10.0.0.0/33'], '--trust-proxy: "10.0.0.0/33" is not an IP address'],
    [['--trust-proxy', 'proxy.local'], '--trust-proxy: "proxy.local" is not an IP address'],
    [['--ops-token', 'short'], '--ops-token: must have at least 16 characters'],
  ])('stops on %j, naming the option', async (args, message) => {
    const { code, err } = await louyu([command, ...args]);
    expect(code).toBe(2);
    expect(err).toContain(`louyu: configuration error: ${message}`);
  });

  it('names the variable when the bad value comes from the environment', async () => {
    const { code, err } = await louyu([command], { LOUYU_TRUST_PROXY: 'yes' });
    expect(code).toBe(2);
    expect(err).toContain('configuration error: LOUYU_TRUST_PROXY: true is refused');
  });
});
