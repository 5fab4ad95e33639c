// A district of any size for the scale suite: the Heping registry's buildings repeated with new ids and
// spread over the schematic map, checked by core's own registry validation.
import { hepingRegistry, validateRegistry, type Building, type Registry } from '@louyu/core';

/** `count` buildings `s00000`, `s00001`, ... cloned from Heping's in turn. */
export function syntheticRegistry(count: number): Registry {
  const heping = hepingRegistry();
  if (count <= 0) throw new Error(`a district needs at least one building, got ${count}`);
  const side = Math.ceil(Math.sqrt(count));
  const buildings: Building[] = Array.from({ length: count }, (_, i) => {
    const source = heping.buildings[i % heping.buildings.length] as Building;
    const id = `s${String(i).padStart(5, '0')}`;
    return {
      ...source,
      id,
      name: { zh: `${source.name.zh} ${i}`, en: `${source.name.en} ${i}` },
      generated: true,
      position: { x: ((i % side) + 0.5) * (1000 / side), y: (Math.floor(i / side) + 0.5) * (1000 / side) },
    };
  });
  // Only the registry file's own fields: clusters and thresholds as parsed (clusters, shortfallConfig, byId)
  // are derived by validateRegistry and refused as unknown fields in its input.
  return validateRegistry({ district: heping.district, buildings }, `synthetic district of ${count}`);
}
