import { describe, expect, test } from 'vitest';
import { MAX_KEPT_ID_BYTES, MemoryClientOwnership, ownershipKey } from '../src/acl/client-ownership.ts';

// The in-memory owner store on its own: who may use an id, and what hostile input can make it keep.

describe('client id owners in memory', () => {
  test('the first account binds an id; the same account may use it again, another is told the owner', async () => {
    const owners = new MemoryClientOwnership(10);
    expect(await owners.claim('gw-a-main', 'gw-a')).toBeNull();
    expect(await owners.claim('gw-a-main', 'gw-a')).toBeNull();
    expect(await owners.claim('gw-a-main', 'gw-b')).toBe('gw-a');
    expect(await owners.ownerOf('gw-a-main')).toBe('gw-a');
    expect(await owners.ownerOf('never-seen')).toBeNull();
  });

  test('an account churning through ids keeps only its bound, and only its own ids go', async () => {
    const owners = new MemoryClientOwnership(100);
    await owners.claim('gw-a-main', 'gw-a');
    for (let i = 0; i < 10_000; i++) await owners.claim(`random-${i}`, 'hostile');
    expect(owners.size).toBe(101);
    expect(await owners.ownerOf('gw-a-main')).toBe('gw-a');
    expect(await owners.ownerOf('random-9999')).toBe('hostile');
    expect(await owners.ownerOf('random-9899')).toBeNull();
    expect(await owners.claim('random-0', 'gw-a')).toBeNull();
  });

  test('long ids are kept as their hash, so an entry costs at most ~150 bytes whatever the id', async () => {
    const long = 'x'.repeat(60_000);
    expect(ownershipKey('short-id')).toBe('short-id');
    expect(ownershipKey(long).length).toBeLessThanOrEqual(MAX_KEPT_ID_BYTES);
    expect(ownershipKey(long)).not.toBe(ownershipKey(long + 'y'));
    // An id that looks like a hash is hashed too, so it cannot stand for a long id's entry.
    expect(ownershipKey(ownershipKey(long))).not.toBe(ownershipKey(long));
    const owners = new MemoryClientOwnership(10);
    expect(await owners.claim(long, 'gw-a')).toBeNull();
    expect(await owners.claim(long, 'gw-b')).toBe('gw-a');
    expect(await owners.claim(ownershipKey(long), 'gw-b')).toBeNull();
  });

  test('a bound below 1 is a mistake', () => {
    expect(() => new MemoryClientOwnership(0)).toThrow(RangeError);
  });
});
