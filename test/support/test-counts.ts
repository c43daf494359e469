// The counts `npm test` prints in its last line, taken from vitest's own task tree, as a
// vitest reporter (`scripts/test.mjs` passes it with --reporter). Vitest's JSON report is not
// enough: a failing beforeAll marks its tests "skipped" and a failing afterAll leaves them
// "passed", and the error sits on the suite, where the JSON report does not carry it. Here
// every error vitest recorded counts as one failure: failed tests, errors of a module or a
// suite (hooks, a throwing describe body, an import that fails, a file without tests) and
// errors outside any test.
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/** A test module reduced to what the counts need; plain data, so the counting is testable alone. */
export interface ModuleSummary {
  file: string;
  /** Errors recorded on the module itself and on each of its suites, with where they were. */
  errors: { where: string; message: string }[];
  tests: { name: string; state: 'passed' | 'failed' | 'skipped' | 'pending' }[];
  /** Vitest's own verdict on the module, as a safety net for a failure with no error recorded. */
  failed: boolean;
}

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
  /** One line per failure that is not a failed test, so the summary can say what it was. */
  problems: string[];
}

export function countResults(modules: ModuleSummary[], unhandledErrors: string[], interrupted = false): TestCounts {
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0, problems: [] };
  for (const m of modules) {
    let failedHere = 0;
    for (const t of m.tests) {
      if (t.state === 'passed') counts.passed += 1;
      else if (t.state === 'skipped') counts.skipped += 1;
      else {
        // A test still pending at the end never ran to a verdict: that is not a pass.
        failedHere += 1;
        if (t.state === 'pending') counts.problems.push(`${m.file}: "${t.name}" did not finish`);
      }
    }
    for (const e of m.errors) {
      failedHere += 1;
      counts.problems.push(`${m.file}: ${e.where}: ${e.message}`);
    }
    if (m.failed && failedHere === 0) {
      failedHere = 1;
      counts.problems.push(`${m.file}: failed without a recorded error`);
    }
    counts.failed += failedHere;
  }
  for (const message of unhandledErrors) {
    counts.failed += 1;
    counts.problems.push(`unhandled error: ${message}`);
  }
  if (interrupted) {
    counts.failed += 1;
    counts.problems.push('the run was interrupted');
  }
  return counts;
}

export function summariseModule(m: TestModule): ModuleSummary {
  const errors = m.errors().map((e) => ({ where: 'module', message: firstLine(e.message) }));
  for (const s of m.children.allSuites()) for (const e of s.errors()) errors.push({ where: `suite "${s.fullName}"`, message: firstLine(e.message) });
  const tests = [...m.children.allTests()].map((t) => ({ name: t.fullName, state: t.result().state }));
  return { file: m.relativeModuleId, errors, tests, failed: m.state() === 'failed' };
}

const firstLine = (text: string | undefined) => (text ?? 'unknown error').split('\n')[0] ?? '';

/** Writes the counts as JSON to the file named by TRACTION_TEST_COUNTS (set by scripts/test.mjs). */
export default class CountsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>, reason: 'passed' | 'interrupted' | 'failed'): void {
    const file = process.env.TRACTION_TEST_COUNTS;
    if (!file) return;
    const counts = countResults(modules.map(summariseModule), unhandledErrors.map((e) => firstLine(e.message)), reason === 'interrupted');
    writeFileSync(file, JSON.stringify(counts));
  }
}
