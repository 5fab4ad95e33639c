// A private influxd for the suites that measure InfluxDB: the test harness's (its own folder and free ports),
// plus its pid, found by the folder on its command line, so its CPU and memory can be read.
import { startInfluxd, type InfluxdHandle } from '../../tests/harness/influxd.ts';
import { findPid } from './proc.ts';

export interface BenchInfluxd {
  url: string;
  pid: number | null;
  dispose(): Promise<void>;
}

export async function startBenchInfluxd(): Promise<BenchInfluxd> {
  const handle: InfluxdHandle = await startInfluxd();
  return { url: handle.url, pid: findPid(handle.dir), dispose: () => handle.dispose() };
}
