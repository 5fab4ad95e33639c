import type { Credentials } from './credentials.ts';
import type { District } from './district.ts';
import { districtGateways } from './district-gateways.ts';
import type { Gateway } from './gateway.ts';
import type { SimMessage } from './messages.ts';

/** How to connect a district's gateways to a broker whose clock the caller steps. */
export interface ConnectDistrictOptions {
  district: District;
  /** mqtt://host:port (or mqtts://, ws://, wss://), or several separated by commas. */
  brokerUrl: string;
  /**
   * Gateway passwords per building (a map or a function). Absent: every gateway logs in with the password
   * `simulated`, which a broker that lets anyone in (a test's aedes or mosquitto) takes.
   */
  credentials?: Credentials;
  /** Gateways log in as `{prefix}{building}` (default `gw-`). */
  usernamePrefix?: string;
  /** How long to wait for every gateway's first connection, ms (default 10,000). */
  connectTimeoutMs?: number;
}

/** A district whose gateways are connected to a broker: the caller moves the clock, not the wall clock. */
export interface ConnectedDistrict {
  readonly district: District;
  /** One gateway per simulated building, by building id. */
  readonly gateways: ReadonlyMap<string, Gateway>;
  /**
   * Advances the simulated clock by `ms`, publishes what the gateways would have published meanwhile and
   * resolves with those messages once the broker has acknowledged every QoS 1 publish of them.
   */
  step(ms: number): Promise<SimMessage[]>;
  /** Each gateway says `offline` on its status topic and disconnects. */
  stop(): Promise<void>;
}

/**
 * Connects one gateway per simulated building to a broker and resolves once all are connected and the
 * broker has acknowledged each one's `online` (retained, on its status topic). Unlike `runFleet`, which paces the clock by the wall
 * clock, nothing is published until `step` is called: a test decides how much simulated time passes.
 */
export async function connectDistrict(options: ConnectDistrictOptions): Promise<ConnectedDistrict> {
  const { district } = options;
  const errors: Error[] = [];
  const gateways = districtGateways(district, {
    brokerUrl: options.brokerUrl,
    usernamePrefix: options.usernamePrefix,
    credentials: options.credentials ?? (() => 'simulated'),
    onError: (error) => errors.push(error),
  });
  const stopAll = () => Promise.all([...gateways.values()].map((g) => g.stop())).then(() => undefined);
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  while ([...gateways.values()].some((g) => g.announced === 0)) {
    if (Date.now() > deadline) {
      await stopAll();
      const why = errors.at(-1)?.message ?? 'no answer';
      throw new Error(
        `connectDistrict: gateways not connected to ${options.brokerUrl} in ${timeoutMs} ms (${why})`,
      );
    }
    await sleep(10);
  }

  return {
    district,
    gateways,
    async step(ms) {
      const messages = district.step(ms);
      const byGateway = new Map<string, SimMessage[]>();
      for (const m of messages) {
        const list = byGateway.get(m.gateway);
        if (list) list.push(m);
        else byGateway.set(m.gateway, [m]);
      }
      // Gateways publish side by side, each in its own order, waiting only on its own in-flight window.
      await Promise.all(
        [...byGateway].map(async ([building, list]) => {
          const gateway = gateways.get(building);
          if (!gateway) return;
          for (const m of list) {
            const offered = gateway.offer(m);
            if (offered !== 'sent' && offered !== 'dropped') await offered;
          }
          while (gateway.inFlight > 0) await sleep(5);
        }),
      );
      const failed = errors.splice(0);
      if (failed.length > 0) throw new Error(`connectDistrict: publishing failed: ${failed[0]!.message}`);
      return messages;
    },
    stop: stopAll,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
