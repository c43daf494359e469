// The Great Expectations conformance suite, when the shared folder is there (../shared
// relative to the repository root in CI): at least 95% of the cases whose expectation we
// offer must pass, on DuckDB and on PostgreSQL.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDuckdbEngine, openPostgresEngine, type OpenEngine } from '../../src/readiness/conformance/conformance-engines.js';
import { findDefinitionFiles, runConformance } from '../../src/readiness/conformance/ge-runner.js';
import { PG_URL, postgresAvailable } from '../support/databases.js';

// ../shared beside the repository (CI, /work/main); a worktree sits one level deeper.
const DIR = ['../../../shared', '../../../../shared']
  .map((p) => path.resolve(import.meta.dirname, p, 'conformance/great_expectations'))
  .find((p) => existsSync(p)) ?? '';

describe.skipIf(DIR === '')('Great Expectations conformance', () => {
  const engines: [string, () => Promise<OpenEngine | undefined>][] = [
    ['duckdb', openDuckdbEngine],
    ['postgres', async () => ((await postgresAvailable()) ? openPostgresEngine(PG_URL) : undefined)],
  ];
  for (const [name, open] of engines) {
    it(`passes at least 95% of the offered cases on ${name}`, async (ctx) => {
      const engine = await open();
      if (!engine) return ctx.skip();
      try {
        const lines: string[] = [];
        const totals = await runConformance(findDefinitionFiles(DIR), engine.engine, (l) => lines.push(l), engine.tableSchema);
        const rate = totals.pass / (totals.pass + totals.fail);
        expect(totals.pass).toBeGreaterThan(100);
        expect(rate, lines.filter((l) => l.startsWith('fail')).join('\n')).toBeGreaterThanOrEqual(0.95);
        // Every case is accounted for, one line each.
        expect(lines.length).toBe(totals.pass + totals.fail + totals.skip);
      } finally {
        await engine.dispose();
      }
    });
  }
});
