import { DEMO_PASSWORD } from '@louyu/dashboard-server';
import type { Command } from 'commander';
import { addEnvironment, addOptions, resolveOptions } from '../define.ts';
import type { Io } from '../io.ts';
import { startParts } from '../run/start-parts.ts';
import { stopRequests } from '../signals.ts';
import { START_OPTIONS } from './start-options.ts';

/**
 * `louyu start`: the whole of Louyu in one command. The broker, ingest and the dashboard share this
 * process (ingest appends in the broker's publish path, before the PUBACK); the simulated district runs
 * in a second process so it has the other core. The start-up itself is `startParts`, which `startLouyu()`
 * shares; this command adds the signals, the address lines and the stop's summary.
 */
export function registerStart(program: Command, io: Io): void {
  const command = program
    .command('start')
    .description('run everything: broker, ingest, dashboard and the simulated district');
  addEnvironment(command, [
    {
      name: 'LOUYU_JWT_SECRET',
      description:
        'session signing secret, at least 32 characters (generated into the data folder when absent)',
    },
  ]);
  addOptions(command, START_OPTIONS).action(async (given: Record<string, unknown>) => {
    const o = resolveOptions(START_OPTIONS, given);
    const say = (line: string) => io.stdout.write(`${line}\n`);
    const stop = stopRequests(say);
    const louyu = await startParts(o, say);

    say('');
    say(`Dashboard 仪表盘: ${louyu.address.replace('0.0.0.0', 'localhost')}`);
    if (o.demo)
      say(
        `Demo users 演示账号: district / admin / manager (manager sees ${louyu.registry.buildings[0]?.id ?? '-'}), password ${DEMO_PASSWORD}`,
      );
    say('Ctrl-C stops everything; what was received is kept.');
    say('');

    const signal = await stop.ready();
    say(`\nstopping (${signal}): simulator, broker, dashboard, then flushing the spool into the store…`);
    const summary = await louyu.stop();
    say(
      `received ${summary.spooled} valid messages (${summary.rejected} refused), stored ${summary.stored} points`,
    );
    say(
      summary.leftInSpool === 0
        ? 'stopped: everything received is stored.'
        : `stopped: ${summary.leftInSpool} records stay in the spool and are stored at the next start.`,
    );
  });
}
