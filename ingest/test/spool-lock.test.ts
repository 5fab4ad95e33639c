import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSpool } from '../src/spool/spool.ts';
import { tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const options = { maxBytes: 1 << 20, segmentBytes: 4096, fsync: 'always' as const };

describe('spool lock', () => {
  it('refuses a folder whose lock is held by a running process, naming the folder', () => {
    const { dir, remove } = tempDir('spool-lock');
    cleanups.push(remove);
    writeFileSync(join(dir, 'spool.lock'), String(process.ppid));
    expect(() => openSpool({ dir, ...options })).toThrow(dir);
  });

  it('takes over the lock of a process that died (SIGKILL leaves it behind)', async () => {
    const { dir, remove } = tempDir('spool-lock');
    cleanups.push(remove);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, 'spool.lock'), String(dead));
    const spool = openSpool({ dir, ...options });
    expect(spool.append([])).toBe('appended');
    await spool.close();
  });
});
