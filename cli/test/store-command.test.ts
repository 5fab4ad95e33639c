// `louyu store status|upgrade`: the operator's way to see that a data folder's store file is at an older
// schema and to rewrite it when they choose (a start never does; store/test/sqlite-schema-1.test.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSchema1File } from '../../store/test/fixtures/schema-1-file.ts';
import type { Output } from '../src/io.ts';
import { main } from '../src/main.ts';

async function louyu(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]): Output => ({ write: (chunk) => into.push(String(chunk)) });
  const code = await main(['node', 'louyu', ...args], { stdout: sink(out), stderr: sink(err) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('louyu store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-store-command-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a schema-1 file, upgrades it once, and then finds it current', async () => {
    const file = join(dir, 'louyu.db');
    writeSchema1File(file);

    expect(await louyu('store', 'status', '--data-dir', dir)).toEqual({
      code: 0,
      stdout: `${file}: schema 1, upgrade to 2 with \`louyu store upgrade\` (stop Louyu first)\n`,
      stderr: '',
    });
    const upgraded = await louyu('store', 'upgrade', '--data-dir', dir);
    expect(upgraded.code).toBe(0);
    expect(upgraded.stdout).toMatch(
      new RegExp(`^${file}: schema 1 -> 2, 4 rollup rows copied in [0-9.]+ s\\n$`),
    );
    expect((await louyu('store', 'status', '--data-dir', dir)).stdout).toBe(`${file}: schema 2, current\n`);
    expect((await louyu('store', 'upgrade', '--data-dir', dir)).stdout).toBe(
      `${file}: schema 2, already current\n`,
    );
  });

  it('names the data folder when it holds no store file, and exits 2', async () => {
    const empty = join(dir, 'empty');
    const result = await louyu('store', 'upgrade', '--data-dir', empty);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--data-dir: cannot open the store file ${join(empty, 'louyu.db')}`);
  });
});
