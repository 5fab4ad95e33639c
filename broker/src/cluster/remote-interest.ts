import { QlobberDedup } from 'qlobber';

/**
 * What this node knows of the other nodes' subscriptions: for each node, the topic filters its local
 * subscribers (MQTT clients, aedes' own `$SYS` listeners, an in-process dashboard) hold, and the order
 * number of the last change it applied. A message goes to Redis only for the nodes whose filters match
 * it (interest-based forwarding, DESIGN.md "Scale-out"); a node whose filters are being (re)loaded gets
 * everything meanwhile, so an unknown state never drops a message.
 *
 * Matching is qlobber's, with mqemitter's options (the matcher each node routes with), so a filter here
 * matches exactly the topics the remote node's own router would deliver.
 */
export class RemoteInterest {
  readonly #matcher = new QlobberDedup({
    separator: '/',
    wildcard_one: '+',
    wildcard_some: '#',
    match_empty_levels: true,
  });
  readonly #nodes = new Map<string, { seq: number; filters: Set<string>; lastSeen: number }>();
  /** Nodes being (re)loaded: each is sent every message until its filters are known. */
  readonly #loading = new Set<string>();
  /** Topic -> nodes, for telemetry's few distinct topics; cleared at every change. */
  #cache = new Map<string, readonly string[]>();

  /** The nodes that want a message on `topic`. */
  targets(topic: string): readonly string[] {
    const cached = this.#cache.get(topic);
    if (cached) return cached;
    const nodes = this.#matcher.match(topic) as Set<string>;
    for (const node of this.#loading) nodes.add(node);
    const found = [...nodes];
    if (this.#cache.size >= 10_000) this.#cache = new Map();
    this.#cache.set(topic, found);
    return found;
  }

  /** Last order number applied for `node`, or undefined for a node not known (or being loaded). */
  seqOf(node: string): number | undefined {
    return this.#loading.has(node) ? undefined : this.#nodes.get(node)?.seq;
  }

  known(node: string): boolean {
    return this.#nodes.has(node);
  }

  loading(node: string): boolean {
    return this.#loading.has(node);
  }

  /** From now until {@link replace}: `node` gets every message. */
  startLoading(node: string): void {
    this.#loading.add(node);
    this.#changed();
  }

  /** The node's whole set of filters as of order number `seq`. */
  replace(node: string, seq: number, filters: Iterable<string>, now: number): void {
    this.#drop(node);
    const set = new Set(filters);
    for (const filter of set) this.#matcher.add(filter, node);
    this.#nodes.set(node, { seq, filters: set, lastSeen: now });
    this.#loading.delete(node);
    this.#changed();
  }

  /** Applies one change in order (the caller checked `seq` follows the last one). */
  change(node: string, seq: number, added: readonly string[], removed: readonly string[], now: number): void {
    const entry = this.#nodes.get(node);
    if (!entry) return;
    for (const filter of added) {
      if (entry.filters.has(filter)) continue;
      entry.filters.add(filter);
      this.#matcher.add(filter, node);
    }
    for (const filter of removed) {
      if (!entry.filters.delete(filter)) continue;
      this.#matcher.remove(filter, node);
    }
    entry.seq = seq;
    entry.lastSeen = now;
    this.#changed();
  }

  seen(node: string, now: number): void {
    const entry = this.#nodes.get(node);
    if (entry) entry.lastSeen = now;
  }

  /** Forgets a node (it said goodbye, or went silent); returns whether it was known. */
  forget(node: string): boolean {
    const was = this.#nodes.has(node) || this.#loading.has(node);
    this.#drop(node);
    this.#loading.delete(node);
    this.#changed();
    return was;
  }

  /** Nodes not heard from since `before`. */
  silentSince(before: number): string[] {
    return [...this.#nodes].filter(([, entry]) => entry.lastSeen < before).map(([node]) => node);
  }

  /** Forgets everything (the control channel was cut: the state is unknown until reloaded). */
  clear(): void {
    for (const node of [...this.#nodes.keys()]) this.#drop(node);
    this.#loading.clear();
    this.#changed();
  }

  #drop(node: string): void {
    const entry = this.#nodes.get(node);
    if (!entry) return;
    for (const filter of entry.filters) this.#matcher.remove(filter, node);
    this.#nodes.delete(node);
  }

  #changed(): void {
    if (this.#cache.size > 0) this.#cache = new Map();
  }
}
