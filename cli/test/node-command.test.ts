// `louyu node` (issue 17): a node writes to the shared InfluxDB and meets the other nodes in Redis, so
// both are required, named in the error before anything opens; the spool quota is checked the same way.
// The node at work is tests/scale-out-nodes.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Output } from '../src/io.ts';
import { main } from '../src/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'louyu-node-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): Output & { text(): string } {
  const chunks: Buffer[] = [];
  return {
    write: (chunk: string | Uint8Array) => chunks.push(Buffer.from(chunk)),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

async function louyu(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(['node', 'louyu', ...args], { stdout, stderr });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('louyu node options', () => {
  it('stops without --redis, naming it', async () => {
    const { code, stderr } = await louyu('node', '--data-dir', dir, '--influx', 'http://127.0.0.1:1');
    expect(code).toBe(2);
    expect(stderr).toContain('louyu: configuration error: --redis: is required');
  });

  it('stops without --influx, naming it and what to run on one machine instead', async () => {
    const { code, stderr } = await louyu('node', '--data-dir', dir, '--redis', 'redis://127.0.0.1:1');
    expect(code).toBe(2);
    expect(stderr).toContain('louyu: configuration error: --influx: is required');
    expect(stderr).toContain('louyu start');
  });

  it('stops on a bad spool quota, naming the option', async () => {
    const { code, stderr } = await louyu(
      'node',
      '--data-dir',
      dir,
      '--redis',
      'redis://127.0.0.1:1',
      '--influx',
      'http://127.0.0.1:1',
      '--spool-max-bytes',
      'lots',
    );
    expect(code).toBe(2);
    expect(stderr).toContain('--spool-max-bytes');
  });
});
