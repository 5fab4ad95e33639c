// The district simulator as `louyu simulate` runs it: one MQTT gateway per building, in real time. The scale
// suite holds the district's clock until every gateway is connected (a gateway that is not yet connected
// drops what it is handed), then releases it a minute behind, so the first report (every device at once)
// goes out at once instead of a minute later, and real time follows from there.
import type { District } from '@louyu/simulators';
import { createDistrict, runFleet, type Fleet, type FleetStats } from '@louyu/simulators';
import { serve } from '../child.ts';
import { syntheticRegistry } from '../registry.ts';

const MINUTE = 60_000;

let fleet: Fleet | undefined;
let release: (() => void) | undefined;

/**
 * runFleet paces the district's clock from where it stood at the start. Until released, this district's clock
 * reads as keeping pace with the wall clock (nothing is due); on release it reads a minute behind, so the
 * fleet steps the first simulated minute at once, and after that it is in step with the wall clock.
 */
function heldDistrict(real: District, t0: number): { district: District; release: () => void } {
  let releasedAt: number | null = null;
  const district: District = {
    get now() {
      return releasedAt === null ? real.now + (Date.now() - t0) : real.now + (releasedAt - t0) - MINUTE;
    },
    step: (ms) => real.step(ms),
    buildings: real.buildings,
    scenario: real.scenario,
    seed: real.seed,
    timeZone: real.timeZone,
    tickMs: real.tickMs,
    model: (id) => real.model(id),
    drainControls: () => real.drainControls(),
    reportAllNextTick: () => real.reportAllNextTick(),
  };
  return { district, release: () => void (releasedAt ??= Date.now()) };
}

function start(args: { url: string; buildings: number; passwords: Record<string, string> }): void {
  const registry = syntheticRegistry(args.buildings);
  const t0 = Date.now();
  // Real time starts a minute back, so the first minute's readings carry present-day timestamps.
  const held = heldDistrict(createDistrict({ registry, seed: 1, start: t0 - MINUTE }), t0);
  release = held.release;
  fleet = runFleet({ district: held.district, brokerUrl: args.url, credentials: args.passwords, speed: 1 });
}

function stats(): FleetStats | undefined {
  return fleet?.stats();
}

async function stop(): Promise<void> {
  await fleet?.stop();
  fleet = undefined;
}

serve({ start, release: () => release?.(), stats, stop, close: stop });
