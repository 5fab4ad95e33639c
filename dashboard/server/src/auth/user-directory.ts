import { readFileSync, statSync } from 'node:fs';
import { hashPassword, verifyPassword } from './password.ts';
import { checkedUsers, loadUsersFileOrNone, writeUsersFile } from './users-file.ts';
import type { UserRecord } from './users.ts';

/**
 * The users the dashboard knows, by username. With a users file (`UserDirectory.open`) the file is the
 * truth: a change the CLI (`louyu users add`) or another process writes there is seen at the next lookup
 * (a stat per lookup, a read only when the file changed), and the web app's changes (`write`) go to the
 * same file through a temporary file and a rename. Built-in users (the demo accounts) are not written
 * back; a file user of the same name wins, so editing a demo user in the web app stores it in the file.
 */
export class UserDirectory {
  #byName = new Map<string, UserRecord>();
  readonly #file: string | undefined;
  readonly #builtIn: readonly UserRecord[];
  /** The file's identity when last read: a different one means someone wrote it since. */
  #seen = '';
  /** Writes one after another, so two admins' changes never overwrite each other. */
  #writing: Promise<unknown> = Promise.resolve();
  // A fixed hash to verify against when the user does not exist, so a wrong username costs as much time
  // as a wrong password and login timing does not reveal which usernames exist.
  #decoy: Promise<string> | undefined;

  constructor(users: readonly UserRecord[], file?: { path: string; builtIn: readonly UserRecord[] }) {
    this.#file = file?.path;
    this.#builtIn = file?.builtIn ?? [];
    this.#byName = merged(users, this.#builtIn);
    if (this.#file) this.#seen = fileIdentity(this.#file);
  }

  /** The users of `path` (none when it does not exist yet) and `builtIn` users the file does not name. */
  static async open(path: string, builtIn: readonly UserRecord[] = []): Promise<UserDirectory> {
    return new UserDirectory(await loadUsersFileOrNone(path), { path, builtIn });
  }

  get size(): number {
    return this.#current().size;
  }

  find(username: string): UserRecord | undefined {
    return this.#current().get(username);
  }

  /** Every user, file users first, in file order. */
  list(): UserRecord[] {
    return [...this.#current().values()];
  }

  /** The user when the password is right and they are not disabled; undefined otherwise, alike. */
  async verify(username: string, password: string): Promise<UserRecord | undefined> {
    const user = this.find(username);
    if (!user) {
      this.#decoy ??= hashPassword('louyu-decoy');
      await verifyPassword(password, await this.#decoy);
      return undefined;
    }
    return (await verifyPassword(password, user.password)) && !user.disabled ? user : undefined;
  }

  /**
   * Writes one user: `make` gets the current record (undefined for a new name) and every user, and returns
   * the record to keep, or throws to refuse. Runs after any write in flight, on the file as it is now.
   */
  write(
    username: string,
    make: (current: UserRecord | undefined, all: readonly UserRecord[]) => UserRecord,
  ): Promise<UserRecord> {
    const next = this.#writing.then(async () => {
      const fromFile = this.#file ? await loadUsersFileOrNone(this.#file) : undefined;
      const all = fromFile ? merged(fromFile, this.#builtIn) : this.#byName;
      const record = make(all.get(username), [...all.values()]);
      if (this.#file && fromFile) {
        const users = fromFile.some((u) => u.username === username)
          ? fromFile.map((u) => (u.username === username ? record : u))
          : [...fromFile, record];
        await writeUsersFile(this.#file, users);
        this.#byName = merged(users, this.#builtIn);
        this.#seen = fileIdentity(this.#file);
      } else {
        this.#byName = new Map(all).set(username, record);
      }
      return record;
    });
    this.#writing = next.catch(() => undefined);
    return next;
  }

  /** The users as the file says now (read again only when it changed since the last look). */
  #current(): Map<string, UserRecord> {
    if (!this.#file) return this.#byName;
    const identity = fileIdentity(this.#file);
    if (identity === this.#seen) return this.#byName;
    try {
      const users = identity === '' ? [] : checkedUsers(this.#file, readFileSync(this.#file, 'utf8'));
      this.#byName = merged(users, this.#builtIn);
      this.#seen = identity;
    } catch {
      // A file being edited by hand may be half-written or wrong: keep the last good users until it is right.
    }
    return this.#byName;
  }
}

function merged(users: readonly UserRecord[], builtIn: readonly UserRecord[]): Map<string, UserRecord> {
  const byName = new Map<string, UserRecord>();
  for (const user of users) {
    if (byName.has(user.username)) throw new Error(`users: "${user.username}" is listed twice`);
    byName.set(user.username, user);
  }
  for (const user of builtIn) if (!byName.has(user.username)) byName.set(user.username, user);
  return byName;
}

/** What changes when the file is rewritten (a rename gives a new inode); '' when there is no file. */
function fileIdentity(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return '';
  }
}
