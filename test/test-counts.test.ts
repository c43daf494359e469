// The last line of `npm test` is honest: a failing hook, a throwing describe body, a module that
// does not load and an unhandled error each count as failed, even where vitest reports the
// tests themselves as skipped or passed. The second part runs the real vitest on small files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countResults, type ModuleSummary, type TestCounts } from './support/test-counts.js';

const mod = (file: string, tests: ModuleSummary['tests'], errors: ModuleSummary['errors'] = [], failed = errors.length > 0): ModuleSummary => ({ file, tests, errors, failed });

describe('countResults', () => {
  it('counts passed, failed and skipped tests of clean modules', () => {
    const c = countResults([mod('a', [{ name: 'x', state: 'passed' }, { name: 'y', state: 'skipped' }]), mod('b', [{ name: 'z', state: 'failed' }], [], true)], []);
    expect(c).toEqual({ passed: 1, failed: 1, skipped: 1, problems: [] });
  });

  it('counts a suite error even when every test of the suite is skipped (failing beforeAll)', () => {
    const c = countResults([mod('a', [{ name: 's > t1', state: 'skipped' }, { name: 's > t2', state: 'skipped' }], [{ where: 'suite "s"', message: 'boom' }])], []);
    expect(c.failed).toBe(1);
    expect(c.skipped).toBe(2);
    expect(c.problems).toEqual(['a: suite "s": boom']);
  });

  it('counts a suite error beside failed tests (failing afterAll after a failed test)', () => {
    const c = countResults([mod('a', [{ name: 't', state: 'failed' }], [{ where: 'suite "s"', message: 'boom' }])], []);
    expect(c.failed).toBe(2);
  });

  it('counts a failed module with no recorded error, unhandled errors, unfinished tests and an interrupted run', () => {
    const c = countResults([mod('a', [{ name: 't', state: 'passed' }], [], true), mod('b', [{ name: 'u', state: 'pending' }])], ['late throw'], true);
    expect(c.passed).toBe(1);
    expect(c.failed).toBe(4);
    expect(c.problems).toEqual(['a: failed without a recorded error', 'b: "u" did not finish', 'unhandled error: late throw', 'the run was interrupted']);
  });
});

// Each fixture: a file's source and what it must add to the counts. The names start with a
// number because vitest's file filter matches substrings (`after-all` is in `failed-and-after-all`).
const FIXTURES: Record<string, { source: string; expected: Omit<TestCounts, 'problems'> }> = {
  'f00-before-all.test.ts': {
    source: `describe('s', () => { beforeAll(() => { throw new Error('boom'); }); it('t1', () => {}); it('t2', () => {}); });`,
    expected: { passed: 0, failed: 1, skipped: 2 },
  },
  'f01-after-all.test.ts': {
    source: `describe('s', () => { afterAll(() => { throw new Error('boom'); }); it('t1', () => { expect(1).toBe(1); }); });`,
    expected: { passed: 1, failed: 1, skipped: 0 },
  },
  'f02-top-level-before-all.test.ts': { source: `beforeAll(() => { throw new Error('boom'); }); it('t1', () => {});`, expected: { passed: 0, failed: 1, skipped: 1 } },
  'f03-nested-before-all.test.ts': {
    source: `it('ok', () => {}); describe('s', () => { describe('inner', () => { beforeAll(() => { throw new Error('boom'); }); it('t1', () => {}); }); });`,
    expected: { passed: 1, failed: 1, skipped: 1 },
  },
  'f04-failed-and-after-all.test.ts': {
    source: `describe('s', () => { afterAll(() => { throw new Error('boom'); }); it('t1', () => { expect(1).toBe(2); }); });`,
    expected: { passed: 0, failed: 2, skipped: 0 },
  },
  'f05-describe-throws.test.ts': { source: `describe('s', () => { it('t1', () => {}); throw new Error('boom'); });`, expected: { passed: 0, failed: 1, skipped: 0 } },
  'f06-import-throws.test.ts': { source: `throw new Error('boom'); it('t1', () => {});`, expected: { passed: 0, failed: 1, skipped: 0 } },
  'f07-after-each.test.ts': { source: `afterEach(() => { throw new Error('boom'); }); it('t1', () => {});`, expected: { passed: 0, failed: 1, skipped: 0 } },
  'f08-unhandled.test.ts': {
    source: `it('t1', async () => { setTimeout(() => { throw new Error('late'); }, 1); await new Promise((r) => setTimeout(r, 50)); });`,
    expected: { passed: 1, failed: 1, skipped: 0 },
  },
  'f09-clean.test.ts': { source: `it('t1', () => {}); it.skip('t2', () => {}); it('t3', (ctx) => ctx.skip('no database'));`, expected: { passed: 1, failed: 0, skipped: 2 } },
};

describe('the counts reporter under the real vitest', () => {
  const repo = path.resolve(import.meta.dirname, '..');
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-counts-'));
  beforeAll(() => {
    // The fixtures import vitest, so the folder sees this repository's node_modules.
    symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(path.join(dir, 'vitest.config.ts'), `export default { test: { include: ['*.test.ts'], pool: 'forks' } };`);
    const header = `import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';\n`;
    for (const [file, { source }] of Object.entries(FIXTURES)) writeFileSync(path.join(dir, file), header + source);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(FIXTURES))('counts %s', (file) => {
    const countsFile = path.join(dir, `${file}.counts.json`);
    const r = spawnSync(path.join(repo, 'node_modules/.bin/vitest'), ['run', '--reporter=dot', `--reporter=${path.join(repo, 'test/support/test-counts.ts')}`, file], {
      cwd: dir,
      env: { ...process.env, TRACTION_TEST_COUNTS: countsFile, CI: '' },
      encoding: 'utf8',
    });
    expect(r.error).toBeUndefined();
    const got = JSON.parse(readFileSync(countsFile, 'utf8')) as TestCounts;
    expect({ passed: got.passed, failed: got.failed, skipped: got.skipped }).toEqual(FIXTURES[file]?.expected);
  });
});
