import type { Kind } from '../kinds.ts';

/** A rule a payload must keep beyond its schema: fields that must agree with each other. */
export interface SemanticRule {
  rule: string;
  field: string;
  check: (data: Record<string, unknown>) => boolean;
  detail: string;
}

const num = (data: Record<string, unknown>, key: string): number => {
  const value = data[key];
  return typeof value === 'number' ? value : 0;
};

const onlineWithinTotal: SemanticRule = {
  rule: 'online_le_total',
  field: 'devices_online',
  check: (d) => num(d, 'devices_online') <= num(d, 'devices_total'),
  detail: 'devices_online must not exceed devices_total',
};

/**
 * Cross-field rules per kind. A payload that passes its schema but breaks one of these is refused with
 * reason `rule`, because storing it would corrupt the derived figures (availability over 100 %, say).
 */
export const SEMANTIC_RULES: { readonly [K in Kind]: readonly SemanticRule[] } = {
  occupancy: [],
  parking: [
    {
      rule: 'occupied_le_capacity',
      field: 'occupied',
      check: (d) => num(d, 'occupied') <= num(d, 'capacity'),
      detail: 'occupied must not exceed capacity',
    },
  ],
  elevator: [
    {
      rule: 'fault_code_required',
      field: 'fault',
      check: (d) => d.state !== 'fault' || typeof d.fault === 'string',
      detail: 'a car in state "fault" must report its fault code',
    },
  ],
  energy: [],
  ba: [onlineWithinTotal],
  ca: [onlineWithinTotal],
  oa: [onlineWithinTotal],
  fa: [
    onlineWithinTotal,
    {
      rule: 'detector_faults_le_total',
      field: 'detectors_fault',
      check: (d) => d.detectors_fault === undefined || num(d, 'detectors_fault') <= num(d, 'detectors_total'),
      detail: 'detectors_fault must not exceed detectors_total',
    },
  ],
  sa: [
    onlineWithinTotal,
    {
      rule: 'cameras_online_le_total',
      field: 'cameras_online',
      check: (d) => d.cameras_online === undefined || num(d, 'cameras_online') <= num(d, 'cameras_total'),
      detail: 'cameras_online must not exceed cameras_total',
    },
  ],
  tenancy: [
    {
      rule: 'leased_le_leasable',
      field: 'leased_m2',
      check: (d) => num(d, 'leased_m2') <= num(d, 'leasable_m2'),
      detail: 'leased_m2 must not exceed leasable_m2',
    },
    {
      rule: 'industries_sum_to_tenants',
      field: 'tenants_by_industry',
      check: (d) => {
        const byIndustry = d.tenants_by_industry as Record<string, number>;
        const sum = Object.values(byIndustry).reduce((a, b) => a + b, 0);
        return sum === num(d, 'tenants');
      },
      detail: 'tenants_by_industry must add up to tenants',
    },
  ],
};
