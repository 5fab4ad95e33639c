// `louyu start --spool-max-bytes` (and LOUYU_SPOOL_MAX_BYTES): checked before anything starts, named in
// the error. The accepted value at work is tests/start-store-late.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
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

afterEach(() => {
  delete process.env.LOUYU_SPOOL_MAX_BYTES;
});

describe('louyu start --spool-max-bytes', () => {
  it('is documented with its environment variable', async () => {
    const { stdout } = await louyu('start', '--help');
    expect(stdout).toMatch(/--spool-max-bytes <value>[\s\S]*\[LOUYU_SPOOL_MAX_BYTES\]/);
  });

  it.each([
    ['lots', /--spool-max-bytes: must be a size such as 512MiB/],
    ['1KiB', /--spool-max-bytes: expected a whole number >= 65536/],
  ])('refuses %s, naming the option', async (value, message) => {
    const { code, stderr, stdout } = await louyu('start', '--spool-max-bytes', value);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe(''); // nothing started
  });

  it('reads LOUYU_SPOOL_MAX_BYTES and names it when it is bad', async () => {
    process.env.LOUYU_SPOOL_MAX_BYTES = 'much';
    const { code, stderr } = await louyu('start');
    expect(code).toBe(2);
    expect(stderr).toMatch(/LOUYU_SPOOL_MAX_BYTES: must be a size/);
  });
});
