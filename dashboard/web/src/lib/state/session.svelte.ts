import type { LoginReply, Me } from '../contracts.ts';

const STORAGE_KEY = 'louyu.session';

interface StoredSession {
  token: string;
  expires_at: number;
  user: Me;
}

function load(): StoredSession | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as StoredSession;
    return session.expires_at > Date.now() ? session : null;
  } catch {
    return null;
  }
}

/** Who is signed in: the JWT for REST and the socket, and what the user may see. Survives a reload. */
class Session {
  #stored = $state<StoredSession | null>(load());

  readonly token = $derived(this.#stored?.token ?? null);
  readonly user = $derived(this.#stored?.user ?? null);
  readonly signedIn = $derived(this.#stored !== null);
  /**
   * District staff and admins acknowledge alarms for every building, managers for their own; a read-only
   * viewer (a wall display's account) only looks (the server refuses it every change too).
   */
  readonly canAcknowledge = $derived(this.#stored !== null && this.#stored.user.role !== 'viewer');

  /** Remembers a successful login. */
  accept(reply: LoginReply): void {
    this.#stored = { token: reply.token, expires_at: reply.expires_at, user: reply.user };
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(this.#stored));
    } catch {
      // Storage refused: the session lasts until the tab closes.
    }
  }

  /** Forgets the token (logout, or the server said it is no longer valid). */
  clear(): void {
    this.#stored = null;
    try {
      globalThis.localStorage?.removeItem(STORAGE_KEY);
    } catch {
      // Nothing stored.
    }
  }

  /** True when this user may see the building (the server enforces it too; this only hides links). */
  maySee(buildingId: string): boolean {
    return this.user?.buildings.includes(buildingId) ?? false;
  }
}

/** The one session of the app. */
export const session = new Session();
