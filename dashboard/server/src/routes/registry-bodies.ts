import { createHash } from 'node:crypto';
import type { Registry } from '@louyu/core';
import { canSeeBuilding, type UserRecord } from '../auth/users.ts';

/** The registry entries a user may see, serialized, and the entity tag of exactly those bytes. */
export interface RegistryBody {
  json: string;
  etag: string;
}

/** Distinct building sets held (district staff share one; each manager's assignment is another). */
const MAX_SETS = 256;

/**
 * The directory's bodies, one per set of visible buildings. The registry is fixed for the server's life,
 * so a body is serialized and hashed once, not at every page load (1,000 buildings are about 550 kB).
 * The tag is a hash of the bytes: a server started with another registry, or a user who sees other
 * buildings, never matches a copy the browser already holds.
 */
export class RegistryBodies {
  readonly #registry: Registry;
  readonly #bodies = new Map<string, RegistryBody>();

  constructor(registry: Registry) {
    this.#registry = registry;
  }

  for(user: Pick<UserRecord, 'role' | 'buildings'>): RegistryBody {
    const all = this.#registry.buildings;
    const visible = all.filter((b) => canSeeBuilding(user, b.id));
    const key = visible.length === all.length ? '*' : visible.map((b) => b.id).join('\n');
    let body = this.#bodies.get(key);
    if (!body) {
      // Bounded: past MAX_SETS sets (many managers with different assignments), start over.
      if (this.#bodies.size >= MAX_SETS) this.#bodies.clear();
      const json = JSON.stringify(visible);
      const hash = createHash('sha256').update(json).digest('base64url').slice(0, 32);
      body = { json, etag: `"${hash}"` };
      this.#bodies.set(key, body);
    }
    return body;
  }
}
