import { Compile } from 'typebox/compile';
import { shortfallConfig } from '../rules/shortfalls/config.ts';
import { consistencyIssues } from './consistency.ts';
import { clustersOf, districtIssues, shortfallOverrides } from './district.ts';
import { RegistryError, type RegistryIssue } from './errors.ts';
import { RegistrySchema, type Building, type Registry, type RegistryData } from './types.ts';

let validator: ReturnType<typeof Compile<typeof RegistrySchema>> | undefined;

/**
 * Parse a registry file's text. `source` (usually the file name) starts every error message.
 * Throws RegistryError naming the source and the field path of the first problem.
 */
export function parseRegistry(json: string, source: string): Registry {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RegistryError(source, [
      { code: 'REGISTRY_BAD_JSON', path: '', message: `is not JSON: ${reason}` },
    ]);
  }
  return validateRegistry(value, source);
}

/** Check an already-parsed value (e.g. an imported JSON module) and build the Registry with its `byId` map. */
export function validateRegistry(value: unknown, source: string): Registry {
  validator ??= Compile(RegistrySchema);
  if (!validator.Check(value)) throw new RegistryError(source, schemaIssues([...validator.Errors(value)]));
  const data: RegistryData = value;
  const issues = [...districtIssues(data), ...consistencyIssues(data)];
  if (issues.length > 0) throw new RegistryError(source, issues);
  const byId = new Map<string, Building>(data.buildings.map((b) => [b.id, b]));
  return {
    district: data.district,
    buildings: data.buildings,
    byId,
    clusters: clustersOf(data),
    shortfallConfig: shortfallConfig(shortfallOverrides(data.district.shortfalls)),
  };
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: object;
  message: string;
}

function schemaIssues(errors: readonly SchemaError[]): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  for (const error of errors) {
    const at = pathOf(error.instancePath);
    if (error.keyword === 'required' && 'requiredProperties' in error.params) {
      for (const name of error.params.requiredProperties as string[])
        issues.push({ code: 'REGISTRY_MISSING_FIELD', path: join(at, name), message: 'is required' });
    } else if (error.keyword === 'additionalProperties' && 'additionalProperties' in error.params) {
      for (const name of error.params.additionalProperties as string[])
        issues.push({
          code: 'REGISTRY_UNKNOWN_FIELD',
          path: join(at, name),
          message: 'is not a known field',
        });
    } else if (error.keyword === 'boolean') {
      // TypeBox reports an unknown property twice (as `false` schema and as additionalProperties): keep one.
      continue;
    } else {
      issues.push({ code: 'REGISTRY_BAD_VALUE', path: at, message: error.message });
    }
  }
  return issues;
}

/** `/buildings/12/leasable_area_m2` -> `buildings[12].leasable_area_m2` (JSON Pointer, RFC 6901 escapes). */
function pathOf(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, token) => (/^\d+$/.test(token) ? `${path}[${token}]` : join(path, token)), '');
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}
