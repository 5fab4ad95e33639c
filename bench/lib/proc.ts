// CPU and memory of any process on this machine (node children, mosquitto, influxd), read from /proc so
// the figures do not depend on the process cooperating.
import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux x86_64
const PAGE_BYTES = 4096;

/** One reading of a process: CPU time used so far (ms) and resident memory (bytes). */
export interface ProcReading {
  cpuMs: number;
  rssBytes: number;
}

/** Reads /proc/<pid>/stat; null once the process is gone. */
export function readProc(pid: number): ProcReading | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const rssPages = Number(fields[21]);
    return { cpuMs: ((utime + stime) * 1000) / CLOCK_TICKS_PER_S, rssBytes: rssPages * PAGE_BYTES };
  } catch {
    return null;
  }
}

/** What a process did over a measured span: CPU as a share of one core (100 % = one core busy), memory. */
export interface ProcUsage {
  /** CPU over the span, percent of one core. */
  cpuPct: number;
  /** Resident memory at the end, and the highest seen while sampling, in bytes. */
  rssBytes: number;
  peakRssBytes: number;
}

/**
 * Samples a set of processes over a span: `start()` marks the beginning, `stop()` returns each one's CPU
 * share and memory. Sampling every 250 ms catches the peak RSS.
 */
export class ProcSampler {
  readonly #pids: Map<string, number>;
  #start = new Map<string, ProcReading>();
  #peak = new Map<string, number>();
  #t0 = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(pids: Record<string, number>) {
    this.#pids = new Map(Object.entries(pids));
  }

  start(): void {
    this.#t0 = performance.now();
    for (const [name, pid] of this.#pids) {
      const r = readProc(pid);
      if (r) {
        this.#start.set(name, r);
        this.#peak.set(name, r.rssBytes);
      }
    }
    this.#timer = setInterval(() => this.#sample(), 250);
    this.#timer.unref();
  }

  #sample(): void {
    for (const [name, pid] of this.#pids) {
      const r = readProc(pid);
      if (r) this.#peak.set(name, Math.max(this.#peak.get(name) ?? 0, r.rssBytes));
    }
  }

  stop(): Record<string, ProcUsage> {
    clearInterval(this.#timer);
    const elapsed = performance.now() - this.#t0;
    const out: Record<string, ProcUsage> = {};
    for (const [name, pid] of this.#pids) {
      const end = readProc(pid);
      const start = this.#start.get(name);
      if (!end || !start) continue;
      out[name] = {
        cpuPct: elapsed > 0 ? ((end.cpuMs - start.cpuMs) / elapsed) * 100 : 0,
        rssBytes: end.rssBytes,
        peakRssBytes: Math.max(this.#peak.get(name) ?? 0, end.rssBytes),
      };
    }
    return out;
  }
}

/** The pid of a running process whose command line contains `needle` (e.g. a harness's temp folder). */
export function findPid(needle: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes(needle)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}
