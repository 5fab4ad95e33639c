import { brokerConnectOptions, TS_MAX_FUTURE_MS } from '@louyu/core';
import type { Credentials } from './credentials.ts';
import type { District } from './district.ts';
import { districtGateways } from './district-gateways.ts';
import type { Gateway } from './gateway.ts';
import type { SimMessage } from './messages.ts';
import { continueMeters, type InitialMeters } from './initial-meters.ts';

/** How to run a district's gateways against a broker. */
export interface FleetOptions {
  district: District;
  /**
   * mqtt://host:port (or mqtts://, ws://, wss://), or several separated by commas: each gateway starts on
   * the first broker and moves to the next when its broker goes away.
   */
  brokerUrl: string;
  credentials: Credentials;
  /** Simulated ms per wall-clock ms (1440 = a day in a minute), or 'max' to run as fast as the broker takes. */
  speed: number | 'max';
  usernamePrefix?: string;
  /** Unacknowledged QoS 1 publishes per gateway (default 64). */
  window?: number;
  /** Base reconnect period in ms (default 1,000; each gateway adds up to 50 % jitter). */
  reconnectPeriodMs?: number;
  /**
   * How far the simulated clock may run ahead of the wall clock (default 4 min): ingest refuses `ts` more
   * than 5 min in the future, so a fast run must start in the past and settles to real time once caught up.
   */
  maxLeadMs?: number;
  /**
   * Readings the meters continue from (building -> meter device -> kWh), applied before the first step:
   * `louyu start` fills them from the store's latest readings so a restart never sends a counter back.
   */
  initialMeters?: InitialMeters;
  /** Called with the stats every `progressIntervalMs` (default 1,000). */
  onProgress?: (stats: FleetStats) => void;
  progressIntervalMs?: number;
}

/** What the fleet has done so far. */
export interface FleetStats {
  gateways: number;
  /** Gateways connected now. */
  connected: number;
  /** Messages handed to the connections, acknowledged by the broker, refused by full windows. */
  sent: number;
  acked: number;
  dropped: number;
  errors: number;
  /** Acknowledged messages per wall-clock second since the previous stats. */
  messagesPerSecond: number;
  /** The simulated clock, UTC ms. */
  simNow: number;
  /** Simulated ms per wall-clock ms over the last 10 s or so: the speed actually reached. */
  simSpeed: number;
  /** How far the simulated clock is behind the wall clock, ms (0 when in step): a replay while > 0. */
  behindMs: number;
  /** Gateway (re)connections in total, over all gateways. */
  connects: number;
  /** The latest error's message, if any. */
  lastError?: string;
}

export interface Fleet {
  stats(): FleetStats;
  /** Stops the clock, says `offline` on each status topic and disconnects every gateway. */
  stop(): Promise<void>;
}

