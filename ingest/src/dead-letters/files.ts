// The only module that touches dead-letter files: two JSON-lines files, `dead-letters.jsonl` (current) and
// `dead-letters.1.jsonl` (previous). When the current one holds its share of bytes it replaces the
// previous one, so the log on disk never holds more than twice that share.
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DeadLetter } from './entry.ts';

const CURRENT = 'dead-letters.jsonl';
const PREVIOUS = 'dead-letters.1.jsonl';
// Dead letters keep the rejected payloads: readable by Louyu's own user only.
const FILE_MODE = 0o600;

/** Appends entries to the current file (one write for the lot). */
export function appendDeadLetters(dir: string, entries: readonly DeadLetter[]): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  appendFileSync(join(dir, CURRENT), entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''), {
    mode: FILE_MODE,
  });
}

/** Makes the current file the previous one (dropping the old previous one) and starts an empty current. */
export function rotateDeadLetters(dir: string): void {
  try {
    renameSync(join(dir, CURRENT), join(dir, PREVIOUS));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Removes the previous file (all of its entries have outlived the log's age bound). */
export function dropPreviousDeadLetters(dir: string): void {
  rmSync(join(dir, PREVIOUS), { force: true });
}

/**
 * Reads the dead letters kept in a folder, oldest first, and the current file's size in bytes. Any process
 * may call it; a line cut by a crash is skipped.
 */
export function readDeadLetters(dir: string): {
  entries: DeadLetter[];
  previous: DeadLetter[];
  currentBytes: number;
} {
  const previous = readLines(join(dir, PREVIOUS)).entries;
  const current = readLines(join(dir, CURRENT));
  return { entries: [...previous, ...current.entries], previous, currentBytes: current.bytes };
}

function readLines(path: string): { entries: DeadLetter[]; bytes: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { entries: [], bytes: 0 };
  }
  const entries: DeadLetter[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      entries.push(JSON.parse(line) as DeadLetter);
    } catch {
      // a torn last line after a crash
    }
  }
  return { entries, bytes: Buffer.byteLength(text) };
}
