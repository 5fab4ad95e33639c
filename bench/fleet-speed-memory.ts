// The simulator alone at a replay speed (issue 16, item 6): the whole Heping fleet (89 gateways, QoS 1,
// morning-rush) against a plain aedes broker in a child process, so neither Louyu's broker limits nor
// ingest nor the store slow it. Every 10 s: the speed reached, messages acknowledged, RSS and the live
// heap after a full GC (a leak grows it; garbage between collections only grows RSS).
//   node --expose-gc --conditions=source --import tsx bench/fleet-speed-memory.ts [speed=60] [seconds=120]
import { fork } from 'node:child_process';
import net from 'node:net';
import { Aedes } from 'aedes';
import { hepingRegistry } from '@louyu/core';
import { createDistrict, runFleet } from '@louyu/simulators';

if (process.argv[2] === 'broker') {
  const broker = await Aedes.createBroker();
  const server = net.createServer((socket) => broker.handle(socket));
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as net.AddressInfo).port));
} else {
  const speed = Number(process.argv[2] ?? 60);
  const seconds = Number(process.argv[3] ?? 120);
  const child = fork(import.meta.filename, ['broker'], { execArgv: process.execArgv });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
  const registry = hepingRegistry();
  const district = createDistrict({
    registry,
    seed: 1,
    start: Date.now() - 10 * 3_600_000,
    scenario: 'morning-rush',
  });
  const fleet = runFleet({
    district,
    brokerUrl: `mqtt://127.0.0.1:${port}`,
    credentials: Object.fromEntries(registry.buildings.map((b) => [b.id, 'any'])),
    speed,
  });
  const t0 = Date.now();
  const gc = (globalThis as { gc?: () => void }).gc;
  const timer = setInterval(() => {
    const rss = process.memoryUsage().rss;
    gc?.();
    const live = process.memoryUsage().heapUsed;
    const s = fleet.stats();
    const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
    console.log(
      `${Math.round((Date.now() - t0) / 1000)} s · ${s.simSpeed}x · ${s.acked} acknowledged · RSS ${mb(rss)} · live heap ${gc ? mb(live) : '(run with --expose-gc)'} · CPU ${Math.round(process.cpuUsage().user / 1e6)} s`,
    );
  }, 10_000);
  setTimeout(() => {
    clearInterval(timer);
    void fleet.stop().then(() => {
      child.kill();
      process.exit(0);
    });
  }, seconds * 1000);
}
