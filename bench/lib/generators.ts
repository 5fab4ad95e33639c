// A pool of load-generator processes: clients are dealt round-robin over them, runs start together, and
// results are summed (CPU too: the table shows the generators' total share of a core).
import { forkChild, type BenchChild } from './child.ts';
import type { ConnectArgs, PublisherClient, RunArgs, RunResult } from './children/publisher.ts';

export class GeneratorPool {
  private constructor(readonly children: BenchChild[]) {}

  /** Forks `count` publisher processes. */
  static async fork(count: number): Promise<GeneratorPool> {
    return new GeneratorPool(await Promise.all(Array.from({ length: count }, () => forkChild('publisher'))));
  }

  get pids(): Record<string, number> {
    return Object.fromEntries(this.children.map((c, i) => [`gen${i}`, c.pid]));
  }

  async connect(url: string, clients: PublisherClient[], options: Omit<ConnectArgs, 'url' | 'clients'> = {}) {
    const shares = this.children.map((_, i) => clients.filter((_c, j) => j % this.children.length === i));
    await Promise.all(
      this.children.map((c, i) => c.call('connect', { url, clients: shares[i], ...options })),
    );
  }

  /** Runs every generator; a paced `rate` is split evenly. */
  async run(args: RunArgs): Promise<RunResult> {
    const n = this.children.length;
    const results = await Promise.all(
      this.children.map((c) =>
        c.call<RunResult>('run', { ...args, rate: args.rate === null ? null : args.rate / n }),
      ),
    );
    return {
      sent: sum(results.map((r) => r.sent)),
      acked: sum(results.map((r) => r.acked)),
      behind: sum(results.map((r) => r.behind)),
      elapsedMs: Math.max(...results.map((r) => r.elapsedMs)),
      cpuPct: sum(results.map((r) => r.cpuPct)),
    };
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.children.map((c) => c.call('disconnect')));
  }

  async close(): Promise<void> {
    await Promise.all(this.children.map((c) => c.close()));
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
