import { Redis } from 'ioredis';
import { parseRedisUrl } from '@louyu/core/redis-url';
import { watchRedis } from '../redis-connections.ts';
import type { Logger } from 'pino';
import type { GatewayPresence } from './presence.ts';

const PREFIX = 'louyu:status:';
/** Hash per building: gateway client id -> the node it is connected to. */
const gatewaysKey = (building: string) => `${PREFIX}gateways:${building}`;
/** Set of the buildings that have (or had) a hash, so a sweep needs no SCAN. */
const BUILDINGS_KEY = `${PREFIX}buildings`;
/** Per node, expiring: the node is alive while the key exists. */
const NODE_PREFIX = `${PREFIX}node:`;

// Counts the live connections of a building hash (KEYS[1]) and deletes those of dead nodes. Node keys are
// built in the script, so this needs one Redis, not a cluster (as aedes-persistence-redis does).
const LIVE = `
local function live(key)
  local all = redis.call('HGETALL', key)
  local n = 0
  for i = 1, #all, 2 do
    if redis.call('EXISTS', '${NODE_PREFIX}' .. all[i + 1]) == 1 then
      n = n + 1
    else
      redis.call('HDEL', key, all[i])
    end
  end
  return n
end
`;

// KEYS[1] hash, KEYS[2] buildings set; ARGV client id, node, building.
const JOIN = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
return 1
`;

// KEYS[1] hash; ARGV client id, node. Compare-and-delete, then the live count.
const LEAVE = `${LIVE}
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
end
return live(KEYS[1])
`;

const COUNT = `${LIVE}
return live(KEYS[1])
`;

// KEYS[1] hash, KEYS[2] buildings set; ARGV building. 1 when this sweep emptied the building.
const SWEEP = `${LIVE}
local before = redis.call('HLEN', KEYS[1])
if before == 0 then
  redis.call('SREM', KEYS[2], ARGV[1])
  return 0
end
if live(KEYS[1]) == 0 then return 1 end
return 0
`;

// KEYS[1] node key; ARGV ttl ms. 1 when the key was still there.
const HEARTBEAT = `
local existed = redis.call('EXISTS', KEYS[1])
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return existed
`;

export interface RedisPresenceOptions {
  /** A node whose heartbeat is older than this is dead and its gateways gone. */
  nodeTtlMs: number;
}

/**
 * Gateway connections of every broker node in one Redis (`--redis`), so that a building is offline
 * only when its last gateway is gone, whichever node each was connected to. A node that dies without
 * an orderly shutdown stops its heartbeat; after `nodeTtlMs` its connections no longer count, and the
 * next sweep (any node's) reports the buildings that have none left.
 */
export class RedisPresence implements GatewayPresence {
  readonly #redis: Redis;
  readonly #ttlMs: number;

  constructor(url: string, log: Logger, options: RedisPresenceOptions) {
    this.#ttlMs = options.nodeTtlMs;
    this.#redis = new Redis({ ...parseRedisUrl(url), connectionName: 'louyu-broker-status' });
    watchRedis(this.#redis, 'status', log);
  }

  async join(building: string, clientId: string, node: string): Promise<void> {
    await this.#redis.eval(JOIN, 2, gatewaysKey(building), BUILDINGS_KEY, clientId, node, building);
  }

  async leave(building: string, clientId: string, node: string): Promise<number> {
    return Number(await this.#redis.eval(LEAVE, 1, gatewaysKey(building), clientId, node));
  }

  async count(building: string): Promise<number> {
    return Number(await this.#redis.eval(COUNT, 1, gatewaysKey(building)));
  }

  async heartbeat(node: string): Promise<boolean> {
    return Number(await this.#redis.eval(HEARTBEAT, 1, NODE_PREFIX + node, this.#ttlMs)) === 1;
  }

  async sweep(): Promise<string[]> {
    const emptied: string[] = [];
    for (const building of await this.#redis.smembers(BUILDINGS_KEY)) {
      const result = await this.#redis.eval(SWEEP, 2, gatewaysKey(building), BUILDINGS_KEY, building);
      if (Number(result) === 1) emptied.push(building);
    }
    return emptied;
  }

  /** Forgets this node's heartbeat (its connections were let go one by one before) and disconnects. */
  async close(node?: string): Promise<void> {
    const redis = this.#redis;
    // Only while connected: commands queued during an outage would hold the shutdown.
    if (redis.status === 'ready') {
      if (node) await redis.del(NODE_PREFIX + node).catch(() => undefined);
      await redis.quit().catch(() => undefined);
    }
    redis.disconnect();
  }
}
