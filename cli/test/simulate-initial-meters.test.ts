// `louyu simulate --initial-meters FILE` (what `louyu start` passes, filled from the store's latest energy
// readings; issue 16, item 2): a file that cannot be used stops the command with a message naming the option.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../src/io.ts';
import { main } from '../src/main.ts';

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

describe('louyu simulate --initial-meters', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-cli-meters-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is documented', async () => {
    const { stdout } = await louyu('simulate', '--help');
    expect(stdout).toContain('--initial-meters');
  });

  it('refuses a file that is missing or holds a bad reading, naming the option', async () => {
    const args = ['simulate', '--buildings', '1', '--mqtt-url', 'mqtt://127.0.0.1:1'];
    const missing = await louyu(...args, '--initial-meters', join(dir, 'missing.json'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--initial-meters: cannot read');
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ 'hp-001': { 'meter-total': 'lots' } }));
    const wrong = await louyu(...args, '--initial-meters', bad);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('--initial-meters:');
    expect(wrong.stderr).toContain('meter-total');
  });
});
