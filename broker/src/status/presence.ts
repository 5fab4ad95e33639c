/**
 * Which gateway connections each building has, over every broker node: the building is online while it
 * has at least one (DESIGN.md "MQTT contract": it is offline only when all of its gateways are).
 * A connection is named by its MQTT client id, which is unique over the nodes (a client id that connects
 * on another node closes its old connection there), and held by the node it is connected to.
 */
export interface GatewayPresence {
  /** Records that `clientId`, a gateway of `building`, is connected to `node`. */
  join(building: string, clientId: string, node: string): Promise<void>;
  /**
   * Forgets `clientId` if `node` still holds it (a client id that has moved to another node stays),
   * and resolves to the number of the building's gateway connections left.
   */
  leave(building: string, clientId: string, node: string): Promise<number>;
  /** The number of the building's gateway connections. */
  count(building: string): Promise<number>;
  /**
   * Says that `node` is alive; resolves to false when its connections had been given up for dead (a
   * long outage between the node and Redis), so that the caller records them again. Called on a timer.
   */
  heartbeat(node: string): Promise<boolean>;
  /**
   * Forgets the connections of nodes that died without saying so; resolves to the buildings that have
   * no connection left because of it. Called on a timer.
   */
  sweep(): Promise<string[]>;
  /** Releases the presence; `node`, when given, is this node, shutting down. */
  close(node?: string): Promise<void>;
}

/** One broker node, no Redis: everything is in this process. */
export class MemoryPresence implements GatewayPresence {
  readonly #buildings = new Map<string, Map<string, string>>();

  join(building: string, clientId: string, node: string): Promise<void> {
    let held = this.#buildings.get(building);
    if (!held) this.#buildings.set(building, (held = new Map<string, string>()));
    held.set(clientId, node);
    return Promise.resolve();
  }

  leave(building: string, clientId: string, node: string): Promise<number> {
    const held = this.#buildings.get(building);
    if (held?.get(clientId) === node) held.delete(clientId);
    if (held?.size === 0) this.#buildings.delete(building);
    return Promise.resolve(held?.size ?? 0);
  }

  count(building: string): Promise<number> {
    return Promise.resolve(this.#buildings.get(building)?.size ?? 0);
  }

  heartbeat(): Promise<boolean> {
    return Promise.resolve(true);
  }

  sweep(): Promise<string[]> {
    return Promise.resolve([]);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
