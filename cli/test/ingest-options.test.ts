// `louyu ingest` declares its options like every other command: help with descriptions, LOUYU_* names
// and defaults, and a bad value is a configuration error (exit 2) naming the option.
import { describe, expect, it } from 'vitest';
import type { Output } from '../src/io.ts';
import { main } from '../src/main.ts';

function capture(): Output & { text(): string } {
  const chunks: Buffer[] = [];
  return {
    write: (chunk: string | Uint8Array) => chunks.push(Buffer.from(chunk)),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

async function louyu(...args: string[]) {
  const stdout = capture();
  const stderr = capture();
  const code = await main(['node', 'louyu', ...args], { stdout, stderr });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('louyu ingest options', () => {
  it('lists every option with what it does, its variable and its default', async () => {
    const { code, stdout } = await louyu('ingest', '--help');
    expect(code).toBe(0);
    const help = stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      '--batch-size <value> most points per store write [LOUYU_BATCH_SIZE] (default: "5000")',
    );
    expect(help).toMatch(/--mqtt-url <value> broker to subscribe to \(required\)/);
    expect(help).toMatch(/--spool-dir <value> folder of the spool .* \[LOUYU_SPOOL_DIR\]/);
    expect(help).toMatch(
      /--http-port <value> port of the status server .* \[LOUYU_HTTP_PORT\] \(default: 0\)/,
    );
  });

  it('stops on a bad value with a configuration error naming the option', async () => {
    const bad = await louyu('ingest', '--mqtt-url', 'mqtt://127.0.0.1:1', '--batch-size', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('louyu: configuration error: --batch-size: expected a whole number');
    const missing = await louyu('ingest', '--batch-size', '10');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('louyu: configuration error: --mqtt-url: is required');
    const port = await louyu('ingest', '--http-port', 'x');
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--http-port: must be a port number');
  });

  it('reads an option from its LOUYU_* variable', async () => {
    process.env.LOUYU_HTTP_PORT = 'not-a-port';
    try {
      const { code, stderr } = await louyu('ingest', '--mqtt-url', 'mqtt://127.0.0.1:1');
      expect(code).toBe(2);
      expect(stderr).toContain('LOUYU_HTTP_PORT: must be a port number');
    } finally {
      delete process.env.LOUYU_HTTP_PORT;
    }
  });

  it('refuses an unknown option', async () => {
    const { code, stderr } = await louyu('ingest', '--nope', '1');
    expect(code).not.toBe(0);
    expect(stderr).toContain("unknown option '--nope'");
  });
});
