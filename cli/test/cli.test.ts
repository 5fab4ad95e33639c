import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashPassword, loadCredentials, saveCredentials, verifyCredential } from '@louyu/broker';
import { describe, expect, it } from 'vitest';
import type { Output } from '../src/io.ts';
import { main } from '../src/main.ts';

const run = promisify(execFile);
const LOUYU = new URL('../bin/louyu.js', import.meta.url).pathname;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `louyu <args>` in this process, with its output captured: what parse, help and error checks need. */
async function louyu(...args: string[]): Promise<Result> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(['node', 'louyu', ...args], { stdout, stderr });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function capture(): Output & { text(): string } {
  const chunks: Buffer[] = [];
  return {
    write: (chunk: string | Uint8Array) => chunks.push(Buffer.from(chunk)),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

/** Runs the real `louyu` binary in a child process: for what the process itself does (its exit code). */
async function louyuProcess(...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [LOUYU, ...args], {
      env: { ...process.env, LOUYU_LOG_JSON: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the louyu binary', () => {
  it("exits with main's code and prints its message on standard error", async () => {
    const { code, stdout, stderr } = await louyuProcess('broker', '--mqtt-port', 'abc');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('louyu: configuration error: --mqtt-port: must be a port number');
  });
});

describe('the louyu command', () => {
  it('prints the Heping district figures from the registry', async () => {
    const { code, stdout } = await louyu('district');
    expect(code).toBe(0);
    expect(stdout).toContain('89');
    expect(stdout).toContain('4,227,000 m²');
    expect(stdout).toContain('62.9 % / 20.2 % / 11.2 % / 5.6 %');
    expect(stdout).toContain('24, 659,000 m² vacant');
    expect(stdout).toContain('11 / 6 / 1');
  });

  it('stops on a bad option with a message naming it', async () => {
    const { code, stderr } = await louyu('broker', '--mqtt-port', 'abc');
    expect(code).toBe(2);
    expect(stderr).toContain('--mqtt-port: must be a port number');
  });

  it('stops on an unknown option with a message naming it and the help', async () => {
    const { code, stdout, stderr } = await louyu('broker', '--bogus');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain("error: unknown option '--bogus'");
    expect(stderr).toContain('Usage: louyu broker [options]');
  });

  it('names the registry file and field when a registry is broken', async () => {
    const { code, stderr } = await louyu('district', '--registry', '/nonexistent/registry.json');
    expect(code).toBe(2);
    expect(stderr).toContain('--registry: cannot read /nonexistent/registry.json');
  });

  it('documents every option with its environment variable', async () => {
    const { code, stdout } = await louyu('broker', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--mqtt-port <value>');
    expect(stdout).toContain('[LOUYU_MQTT_PORT]');
  });
});

describe('louyu setup', () => {
  it('prepares a data folder once: an account per building, kept on the next run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'louyu-setup-'));
    try {
      const first = await louyu('setup', '--data-dir', dir, '--service-password', 'chosen-service-password');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('prepared');
      const credentials = JSON.parse(await readFile(join(dir, 'credentials.json'), 'utf8')) as {
        credentials: { username: string; role: string }[];
      };
      expect(credentials.credentials.filter((c) => c.role === 'gateway')).toHaveLength(89);
      expect(credentials.credentials.find((c) => c.username === 'louyu-service')?.role).toBe('service');
      expect(JSON.stringify(credentials)).not.toContain('chosen-service-password');
      expect((await stat(join(dir, 'credentials.json'))).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'simulator-credentials.json'))).mode & 0o777).toBe(0o600);
      const passwords = await readFile(join(dir, 'simulator-credentials.json'), 'utf8');

      const second = await louyu('setup', '--data-dir', dir, '--service-password', 'chosen-service-password');
      expect(second.stdout).toContain('kept');
      expect(await readFile(join(dir, 'simulator-credentials.json'), 'utf8')).toBe(passwords);

      // Generated gateway passwords get the fast hash; the chosen service password keeps scrypt. A data
      // folder an earlier version wrote with scrypt for every gateway is rehashed, passwords unchanged.
      const hashes = await loadCredentials(join(dir, 'credentials.json'));
      const algorithms = hashes.list().map((c) => `${c.role}:${c.password.algorithm}`);
      expect(new Set(algorithms)).toEqual(new Set(['gateway:sha256', 'service:scrypt']));
      const gateway = hashes.list().find((c) => c.role === 'gateway')!;
      const clear = JSON.parse(passwords) as Record<string, string>;
      hashes.put({ ...gateway, password: await hashPassword(clear[gateway.building!]!) });
      await saveCredentials(join(dir, 'credentials.json'), hashes);
      expect((await louyu('setup', '--data-dir', dir)).code).toBe(0);
      const rehashed = await loadCredentials(join(dir, 'credentials.json'));
      expect(rehashed.get(gateway.username)?.password.algorithm).toBe('sha256');
      expect(await verifyCredential(rehashed, gateway.username, clear[gateway.building!]!)).not.toBeNull();
      expect(await readFile(join(dir, 'simulator-credentials.json'), 'utf8')).toBe(passwords);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('louyu report', () => {
  it('writes the weekly report as CSV from the store, one row per building', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'louyu-report-'));
    try {
      const file = join(dir, 'weekly.csv');
      const { code } = await louyu(
        'report',
        'weekly',
        '--data-dir',
        dir,
        '--date',
        '2026-11-25',
        '--out',
        file,
      );
      expect(code).toBe(0);
      const bytes = await readFile(file);
      // The BOM lets Excel open the Chinese headings as UTF-8.
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
      expect(lines[0]).toBe('楼宇经济每周调度 2026-11-23 – 2026-11-29');
      expect(lines[1]).toContain('楼宇编号');
      expect(lines).toHaveLength(2 + 89);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a period it does not know', async () => {
    const { code, stderr } = await louyu('report', 'daily');
    expect(code).toBe(2);
    expect(stderr).toContain('must be weekly or monthly');
  });
});

describe('louyu credentials', () => {
  it('fails when asked to revoke an account that does not exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'louyu-credentials-'));
    try {
      const { code, stdout, stderr } = await louyu('credentials', 'revoke', 'nobody', '--data-dir', dir);
      expect(code).toBe(1);
      expect(stdout).toBe('no account named nobody\n');
      expect(stderr).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
