import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { parseRedisUrl } from '@louyu/core/redis-url';
import { watchRedis } from '../redis-connections.ts';
import type { Logger } from 'pino';

/**
 * Which account owns which client id (DESIGN.md "Security": a client id and its session belong to the
 * account that created them). The first account to connect with an id binds it; afterwards only that
 * account may connect with it, so no other account resumes its session, receives its queued messages or
 * takes its connection over (aedes closes the older connection of an id when a new one registers,
 * which happens only after `authenticate` accepted the new one).
 *
 * Only accounts own ids. Anonymous demo clients bind nothing: they may use an id no account owns (and
 * take over one another there, as aedes always did), never an account's. Were visitors to bind ids,
 * anyone could squat a gateway's guessable id before the gateway's first connect, and every random id
 * a visitor sends would be kept.
 *
 * Bounded: each account keeps at most `perAccount` ids; past that its least recently connected id is
 * released (it may then be bound by another account, which its owner invited by churning through that
 * many ids). An id longer than {@link MAX_KEPT_ID_BYTES} is kept as its SHA-256. Memory or Redis thus
 * holds at most accounts x perAccount x ~150 bytes, whatever clients send.
 */
export interface ClientOwnership {
  /**
   * Binds `clientId` to `account` unless another account owns it, and marks it as that account's most
   * recently used id. Resolves with the other owner, or null when `account` may use the id.
   */
  claim(clientId: string, account: string): Promise<string | null>;
  /** The account that owns `clientId`, or null when nobody does. */
  ownerOf(clientId: string): Promise<string | null>;
  /** Releases the Redis connection (nothing for memory). */
  close(): Promise<void>;
}

/** Default bound of client ids one account owns: a gateway uses one or two, services a few per worker. */
export const DEFAULT_CLIENT_IDS_PER_ACCOUNT = 1000;

/** Ids up to this many bytes are kept as they are; longer ones as their hash. */
export const MAX_KEPT_ID_BYTES = 128;

const HASHED = 'sha256:';

/** What is stored for a client id: the id itself, or its hash when long (or when it looks hashed). */
export function ownershipKey(clientId: string): string {
  if (Buffer.byteLength(clientId) <= MAX_KEPT_ID_BYTES && !clientId.startsWith(HASHED)) return clientId;
  return HASHED + createHash('sha256').update(clientId).digest('hex');
}

/** The ownership store matching the broker's persistence: in memory, or in Redis beside the sessions. */
export function openClientOwnership(
  redisUrl: string | null,
  perAccount: number,
  log: Logger,
): ClientOwnership {
  return redisUrl
    ? new RedisClientOwnership(redisUrl, perAccount, log)
    : new MemoryClientOwnership(perAccount);
}

/** In memory, for the in-memory persistence: bindings live as long as the sessions do (the process). */
export class MemoryClientOwnership implements ClientOwnership {
  readonly #owners = new Map<string, string>();
  // Per account, its ids from least to most recently connected (a Set keeps insertion order).
  readonly #byAccount = new Map<string, Set<string>>();

  constructor(readonly perAccount: number = DEFAULT_CLIENT_IDS_PER_ACCOUNT) {
    checkBound(perAccount);
  }

  claim(clientId: string, account: string): Promise<string | null> {
    const key = ownershipKey(clientId);
    const owner = this.#owners.get(key);
    if (owner !== undefined && owner !== account) return Promise.resolve(owner);
    this.#owners.set(key, account);
    let ids = this.#byAccount.get(account);
    if (!ids) this.#byAccount.set(account, (ids = new Set()));
    ids.delete(key);
    ids.add(key);
    for (const oldest of ids) {
      if (ids.size <= this.perAccount) break;
      ids.delete(oldest);
      if (this.#owners.get(oldest) === account) this.#owners.delete(oldest);
    }
    return Promise.resolve(null);
  }

  ownerOf(clientId: string): Promise<string | null> {
    return Promise.resolve(this.#owners.get(ownershipKey(clientId)) ?? null);
  }

  /** Number of bound ids (tests). */
  get size(): number {
    return this.#owners.size;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

// Redis keys; the hash tag keeps them in one slot, so the claim script may touch both in a cluster.
/** Hash: client id (or its key) -> owning account. */
export const REDIS_OWNER_KEY = 'louyu:{client-owner}:owner';
/** Sorted set per account: its client ids scored by the time they last connected. */
export const redisIdsKey = (account: string): string => `louyu:{client-owner}:ids:${account}`;

// Atomic, so two nodes never both bind one id: answers the other owner, or binds (and bounds) and
// answers nil. KEYS: owner hash, this account's ids. ARGV: id, account, now (ms), bound.
const CLAIM_SCRIPT = `
local owner = redis.call('HGET', KEYS[1], ARGV[1])
if owner and owner ~= ARGV[2] then return owner end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
local extra = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if extra > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, extra - 1)) do
    if redis.call('HGET', KEYS[1], id) == ARGV[2] then redis.call('HDEL', KEYS[1], id) end
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, extra - 1)
end
return false
`;

type ClaimCommand = (
  ownerKey: string,
  idsKey: string,
  id: string,
  account: string,
  now: number,
  bound: number,
) => Promise<string | null>;

/**
 * In Redis, beside aedes' sessions: every broker node sees the same owners, and they survive broker
 * restarts as the sessions do. One connection of its own, with an error listener (a Redis outage must
 * not end the process); while Redis is away, CONNECTs that need an owner get CONNACK 3.
 */
export class RedisClientOwnership implements ClientOwnership {
  readonly #redis: Redis;
  readonly #claim: ClaimCommand;

  constructor(
    url: string,
    readonly perAccount: number,
    log: Logger,
  ) {
    checkBound(perAccount);
    this.#redis = new Redis({
      ...parseRedisUrl(url),
      connectionName: 'louyu-broker-client-owners',
      maxRetriesPerRequest: 3,
    });
    watchRedis(this.#redis, 'client-owners', log);
    this.#redis.defineCommand('louyuClaimClientId', { numberOfKeys: 2, lua: CLAIM_SCRIPT });
    const command = (this.#redis as unknown as { louyuClaimClientId: ClaimCommand }).louyuClaimClientId;
    this.#claim = command.bind(this.#redis);
  }

  async claim(clientId: string, account: string): Promise<string | null> {
    const owner = await this.#claim(
      REDIS_OWNER_KEY,
      redisIdsKey(account),
      ownershipKey(clientId),
      account,
      Date.now(),
      this.perAccount,
    );
    return owner ?? null;
  }

  ownerOf(clientId: string): Promise<string | null> {
    return this.#redis.hget(REDIS_OWNER_KEY, ownershipKey(clientId));
  }

  async close(): Promise<void> {
    if (this.#redis.status === 'ready') await this.#redis.quit().catch(() => undefined);
    this.#redis.disconnect();
  }
}

function checkBound(perAccount: number): void {
  if (!Number.isInteger(perAccount) || perAccount < 1) {
    throw new RangeError(`client ids per account must be a whole number >= 1, not ${perAccount}`);
  }
}
