/**
 * Writes docs/options.md, the table of every `louyu` command's options, from the same declarations
 * `--help` is built from (cli/src/define.ts records each option's declaration as it adds it). Run it with
 * `npm run docs:options` after changing an option; tests/options-doc.test.ts fails while the file differs
 * from what this would write, so the table cannot go stale.
 *
 * The markdown goes through prettier with the repository's settings, so `npm run format:check` accepts
 * the file exactly as written here.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, type Option } from 'commander';
import { format, resolveConfig } from 'prettier';
import { COMMAND_NAMES, registerCommand } from '../cli/src/commands/index.ts';
import { declaredEnvironment, declaredSpec } from '../cli/src/define.ts';
import { processIo } from '../cli/src/io.ts';
import { envName } from '../cli/src/options.ts';

export const OPTIONS_DOC = fileURLToPath(new URL('../docs/options.md', import.meta.url));

const INTRO = `# Options of the \`louyu\` command

Written by \`npm run docs:options\` (scripts/options-doc.ts) from the option declarations in \`cli/src\`, the
same ones \`louyu <command> --help\` prints; \`tests/options-doc.test.ts\` fails while this file differs from
what the script would write now. Do not edit it by hand.

Every declared option is also an environment variable (\`--mqtt-port\` is \`LOUYU_MQTT_PORT\`): a flag wins
over the variable, the variable over the default. A switch that is on by default is turned off with
\`--no-<flag>\` or the variable set to \`false\`. A bad value stops the command before anything starts, with
exit code 2 and one line naming the option, e.g.
\`louyu: configuration error: --mqtt-port: must be a port number 0-65535, got "abc"\`.
Variables marked "environment only" have no flag: they hold secrets kept out of the shell history.
`;

/** docs/options.md as the declarations make it now, formatted as prettier would leave it. */
export async function renderOptionsDoc(): Promise<string> {
  const program = new Command('louyu');
  for (const name of COMMAND_NAMES) await registerCommand(program, processIo, name);
  const sections = leafCommands(program).map(({ command, path }) => commandSection(command, path));
  const markdown = [INTRO, ...sections].join('\n');
  const config = (await resolveConfig(OPTIONS_DOC)) ?? {};
  return format(markdown, { ...config, filepath: OPTIONS_DOC });
}

/** The commands that run something (`credentials add`, not `credentials`), in `louyu --help` order. */
function leafCommands(command: Command, path: string[] = []): { command: Command; path: string[] }[] {
  return command.commands.flatMap((sub) => {
    const subPath = [...path, sub.name()];
    return sub.commands.length > 0 ? leafCommands(sub, subPath) : [{ command: sub, path: subPath }];
  });
}

function commandSection(command: Command, path: string[]): string {
  const rows = command.options.map(optionRow);
  for (const variable of declaredEnvironment(command)) {
    rows.push(['environment only', code(variable.name), '', cell(variable.description)]);
  }
  return [
    `## louyu ${path.join(' ')}`,
    '',
    `${code(`louyu ${path.join(' ')} ${command.usage()}`)}: ${cell(command.description())}.`,
    '',
    '| option | variable | default | meaning |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}

/** One option: declared ones with their variable and default; plain commander ones have neither. */
function optionRow(option: Option): string[] {
  const spec = declaredSpec(option);
  if (!spec) {
    const plain = option.mandatory ? 'required' : shownDefault(option.defaultValue);
    return [code(option.flags), '', plain, cell(option.description)];
  }
  return [code(option.flags), code(envName(spec.flag)), shownDefault(spec.default), cell(spec.description)];
}

function shownDefault(value: unknown): string {
  return value === undefined ? '' : code(typeof value === 'string' ? value : JSON.stringify(value));
}

function code(text: string): string {
  return `\`${text.replace(/\|/g, '\\|')}\``;
}

/** Text in a table cell: a `|` would end the cell and `<data-dir>` would be read as an HTML tag. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '\\<');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeFile(OPTIONS_DOC, await renderOptionsDoc());
  process.stdout.write(`wrote ${OPTIONS_DOC}\n`);
}
