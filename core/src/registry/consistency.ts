import { INDUSTRIES } from '../kinds.ts';
import type { RegistryIssue } from './errors.ts';
import { taxTierFor } from './tax-tier.ts';
import type { Building, RegistryData } from './types.ts';

/** Chinese building code (GB 50096 / GB 50352): a building of 7 or more floors above ground needs a passenger lift. */
const FLOORS_NEEDING_ELEVATOR = 7;

/**
 * The rules a schema cannot express: unique ids and names, areas that nest (leased <= leasable <= gross),
 * tenant counts that add up, and a tax tier that matches the tax. Runs on schema-valid data only.
 */
export function consistencyIssues(data: RegistryData): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  const firstById = new Map<string, number>();
  const firstByName = new Map<string, number>();
  data.buildings.forEach((building, index) => {
    const at = `buildings[${index}]`;
    const seenId = firstById.get(building.id);
    if (seenId === undefined) firstById.set(building.id, index);
    else
      issues.push({
        code: 'REGISTRY_DUPLICATE_ID',
        path: `${at}.id`,
        message: `'${building.id}' is already the id of buildings[${seenId}]`,
      });
    const seenName = firstByName.get(building.name.zh);
    if (seenName === undefined) firstByName.set(building.name.zh, index);
    else
      issues.push({
        code: 'REGISTRY_INCONSISTENT',
        path: `${at}.name.zh`,
        message: `'${building.name.zh}' is already the name of buildings[${seenName}]`,
      });
    issues.push(...buildingIssues(building, at));
  });
  return issues;
}

function buildingIssues(b: Building, at: string): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  const inconsistent = (path: string, message: string): void => {
    issues.push({ code: 'REGISTRY_INCONSISTENT', path: `${at}.${path}`, message });
  };
  if (b.leasable_area_m2 > b.gross_floor_area_m2)
    inconsistent(
      'leasable_area_m2',
      `must be at most gross_floor_area_m2 (${b.leasable_area_m2} > ${b.gross_floor_area_m2})`,
    );
  const t = b.tenancy;
  if (t.leased_m2 > b.leasable_area_m2)
    inconsistent(
      'tenancy.leased_m2',
      `must be at most leasable_area_m2 (${t.leased_m2} > ${b.leasable_area_m2})`,
    );
  const byIndustry = INDUSTRIES.reduce((sum, industry) => sum + t.tenants_by_industry[industry], 0);
  if (byIndustry !== t.tenants)
    inconsistent(
      'tenancy.tenants_by_industry',
      `must add up to tenancy.tenants (${byIndustry} != ${t.tenants})`,
    );
  if (t.registered_local > t.tenants)
    inconsistent(
      'tenancy.registered_local',
      `must be at most tenancy.tenants (${t.registered_local} > ${t.tenants})`,
    );
  if (b.floors >= FLOORS_NEEDING_ELEVATOR && b.passenger_elevators < 1)
    inconsistent('passenger_elevators', `must be at least 1 for a building of ${b.floors} floors`);
  if (b.annual_tax_cny !== undefined) {
    const tier = taxTierFor(b.annual_tax_cny);
    if (tier !== b.tax_tier)
      inconsistent(
        'tax_tier',
        `must be ${tier === undefined ? 'absent' : `'${tier}'`} for annual_tax_cny ${b.annual_tax_cny}`,
      );
  }
  return issues;
}
