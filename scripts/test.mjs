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
// The dashboard's API types are generated from the server's OpenAPI document first, so a change
// of the API's shape fails the web type-check here (scripts/gen-api-types.ts).
step('generate web API types', bin('tsx'), ['scripts/gen-api-types.ts']);
step('typecheck web', bin('tsc'), ['--noEmit', '-p', 'web/tsconfig.json']);
step('lint', bin('eslint'), ['.']);

const dir = mkdtempSync(path.join(tmpdir(), 'traction-test-'));
const countsFile = path.join(dir, 'counts.json');
process.stdout.write('\n== tests: vitest run\n');
const extra = process.argv.slice(2);
// The counts come from test/support/test-counts.ts, a reporter over vitest's task tree: a
// failing beforeAll/afterAll, a throwing describe or an unhandled error counts as a failure
// even where vitest calls the tests themselves skipped or passed.
const r = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=./test/support/test-counts.ts', ...extra], {
  stdio: 'inherit',
  env: { ...process.env, TRACTION_TEST_COUNTS: countsFile },
});
try {
  const counts = JSON.parse(readFileSync(countsFile, 'utf8'));
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  if (counts.problems.length) process.stdout.write(`\n== failures besides failed tests:\n${counts.problems.map((p) => `  ${p}`).join('\n')}\n`);
} catch {
  failed += 1;
  process.stdout.write(`== vitest produced no counts (exit ${r.status})\n`);
}
// Vitest failed for a reason the counts do not show (a configuration error, a crash).
if (r.status !== 0 && failed === 0) failed += 1;
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed === 0 ? 0 : 1);
