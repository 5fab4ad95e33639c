// `--alarm-escalate-minutes` (and LOUYU_ALARM_ESCALATE_MINUTES) on every command that runs a dashboard:
// how long an active alarm may stay unacknowledged before it escalates (issue 19, item 2). A bad value
// stops start-up naming the option; the escalation itself is dashboard/server/test/alarm-workflow.test.ts.
import { describe, expect, it } from 'vitest';
import type { Output } from '../src/io.ts';
import { main } from '../src/main.ts';

function capture(): Output & { text(): string } {
  const chunks: Buffer[] = [];
  return {
    write: (chunk: string | Uint8Array) => chunks.push(Buffer.from(chunk)),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

async function louyu(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(['node', 'louyu', ...args], { stdout, stderr });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('--alarm-escalate-minutes', () => {
  it.each(['start', 'dashboard', 'node'])('is documented on louyu %s with its default', async (command) => {
    const { stdout } = await louyu(command, '--help');
    expect(stdout).toMatch(
      /--alarm-escalate-minutes <value>[\s\S]*\[LOUYU_ALARM_ESCALATE_MINUTES\][\s\S]*\(default: 15\)/,
    );
  });

  it.each(['0', 'soon', '-5'])('refuses %s before anything starts, naming the option', async (value) => {
    const { code, stderr, stdout } = await louyu('start', '--alarm-escalate-minutes', value);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--alarm-escalate-minutes: must be a whole number of at least 1/);
    expect(stdout).toBe('');
  });
});
