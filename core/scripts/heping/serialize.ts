import type { RegistryData } from '../../src/registry/types.ts';

/** The committed file's exact text: two-space JSON and a final newline, so a fresh generation compares equal. */
export function serializeRegistry(data: RegistryData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}
