// Prints CI's closing line `N passed, N failed` from the summary tests/ci-summary-reporter.ts wrote,
// with the unhandled errors and the test files that failed outside their tests named above it.
// Usage: node .ci/print-summary.mjs SUMMARY.json EXIT_STATUS
import { existsSync, readFileSync } from 'node:fs';

const [file, statusArg] = process.argv.slice(2);
const status = Number(statusArg);
if (!file || !existsSync(file)) {
  console.error('ci: no test summary: lint, format or type checks failed before the tests ran');
  console.log('0 passed, 1 failed');
  process.exit(0);
}
const s = JSON.parse(readFileSync(file, 'utf8'));
for (const path of s.failedFiles) console.log(`ci: test file failed outside its tests: ${path}`);
// The same error thrown again and again (a client publishing after its test ended) is shown once, with
// its count; at most MAX_SHOWN different ones are printed in full.
const MAX_SHOWN = 20;
const groups = new Map();
for (const error of s.unhandledErrors) groups.set(error, (groups.get(error) ?? 0) + 1);
[...groups]
  .slice(0, MAX_SHOWN)
  .forEach(([error, count], i) =>
    console.log(
      `ci: unhandled error ${i + 1} of ${groups.size} kinds${count > 1 ? ` (${count} times)` : ''}:\n${error}`,
    ),
  );
if (groups.size > MAX_SHOWN)
  console.log(`ci: ... and ${groups.size - MAX_SHOWN} more kinds of unhandled error`);
const unhandled = s.unhandledErrors.length;
// An unhandled error, a file that failed to run, or a non-zero exit is a failure even with every test
// green: the closing line never reads as success when the run failed.
let failed = s.failed + unhandled + s.failedFiles.length;
if (status !== 0 && failed === 0) failed = 1;
const extra = [];
if (unhandled) extra.push(`${unhandled} unhandled error${unhandled > 1 ? 's' : ''}`);
if (s.skipped) extra.push(`${s.skipped} skipped`);
console.log(`${s.passed} passed, ${failed} failed${extra.map((x) => `, ${x}`).join('')}`);
