import data from '../../data/heping.json' with { type: 'json' };
import { validateRegistry } from './parse.ts';
import type { Registry } from './types.ts';

let registry: Registry | undefined;

/**
 * The Heping district registry: the 89 operating business buildings of the plan (core/data/heping.json,
 * written by core/scripts/generate-heping.ts). Validated once, then shared: treat it as read-only.
 */
export function hepingRegistry(): Registry {
  registry ??= validateRegistry(data, 'heping.json');
  return registry;
}
