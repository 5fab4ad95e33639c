// The district simulator as `louyu simulate` runs it: one MQTT gateway per building, in real time.
import { createDistrict, runFleet, type Fleet, type FleetStats } from '@louyu/simulators';
import { serve } from '../child.ts';
import { syntheticRegistry } from '../registry.ts';

let fleet: Fleet | undefined;

function start(args: { url: string; buildings: number; passwords: Record<string, string> }): void {
  const registry = syntheticRegistry(args.buildings);
  const district = createDistrict({ registry, seed: 1, start: Date.now() });
  fleet = runFleet({ district, brokerUrl: args.url, credentials: args.passwords, speed: 1 });
}

function stats(): FleetStats | undefined {
  return fleet?.stats();
}

async function stop(): Promise<void> {
  await fleet?.stop();
  fleet = undefined;
}

serve({ start, stats, stop, close: stop });
