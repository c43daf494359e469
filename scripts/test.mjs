#!/usr/bin/env node
// `npm test`: type-check, lint, then the whole vitest suite. Type-check and lint count as
// one test each; the last line is the summary CI reads: `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = (name) => path.join('node_modules', '.bin', name);
let passed = 0;
let failed = 0;
let skipped = 0;

function step(name, cmd, args) {
  process.stdout.write(`\n== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status === 0) passed += 1;
  else {
    failed += 1;
    process.stdout.write(`== ${name} FAILED\n`);
  }
}

step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
step('typecheck web', bin('tsc'), ['--noEmit', '-p', 'web/tsconfig.json']);
step('lint', bin('eslint'), ['.']);

const dir = mkdtempSync(path.join(tmpdir(), 'traction-test-'));
const report = path.join(dir, 'vitest.json');
process.stdout.write('\n== tests: vitest run\n');
const extra = process.argv.slice(2);
const r = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], { stdio: 'inherit' });
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + json.numTodoTests;
  // A suite that failed to load has no tests to count; count it as a failure.
  const brokenSuites = json.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  failed += brokenSuites;
} catch {
  failed += 1;
  process.stdout.write(`== vitest produced no report (exit ${r.status})\n`);
}
if (r.status !== 0 && failed === 0) failed += 1;
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed === 0 ? 0 : 1);
