/**
 * Writes core/data/heping.json, the Heping district registry, from the plan (heping/plan.ts).
 * Run: `npx tsx core/scripts/generate-heping.ts` and commit the file. Same seed, same bytes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateHeping, HEPING_SEED } from './heping/generate.ts';
import { serializeRegistry } from './heping/serialize.ts';

const target = fileURLToPath(new URL('../data/heping.json', import.meta.url));
writeFileSync(target, serializeRegistry(generateHeping(HEPING_SEED)));
console.log(`wrote ${target}`);
