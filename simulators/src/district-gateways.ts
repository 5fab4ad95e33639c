import { DEFAULT_USERNAME_PREFIX, passwordFor, type Credentials } from './credentials.ts';
import type { District } from './district.ts';
import { Gateway } from './gateway.ts';

/** How a district's gateways connect: one per building, each with its own account. */
export interface DistrictGatewayOptions {
  /** mqtt://host:port (or mqtts://, ws://, wss://), or several separated by commas. */
  brokerUrl: string;
  /** Username prefix: a building's gateway logs in as `<prefix><building id>` (default `gw-`). */
  usernamePrefix?: string | undefined;
  credentials: Credentials;
  /** QoS 1 messages a gateway may have unacknowledged (default 64). */
  window?: number | undefined;
  /** Base reconnect period in ms (default 1,000; each gateway adds up to 50 % jitter). */
  reconnectPeriodMs?: number | undefined;
  onError: (error: Error) => void;
}

/**
 * One connecting gateway per building of `district`, by building id: what the real-time fleet and a
 * test's stepped district (connectDistrict) both start from.
 */
export function districtGateways(district: District, options: DistrictGatewayOptions): Map<string, Gateway> {
  const prefix = options.usernamePrefix ?? DEFAULT_USERNAME_PREFIX;
  const gateways = new Map<string, Gateway>();
  for (const b of district.buildings) {
    gateways.set(
      b.id,
      new Gateway({
        building: b.id,
        brokerUrl: options.brokerUrl,
        username: `${prefix}${b.id}`,
        password: passwordFor(options.credentials, b.id),
        window: options.window ?? 64,
        reconnectPeriodMs: options.reconnectPeriodMs ?? 1_000,
        seed: district.seed,
        onError: options.onError,
      }),
    );
  }
  return gateways;
}
