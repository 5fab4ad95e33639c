import { readFile } from 'node:fs/promises';
import {
  districtFigures,
  hepingRegistry,
  parseRegistry,
  RegistryError,
  type DistrictFigures,
  type Registry,
} from '@louyu/core';
import type { Command } from 'commander';
import { addOptions, resolveOptions } from '../define.ts';
import type { Io } from '../io.ts';
import { ConfigError, parsers } from '../options.ts';

export const REGISTRY_OPTION = {
  flag: 'registry',
  description: 'building registry JSON file (default: the Heping district registry built into Louyu)',
  parse: parsers.text,
};

/**
 * Loads the registry named by --registry, or the built-in Heping registry. A file that cannot be read or
 * is not a valid registry is a configuration error: `louyu` prints its message (file, field, what is
 * wrong), no stack trace, and exits 2.
 */
export async function loadRegistry(file: string | undefined): Promise<Registry> {
  if (!file) return hepingRegistry();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError('--registry', `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return parseRegistry(text, file);
  } catch (error) {
    if (error instanceof RegistryError) throw new ConfigError('--registry', error.message);
    throw error;
  }
}

/** The plan line of `louyu district`: the registry's own targets, or that it sets none. */
function planLine(t: DistrictFigures['targets'], m2: (x: number) => string): string {
  const parts: string[] = [];
  if (t.buildings_over_100m_tax)
    parts.push(`亿元楼宇 ${t.buildings_over_100m_tax.current} -> ${t.buildings_over_100m_tax.target}`);
  if (t.idle_area) parts.push(`闲置面积 -${m2(t.idle_area.reduction_target_m2)}`);
  if (t.mean_occupancy?.target !== undefined && t.mean_occupancy.target !== null)
    parts.push(`平均入驻率 ${(t.mean_occupancy.target * 100).toFixed(1)} %`);
  if (parts.length === 0) return '规划目标 plan targets: 未设定 none set';
  return `${t.target_year ?? ''} 目标 target: ${parts.join('; ')}`;
}

const OPTIONS = {
  registry: REGISTRY_OPTION,
  json: { flag: 'json', description: 'print JSON', parse: parsers.boolean, default: false },
};

/** `louyu district`: the plan's figures as the registry gives them, before any telemetry arrives. */
export function registerDistrict(program: Command, io: Io): void {
  const command = program
    .command('district')
    .description("print the district's plan figures from the building registry");
  addOptions(command, OPTIONS).action(async (given: Record<string, unknown>) => {
    const o = resolveOptions(OPTIONS, given);
    const registry = await loadRegistry(o.registry);
    const f = districtFigures(registry);
    if (o.json) {
      io.stdout.write(`${JSON.stringify(f, null, 2)}\n`);
      return;
    }
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    const m2 = (x: number) => `${Math.round(x).toLocaleString('en-US')} m²`;
    const b = f.occupancy_buckets;
    const lines = [
      `${registry.district.name.zh} ${registry.district.name.en}`,
      `运营商务楼宇 buildings operating          ${f.buildings_operating}`,
      `总建筑面积 gross floor area               ${m2(f.gross_floor_area_m2)}`,
      `超10万平方米楼宇 buildings over 100,000 m² ${f.buildings_over_100k_m2}`,
      `入驻企业 tenants                          ${f.tenants.toLocaleString('en-US')}`,
      `入驻率 occupancy >=85 % / 70-85 % / 50-70 % / <50 %   ${pct(b.high.share)} / ${pct(b.upper_mid.share)} / ${pct(b.lower_mid.share)} / ${pct(b.low.share)}`,
      `重点闲置楼宇 key idle buildings           ${f.key_idle.buildings}, ${m2(f.key_idle.vacant_m2)} vacant`,
      `纳税 tax tiers >=100 M / 70-100 M / 50-70 M CNY       ${f.tax.tiers.over_100m} / ${f.tax.tiers['70m_100m']} / ${f.tax.tiers['50m_70m']}`,
      planLine(f.targets, m2),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
  });
}
