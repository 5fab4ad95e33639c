// The only module that touches dead-letter files: two JSON-lines files, `dead-letters.jsonl` (current) and
// `dead-letters.1.jsonl` (previous). When the current one holds its share of entries it replaces the
// previous one, so the log on disk never holds more than twice that share.
import { appendFileSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { DeadLetter } from './entry.ts';

const CURRENT = 'dead-letters.jsonl';
const PREVIOUS = 'dead-letters.1.jsonl';

/** Appends entries to the current file (one write for the lot). */
export function appendDeadLetters(dir: string, entries: readonly DeadLetter[]): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, CURRENT), entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
}

/** Makes the current file the previous one (dropping the old previous one) and starts an empty current. */
export function rotateDeadLetters(dir: string): void {
  try {
    renameSync(join(dir, CURRENT), join(dir, PREVIOUS));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Reads the dead letters kept in a folder, oldest first. Any process may call it (the dashboard reads the
 * log of an ingest running elsewhere); a line cut by a crash is skipped.
 */
export function readDeadLetters(dir: string): { entries: DeadLetter[]; currentCount: number } {
  const previous = readLines(join(dir, PREVIOUS));
  const current = readLines(join(dir, CURRENT));
  return { entries: [...previous, ...current], currentCount: current.length };
}

function readLines(path: string): DeadLetter[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
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
  return entries;
}
