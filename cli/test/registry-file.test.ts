// `--registry FILE`: another district's registry drives `louyu`, and a broken one stops it with the
// message alone (file, field, value, what is allowed), no stack trace, and a non-zero exit (issue 16, item 10).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const LOUYU = new URL('../bin/louyu.js', import.meta.url).pathname;
const YUNHU = new URL('../../tests/fixtures/yunhu-registry.json', import.meta.url).pathname;

async function louyuProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [LOUYU, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('louyu with another district registry', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-registry-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints that district's name and its own plan targets", async () => {
    const { code, stdout } = await louyuProcess('district', '--registry', YUNHU);
    expect(code).toBe(0);
    expect(stdout).toContain('云湖新区 Yunhu New District');
    expect(stdout).toContain('2027 目标 target: 亿元楼宇 1 -> 2; 闲置面积 -4,000 m²; 平均入驻率 80.0 %');
    expect(stdout).not.toContain('-> 15');
  });

  it('says a registry without a plan sets no targets', async () => {
    const data = JSON.parse(await readFile(YUNHU, 'utf8')) as { district: Record<string, unknown> };
    delete data.district.plan;
    const file = join(dir, 'no-plan.json');
    await writeFile(file, JSON.stringify(data));
    const { code, stdout } = await louyuProcess('district', '--registry', file);
    expect(code).toBe(0);
    expect(stdout).toContain('规划目标 plan targets: 未设定 none set');
  });

  it('stops on an unknown cluster with the value and the allowed ones, and no stack trace', async () => {
    const data = JSON.parse(await readFile(YUNHU, 'utf8')) as { buildings: { cluster: string }[] };
    data.buildings[1]!.cluster = 'taiyuanjie';
    const file = join(dir, 'bad-cluster.json');
    await writeFile(file, JSON.stringify(data));
    for (const command of [['district'], ['start', '--data-dir', dir]]) {
      const { code, stderr } = await louyuProcess(...command, '--registry', file);
      expect(code, command[0]).toBe(2);
      expect(stderr.trim(), command[0]).toBe(
        `louyu: configuration error: --registry: ${file}: buildings[1].cluster: 'taiyuanjie' is not a cluster of this district (district.clusters: lakeside, hitech)`,
      );
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
