// Load generators and servers under test run in their own processes, so they never share a core's time
// slice with the code that measures them. This is the one place that forks them and talks to them:
// a request/reply protocol over Node's IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Request {
  id: number;
  method: string;
  args: unknown;
}
interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/** A forked bench process: call its handlers, then close it. */
export interface BenchChild {
  readonly pid: number;
  readonly name: string;
  /** True once the process has gone (closed, or crashed). */
  readonly exited: boolean;
  call<T = unknown>(method: string, args?: unknown): Promise<T>;
  /** Asks the child to exit (its `close` handler runs first), killing it if it has not gone in 10 s. */
  close(): Promise<void>;
}

/** Forks `bench/lib/children/<name>.ts` under tsx. */
export async function forkChild(name: string, execArgv: string[] = []): Promise<BenchChild> {
  const file = fileURLToPath(new URL(`./children/${name}.ts`, import.meta.url));
  const child: ChildProcess = fork(file, [], {
    execArgv: ['--conditions=source', '--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  child.on('message', (message: Reply | 'ready') => {
    if (message === 'ready') return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error !== undefined) waiter.reject(new Error(`${name}: ${message.error}`));
    else waiter.resolve(message.result);
  });
  child.once('exit', (code, signal) => {
    exited = true;
    for (const w of pending.values()) w.reject(new Error(`${name} exited (${code ?? signal})`));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (m !== 'ready') return;
      child.off('message', onMessage);
      resolve();
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`${name} exited before it was ready (code ${code})`)));
  });
  const pid = child.pid as number;
  return {
    pid,
    name,
    get exited() {
      return exited;
    },
    call<T>(method: string, args?: unknown): Promise<T> {
      if (exited) return Promise.reject(new Error(`${name} has exited`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, method, args } satisfies Request);
      });
    },
    async close() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.send({ id: 0, method: 'close', args: null } satisfies Request);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Handlers a child offers; `close` is called before it exits. */
export type Handlers = Record<string, (args: never) => unknown>;

/** The child's side: answers requests with its handlers; `close` ends the process. */
export function serve(handlers: Handlers): void {
  process.on('message', (message: Request) => {
    void (async () => {
      const handler = handlers[message.method] as ((args: unknown) => unknown) | undefined;
      try {
        if (message.method === 'close') {
          await handler?.(message.args);
          process.exit(0);
        }
        if (!handler) throw new Error(`no handler "${message.method}"`);
        const result = await handler(message.args);
        process.send?.({ id: message.id, result } satisfies Reply);
      } catch (error) {
        process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.('ready');
}

/** This process's CPU time so far, ms (user + system). */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
