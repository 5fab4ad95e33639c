// Debian's mosquitto as the broker suite's baseline: started here (not through tests/harness) because the
// bench needs its pid to read its CPU and memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../tests/harness/influxd.ts';
import { sleep } from './stats.ts';

export interface MosquittoProcess {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Starts mosquitto anonymous, in memory, with the queue limits raised so it never drops QoS 1 messages. */
export async function startMosquitto(): Promise<MosquittoProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'louyu-bench-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  await writeFile(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      // STACK.md: the default 1,000 silently drops QoS 1 messages to a subscriber that falls behind.
      'max_queued_messages 0',
      'max_inflight_messages 0',
      // Same as the aedes listeners: small messages, Nagle off.
      'set_tcp_nodelay true',
      'max_connections -1',
      'log_dest none',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`mosquitto did not listen on ${port}`);
    }
    await sleep(50);
  }
  return {
    port,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