/** Starts one gateway per simulated building and publishes the district's messages through them. */
export function runFleet(options: FleetOptions): Fleet {
  const { district, speed } = options;
  if (speed !== 'max' && !(typeof speed === 'number' && speed > 0 && Number.isFinite(speed))) {
    throw new Error(`speed must be a positive number or "max", got ${String(speed)}`);
  }
  // Checked once, before any gateway connects (each gateway parses it again for its own connection).
  brokerConnectOptions(options.brokerUrl, '--mqtt-url');
  if (options.initialMeters) continueMeters(district, options.initialMeters);
  const maxLeadMs = options.maxLeadMs ?? TS_MAX_FUTURE_MS - 60_000;
  let errors = 0;
  let lastError: string | undefined;
  const onError = (error: Error) => {
    errors++;
    lastError = error.message;
  };
  const gateways = districtGateways(district, {
    brokerUrl: options.brokerUrl,
    usernamePrefix: options.usernamePrefix,
    credentials: options.credentials,
    window: options.window,
    reconnectPeriodMs: options.reconnectPeriodMs,
    onError,
  });
  let sent = 0;
  let running = true;
  const wallStart = Date.now();
  const simStart = district.now;
  let lastStats = { at: wallStart, acked: 0 };
  // (wall, simulated) clock samples of the last SPEED_WINDOW_MS: the clock moves a chunk at a time, so the
  // speed is measured over several chunks, not between two progress calls.
  const samples: { at: number; simNow: number }[] = [{ at: wallStart, simNow: district.now }];

  const stats = (): FleetStats => {
    const list = [...gateways.values()];
    const acked = list.reduce((n, g) => n + g.acked, 0);
    const now = Date.now();
    const elapsed = Math.max(1, now - lastStats.at);
    const messagesPerSecond = ((acked - lastStats.acked) * 1000) / elapsed;
    lastStats = { at: now, acked };
    samples.push({ at: now, simNow: district.now });
    while (samples.length > 2 && now - samples[1]!.at >= SPEED_WINDOW_MS) samples.shift();
    const oldest = samples[0]!;
    const simSpeed = (district.now - oldest.simNow) / Math.max(1, now - oldest.at);
    return {
      gateways: list.length,
      connected: list.filter((g) => g.connected).length,
      sent,
      acked,
      dropped: list.reduce((n, g) => n + g.dropped, 0),
      errors,
      messagesPerSecond: Math.round(messagesPerSecond),
      simNow: district.now,
      simSpeed: Math.round(simSpeed * 10) / 10,
      behindMs: Math.max(0, now - district.now),
      connects: list.reduce((n, g) => n + g.connects, 0),
      ...(lastError === undefined ? {} : { lastError }),
    };
  };

  // The clock's pace: where the simulated clock should be now, never further ahead than ingest accepts.
  const target = (): number => {
    const wall = Date.now();
    const paced = speed === 'max' ? district.now + district.tickMs : simStart + (wall - wallStart) * speed;
    return Math.min(paced, wall + maxLeadMs);
  };

  // One gateway's messages of a chunk, in order, waiting only on that gateway's own window.
  const send = async (gateway: Gateway, messages: readonly SimMessage[]): Promise<void> => {
    for (const m of messages) {
      if (!running) return;
      const offered = gateway.offer(m);
      if (offered === 'dropped') continue;
      if (offered !== 'sent') await offered;
      sent++;
    }
  };

  const loop = async (): Promise<void> => {
    // The first messages wait for the gateways' first connections (a while at most), not dropped meanwhile.
    const connectBy = Date.now() + FIRST_CONNECT_WAIT_MS;
    while (running && Date.now() < connectBy && [...gateways.values()].some((g) => g.connects === 0))
      await sleep(20);
    while (running) {
      // A chunk at a time, however far behind its pace the clock is: memory stays bounded and a slow
      // broker slows the replay down instead of piling up messages.
      const until = Math.min(target(), district.now + Math.max(district.tickMs, MAX_CHUNK_MS));
      if (until - district.now < district.tickMs) {
        await sleep(Math.min(50, speed === 'max' ? 50 : Math.max(1, district.tickMs / speed)));
        continue;
      }
      const byGateway = new Map<Gateway, SimMessage[]>();
      for (const m of district.step(until - district.now)) {
        const gateway = gateways.get(m.gateway);
        if (!gateway) continue;
        const list = byGateway.get(gateway);
        if (list) list.push(m);
        else byGateway.set(gateway, [m]);
      }
      // Gateways publish side by side, as real ones do: one with a full window holds up only itself.
      await Promise.all([...byGateway].map(([gateway, messages]) => send(gateway, messages)));
      for (const control of district.drainControls()) {
        const forWall = speed === 'max' ? control.forMs : control.forMs / speed;
        gateways.get(control.building)?.drop(forWall);
      }
      // Let acknowledgements and timers run between steps, even at full speed.
      await sleep(0);
    }
  };
  const done = loop().catch((error: unknown) =>
    onError(error instanceof Error ? error : new Error(String(error))),
  );
  const progress = options.onProgress;
  const timer = progress
    ? setInterval(() => progress(stats()), options.progressIntervalMs ?? 1_000)
    : undefined;

  return {
    stats,
    async stop(): Promise<void> {
      running = false;
      if (timer) clearInterval(timer);
      for (const g of gateways.values()) g.halt();
      await done;
      await Promise.all([...gateways.values()].map((g) => g.stop()));
    },
  };
}

/** The most simulated time stepped at once (one minute: a few thousand messages for a whole district). */
const MAX_CHUNK_MS = 60_000;
/** The wall-clock window the reached speed is measured over. */
const SPEED_WINDOW_MS = 10_000;
/** How long the fleet waits for every gateway's first connection before its clock starts. */
const FIRST_CONNECT_WAIT_MS = 10_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
