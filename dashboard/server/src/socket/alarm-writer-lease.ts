import type { Redis } from 'ioredis';

/** Takes the lease when free, extends it when this node holds it; returns the holder afterwards (nil: none). */
const ACQUIRE_OR_RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return ARGV[1]
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return ARGV[1] end
return redis.call('GET', KEYS[1])`;

/** Which node holds the lease, as this node last learnt it (for /readyz and /metrics). */
export interface LeaseStatus {
  /** This node's id. */
  node: string;
  /** The node holding the lease at the last renewal; null when none did (or before the first answer). */
  holder: string | null;
  /** Whether this node is the holder. */
  held: boolean;
  /** When Redis last answered a renewal (ms since the epoch); null before the first answer. */
  checkedAt: number | null;
}

/** Gives the lease up only if this node still holds it. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Which dashboard node writes alarm transitions to the store when several share one (scale-out). Every node
 * raises and clears alarms from its own live state, each on its own clock, so if all of them wrote, every
 * transition would be stored once per node a few ms apart (doubled history, doubled report counts). The
 * holder of this Redis lease writes; the lease is renewed every third of its length and passes to another
 * node when its holder stops renewing. While Redis cannot be reached a node keeps its last answer: the
 * holder goes on writing rather than losing events. Transitions in a takeover window (at most one lease
 * length after a holder dies) are kept in memory by every node but stored by none.
 */
export class AlarmWriterLease {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #nodeId: string;
  readonly #ttlMs: number;
  #held = false;
  #holder: string | null = null;
  #checkedAt: number | null = null;
  #timer: NodeJS.Timeout | undefined;

  constructor(redis: Redis, nodeId: string, ttlMs: number, key = 'louyu:dashboard:alarm-writer') {
    this.#redis = redis;
    this.#nodeId = nodeId;
    this.#ttlMs = Math.max(30, Math.round(ttlMs));
    this.#key = key;
  }

  /** True while this node holds the lease (as of its last renewal). */
  get held(): boolean {
    return this.#held;
  }

  /** This node's id, the holder it last learnt of, and when. */
  status(): LeaseStatus {
    return { node: this.#nodeId, holder: this.#holder, held: this.#held, checkedAt: this.#checkedAt };
  }

  /** Tries once now, then keeps renewing. */
  async start(): Promise<void> {
    await this.#renew();
    this.#timer = setInterval(() => void this.#renew(), Math.max(10, Math.floor(this.#ttlMs / 3)));
    this.#timer.unref();
  }

  /** Stops renewing and hands the lease back, so another node takes it at its next renewal. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    if (!this.#held) return;
    this.#held = false;
    this.#holder = null;
    await this.#redis.eval(RELEASE, 1, this.#key, this.#nodeId).catch(() => undefined);
  }

  async #renew(): Promise<void> {
    try {
      const holder = await this.#redis.eval(ACQUIRE_OR_RENEW, 1, this.#key, this.#nodeId, this.#ttlMs);
      this.#holder = typeof holder === 'string' ? holder : null;
      this.#held = holder === this.#nodeId;
      this.#checkedAt = Date.now();
    } catch {
      // Redis unreachable: keep the last answer (see the class comment).
    }
  }
}
