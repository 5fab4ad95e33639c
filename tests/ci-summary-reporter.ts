// A vitest reporter for CI (.ci/run): writes what the run ended with, as JSON, to the file named by
// LOUYU_CI_SUMMARY. vitest's own JSON report leaves out the unhandled errors it caught, and a run with
// every test green but one unhandled error still fails: CI must see them to say why.
import { writeFileSync } from 'node:fs';
import type { SerializedError } from '@vitest/utils';
import type { Reporter, TestModule } from 'vitest/node';

/** What .ci/run reads. */
export interface CiSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** Test files that failed outside any test (an import error, a failing beforeAll). */
  failedFiles: string[];
  /** The first lines of each unhandled error (message, then the top of its stack). */
  unhandledErrors: string[];
}

export default class CiSummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    const out = process.env.LOUYU_CI_SUMMARY;
    if (!out) return;
    const summary: CiSummary = { passed: 0, failed: 0, skipped: 0, failedFiles: [], unhandledErrors: [] };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') summary.passed++;
        else if (state === 'failed') summary.failed++;
        else summary.skipped++;
      }
      if (module.errors().length > 0) summary.failedFiles.push(module.moduleId);
    }
    summary.unhandledErrors = unhandledErrors.map(firstLines);
    writeFileSync(out, JSON.stringify(summary, null, 2));
  }
}

function firstLines(error: SerializedError): string {
  const head = `${error.name ?? 'Error'}: ${error.message}`;
  // vitest names the test that was running when the error was caught, where it knows it.
  const during =
    typeof error.VITEST_TEST_PATH === 'string'
      ? [
          `    while running ${error.VITEST_TEST_PATH}${typeof error.VITEST_TEST_NAME === 'string' ? ` > ${error.VITEST_TEST_NAME}` : ''}`,
        ]
      : [];
  // The first frames of the stack, Louyu's own code before the libraries'.
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 4)
    .map((line) => `    ${line.trim()}`);
  return [head, ...during, ...frames].join('\n');
}
