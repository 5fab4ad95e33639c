import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateHeping, HEPING_SEED } from '../scripts/heping/generate.ts';
import { serializeRegistry } from '../scripts/heping/serialize.ts';
import { validateRegistry } from '../src/registry/index.ts';

describe('the Heping registry generator', () => {
  it('gives identical JSON when run twice', () => {
    expect(serializeRegistry(generateHeping(HEPING_SEED))).toBe(
      serializeRegistry(generateHeping(HEPING_SEED)),
    );
  });

  it('wrote the committed core/data/heping.json: a fresh generation equals it byte for byte', () => {
    const committed = readFileSync(new URL('../data/heping.json', import.meta.url), 'utf8');
    expect(serializeRegistry(generateHeping(HEPING_SEED))).toBe(committed);
  });

  it('depends on its seed, and another seed still gives a valid registry', () => {
    const other = generateHeping(HEPING_SEED + 1);
    expect(serializeRegistry(other)).not.toBe(serializeRegistry(generateHeping(HEPING_SEED)));
    expect(validateRegistry(other, 'seed 15').buildings).toHaveLength(89);
  });
});
