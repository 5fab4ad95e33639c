import { chmod, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { CredentialStore, type Credential, type CredentialSource } from './store.ts';

/** Loads the operator's credentials file; a missing file is an empty store. */
export async function loadCredentials(file: string): Promise<CredentialStore> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new CredentialStore();
    throw err;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return CredentialStore.fromDocument(doc, file);
}

/**
 * Saves atomically (write a temporary file beside it, fsync, rename) with mode 0600, so the broker never
 * reads half a file and other users of the machine never read the hashes.
 */
export async function saveCredentials(file: string, store: CredentialStore): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(store.toDocument(), null, 2)}\n`, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  // The umask may have narrowed the mode further, never widened it; chmod makes it exact.
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/**
 * A credentials file the broker rereads when it changes, so accounts the operator adds, rotates or
 * revokes take effect without a restart: on the next connect, and, for connections already open, through
 * {@link WatchedCredentialsFile.onChange} (the broker cuts the connections of a revoked or rotated account).
 */
export class WatchedCredentialsFile implements CredentialSource {
  #store = new CredentialStore();
  #stamp = '';
  #listeners = new Set<(changed: ReadonlySet<string>) => void>();
  #poll: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;

  private constructor(readonly file: string) {}

  /** Loads the file now; later lookups reload it when its size, mtime or inode changed. */
  static async open(file: string): Promise<WatchedCredentialsFile> {
    const watched = new WatchedCredentialsFile(file);
    await watched.#refresh();
    return watched;
  }

  async find(username: string): Promise<Credential | undefined> {
    await this.#refresh();
    return this.#store.get(username);
  }

  /**
   * Calls `listener` with the usernames whose account was removed or changed (password, role or
   * building) each time the file changes. The file is checked every `intervalMs` while anyone listens:
   * a stat, which follows the atomic rename `saveCredentials` does, where an inotify watch on the old
   * file would not. Returns the function that stops listening.
   */
  onChange(listener: (changed: ReadonlySet<string>) => void, intervalMs = 1000): () => void {
    this.#listeners.add(listener);
    this.#poll ??= setInterval(() => {
      this.#refresh().catch(() => {
        // A file caught half-written or unreadable: the accounts stay as they were; the next check retries.
      });
    }, intervalMs).unref();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#poll) {
        clearInterval(this.#poll);
        this.#poll = undefined;
      }
    };
  }

  // One reload at a time: a connect and the poll may both notice the same change.
  #refresh(): Promise<void> {
    this.#refreshing ??= this.#reload().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #reload(): Promise<void> {
    const s = await stat(this.file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    const stamp = s ? `${s.mtimeMs}:${s.size}:${s.ino}` : 'missing';
    if (stamp === this.#stamp) return;
    const before = this.#store;
    this.#store = await loadCredentials(this.file);
    this.#stamp = stamp;
    const changed = changedAccounts(before, this.#store);
    if (changed.size > 0) for (const listener of this.#listeners) listener(changed);
  }
}

/** Usernames in `before` that `after` no longer has, or has with another password, role or building. */
function changedAccounts(before: CredentialStore, after: CredentialStore): Set<string> {
  const changed = new Set<string>();
  for (const old of before.list()) {
    const now = after.get(old.username);
    if (
      !now ||
      now.role !== old.role ||
      now.building !== old.building ||
      now.password.hash !== old.password.hash ||
      now.password.salt !== old.password.salt
    )
      changed.add(old.username);
  }
  return changed;
}
