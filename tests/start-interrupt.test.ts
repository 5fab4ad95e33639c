// Ctrl-C at any moment stops `louyu start` in order (issue 13: the second start in e2e-start-history was
// sometimes killed by its SIGINT, exit code null, on a busy machine). A SIGINT that comes while the parts
// are still starting, or the instant the dashboard's address is printed, must not find the process without
// a handler: Node's default action would end it there, the spool and the store left unclosed. Here the
// signal comes as soon as the store is open, before the broker listens: start-up finishes, then everything
// stops and the process exits 0, saying what it kept.
import { afterAll, expect, it } from 'vitest';
import { startLouyu, type LouyuStart } from './harness/louyu-start.ts';

const YUNHU = new URL('./fixtures/yunhu-registry.json', import.meta.url).pathname;

let louyu: LouyuStart | undefined;

afterAll(() => louyu?.dispose());

it('stops in order, exit code 0, when Ctrl-C comes during start-up', async () => {
  louyu = await startLouyu(['--registry', YUNHU]);
  await louyu.waitFor(/^· store: /);
  expect(await louyu.interrupt(), louyu.output().slice(-2000)).toEqual({ code: 0, signal: null });
  expect(louyu.output()).toMatch(
    /stopped: everything received is stored\.|stopped: \d+ records stay in the spool/,
  );
});
