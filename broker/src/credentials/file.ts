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
 * revokes take effect on the next connect without a restart.
 */
export class WatchedCredentialsFile implements CredentialSource {
  #store = new CredentialStore();
  #stamp = '';

  private constructor(readonly file: string) {}

  /** Loads the file now; later lookups reload it when its size or mtime changed. */
  static async open(file: string): Promise<WatchedCredentialsFile> {
    const watched = new WatchedCredentialsFile(file);
    await watched.#refresh();
    return watched;
  }

  async find(username: string): Promise<Credential | undefined> {
    await this.#refresh();
    return this.#store.get(username);
  }

  async #refresh(): Promise<void> {
    const s = await stat(this.file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    const stamp = s ? `${s.mtimeMs}:${s.size}:${s.ino}` : 'missing';
    if (stamp === this.#stamp) return;
    this.#store = await loadCredentials(this.file);
    this.#stamp = stamp;
  }
}
