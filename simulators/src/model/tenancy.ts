import { INDUSTRIES, type Building, type Industry, type TenancyPayload } from '@louyu/core';
import {
  LEASE_LOSS_PER_DAY,
  LEASE_MEDIAN_M2,
  LEASE_WIN_PER_DAY_AT_FULL_VACANCY,
  REGISTER_LOCAL_SHARE,
} from '../assumptions.ts';
import type { Rng } from '../prng.ts';
import type { TickContext } from './context.ts';

/**
 * The building's tenancy as its property system reports it: starts from the registry baseline, then
 * leases are won (more often the more space is vacant) and lost, a tenant at a time.
 */
export class TenancyBook {
  leasedM2: number;
  private readonly byIndustry: Record<Industry, number>;
  private registeredLocal: number;

  constructor(
    private readonly building: Building,
    private readonly rng: Rng,
  ) {
    const t = building.tenancy;
    this.leasedM2 = Math.min(t.leased_m2, building.leasable_area_m2);
    this.byIndustry = { ...t.tenants_by_industry };
    // The registry's baseline should add up; if it does not, the industries are the truth.
    this.registeredLocal = Math.min(t.registered_local, this.tenants);
  }

  get tenants(): number {
    return INDUSTRIES.reduce((n, i) => n + this.byIndustry[i], 0);
  }

  tick(ctx: TickContext): void {
    const days = ctx.dtS / 86_400;
    const leasable = this.building.leasable_area_m2;
    const vacant = leasable - this.leasedM2;
    if (vacant > 50 && this.rng.chance(LEASE_WIN_PER_DAY_AT_FULL_VACANCY * (vacant / leasable) * days)) {
      const area = Math.min(vacant, Math.round(LEASE_MEDIAN_M2 * Math.exp(this.rng.normal() * 0.8)));
      const industry = this.pickIndustry();
      this.byIndustry[industry]++;
      this.leasedM2 += area;
      if (this.rng.chance(REGISTER_LOCAL_SHARE)) this.registeredLocal++;
    }
    const tenants = this.tenants;
    if (tenants > 0 && this.rng.chance(LEASE_LOSS_PER_DAY * days)) {
      const industry = this.pickIndustry();
      if (this.byIndustry[industry] > 0) {
        const area = Math.min(
          this.leasedM2,
          Math.round((this.leasedM2 / tenants) * this.rng.range(0.5, 1.5)),
        );
        this.byIndustry[industry]--;
        this.leasedM2 -= area;
        if (this.registeredLocal > this.tenants) this.registeredLocal = this.tenants;
        else if (this.rng.chance(this.registeredLocal / tenants)) this.registeredLocal--;
      }
    }
  }

  report(ts: number, local: { dayOfYear: number; hourOfDay: number }): TenancyPayload {
    const payload: TenancyPayload = {
      ts,
      leasable_m2: this.building.leasable_area_m2,
      leased_m2: Math.round(this.leasedM2),
      tenants: this.tenants,
      tenants_by_industry: { ...this.byIndustry },
      registered_local: Math.max(0, this.registeredLocal),
    };
    const annual = this.building.annual_tax_cny;
    if (annual !== undefined) {
      // Tax accrues through the year in proportion to the space let, against the baseline's.
      const yearShare = (local.dayOfYear - 1 + local.hourOfDay / 24) / 365;
      const baseline = Math.max(1, this.building.tenancy.leased_m2);
      payload.tax_ytd_cny = Math.round(annual * Math.min(1, yearShare) * (this.leasedM2 / baseline));
    }
    return payload;
  }

  /** An industry in proportion to the building's current mix (plus one, so a new sector can arrive). */
  private pickIndustry(): Industry {
    const weights = INDUSTRIES.map((i) => this.byIndustry[i] + 1);
    let r = this.rng.next() * weights.reduce((a, b) => a + b, 0);
    for (const [k, i] of INDUSTRIES.entries()) {
      r -= weights[k] ?? 0;
      if (r < 0) return i;
    }
    return 'other';
  }
}
