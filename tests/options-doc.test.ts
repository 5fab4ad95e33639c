// docs/options.md is the table of every `louyu` option, written by `npm run docs:options` from the option
// declarations. This fails when an option was added, removed or reworded without running the script, so
// the doc that operators read is always what the command does.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OPTIONS_DOC, renderOptionsDoc } from '../scripts/options-doc.ts';

describe('docs/options.md', () => {
  it('is what `npm run docs:options` writes from the option declarations now', async () => {
    const written = await readFile(OPTIONS_DOC, 'utf8').catch(() => '(docs/options.md is missing)');
    const now = await renderOptionsDoc();
    expect(written, 'docs/options.md is stale: run `npm run docs:options`').toBe(now);
  });

  it('lists every option with its variable, the environment-only secrets and the plain flags', async () => {
    const doc = await renderOptionsDoc();
    expect(doc).toMatch(/\| `--mqtt-port <value>` +\| `LOUYU_MQTT_PORT` +\| `1883` +\|/);
    expect(doc).toMatch(/\| `--no-simulator` +\| `LOUYU_SIMULATOR` +\| `true` +\|/);
    expect(doc).toMatch(/\| environment only +\| `LOUYU_JWT_SECRET` +\|/);
    expect(doc).toMatch(/\| `--role <role>` +\| +\| required +\|/);
    for (const command of ['start', 'ingest', 'node', 'credentials add', 'users add', 'report'])
      expect(doc).toContain(`## louyu ${command}\n`);
  });
});
