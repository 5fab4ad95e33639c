/** Stable codes for every way a registry file can be wrong; callers and tests match on these, not on text. */
export const REGISTRY_ERROR_CODES = [
  'REGISTRY_BAD_JSON',
  'REGISTRY_MISSING_FIELD',
  'REGISTRY_UNKNOWN_FIELD',
  'REGISTRY_BAD_VALUE',
  'REGISTRY_DUPLICATE_ID',
  'REGISTRY_INCONSISTENT',
] as const;
export type RegistryErrorCode = (typeof REGISTRY_ERROR_CODES)[number];

/** One thing wrong with a registry: where (a path like `buildings[12].leasable_area_m2`) and what. */
export interface RegistryIssue {
  code: RegistryErrorCode;
  path: string;
  message: string;
}

/**
 * A registry that cannot be loaded. The message names the source and the field of the first problem,
 * e.g. `heping.json: buildings[12].leasable_area_m2: must be at most gross_floor_area_m2`; `issues` holds all.
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly code: RegistryErrorCode;
  readonly source: string;
  readonly path: string;
  readonly issues: readonly RegistryIssue[];

  constructor(source: string, issues: readonly RegistryIssue[]) {
    const first = issues[0] ?? { code: 'REGISTRY_BAD_VALUE', path: '', message: 'is invalid' };
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    super(`${source}: ${first.path === '' ? '' : `${first.path}: `}${first.message}${more}`);
    this.code = first.code;
    this.source = source;
    this.path = first.path;
    this.issues = issues;
  }
}
