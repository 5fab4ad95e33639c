import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCredentials } from '@louyu/broker';
import { hepingRegistry } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { ensureLocalAccounts } from '../src/setup/accounts.ts';

// `louyu start --no-simulator` waits for real gateways: it must write no gateway passwords in clear, and
// never touch gateway accounts (an operator's real gateway may use the same name).
describe('local accounts without the simulated district', () => {
  it('makes the service account only, and no simulator-credentials.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'louyu-accounts-'));
    try {
      const accounts = await ensureLocalAccounts(dir, hepingRegistry(), undefined, false);
      expect(accounts.created).toBe(true);
      const store = await loadCredentials(accounts.credentialsFile);
      expect(store.list().map((c) => c.role)).toEqual(['service']);
      await expect(access(accounts.simulatorCredentialsFile)).rejects.toThrow(/ENOENT/);

      // With the simulator, its gateways get accounts and their passwords are kept for it.
      const simulated = await ensureLocalAccounts(dir, hepingRegistry());
      expect((await loadCredentials(simulated.credentialsFile)).list()).toHaveLength(90);
      await access(simulated.simulatorCredentialsFile);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
