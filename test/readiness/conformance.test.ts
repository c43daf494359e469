// The Great Expectations conformance suite, when the shared folder is there (../shared
// relative to the repository root in CI): at least 95% of the cases that apply to SQL
// engines (refusals counted as misses) must pass, on DuckDB and on PostgreSQL. Without the folder the suite skips with that
// reason, except under CI=true, where a missing folder is a failure: CI must run it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openClickhouseEngine, openDuckdbEngine, openPostgresEngine, type OpenEngine } from '../../src/readiness/conformance/conformance-engines.js';
import { findDefinitionFiles, runConformance } from '../../src/readiness/conformance/ge-runner.js';
import { CLUSTER, clickhouseSkipReason, startClickhouse } from '../support/clickhouse-server.js';
import { IN_CI, PG_URL, postgresAvailable } from '../support/databases.js';

// ../shared beside the repository (CI, /work/main); a worktree sits one level deeper.
const DIR = ['../../../shared', '../../../../shared']
  .map((p) => path.resolve(import.meta.dirname, p, 'conformance/great_expectations'))
  .find((p) => existsSync(p)) ?? '';

/** The deliberate differences docs/readiness.md names (Conformance), as the runner words them. */
const DELIBERATE = /^(evaluation parameter \S+ \(.+\) not offered: only now\(\), datetime\(\) and timedelta\(\) arithmetic|an? .+ (check )?without .+ is refused as a mistake, not vacuously true|a .+ of null \(any .+\) is refused as a mistake, not vacuously true|a KL divergence without a partition and a threshold \(profiling\) is refused as a mistake, not vacuously true|row_condition syntax not offered \(use where:\)|binning columns before the test .+ not offered: bin with a where or a view)$/;

/** The cases that may fail on ClickHouse 18.16 (open differences, each named in the test and docs/readiness.md). */
const CLICKHOUSE_OPEN =
  /^fail clickhouse (expect_column_values_to_be_(increasing|decreasing)\/.*: monotonic needs order_by on ClickHouse|expect_column_values_to_be_unique\/positive_case_all_null_values|expect_column_values_to_be_(of_type|in_type_list)\/.*expected BOOLEAN|expect_column_values_to_be_between\/error_on_string-to-int_comparisons|expect_column_values_to_match_strftime_format\/negative_test_input_already_datetimes|expect_column_value_lengths_to_be_between\/negative_test_with_max_lt_min)\b/;

const MISSING = 'the shared conformance cases (../shared/conformance/great_expectations beside the repository) are not there';

describe('Great Expectations conformance', () => {
  if (DIR === '') {
    it('has the shared conformance cases', (ctx) => {
      if (!IN_CI) ctx.skip(`${MISSING}; under CI=true this fails`);
      expect.fail(`${MISSING}; CI must provide them`);
    });
  }
  const engines: [string, () => Promise<OpenEngine | undefined>][] = [
    ['duckdb', openDuckdbEngine],
    ['postgres', async () => ((await postgresAvailable()) ? openPostgresEngine(PG_URL) : undefined)],
    // A private clickhouse-server; every table Distributed over two shards.
    [
      'clickhouse',
      async () => {
        if (clickhouseSkipReason() !== '') return undefined;
        const server = await startClickhouse();
        const opened = await openClickhouseEngine(server.url, server.readerUrl, CLUSTER);
        return { ...opened, dispose: async () => (await opened.dispose(), await server.stop()) };
      },
    ],
  ];
  // With the folder missing there is nothing to run them on (the test above says so).
  for (const [name, open] of DIR === '' ? [] : engines) {
    it(`passes at least 95% of the cases for SQL engines on ${name}`, async (ctx) => {
      const engine = await open();
      if (!engine) return ctx.skip(name === 'clickhouse' ? clickhouseSkipReason() : `PostgreSQL did not answer at ${PG_URL}`);
      try {
        const lines: string[] = [];
        const totals = await runConformance(findDefinitionFiles(DIR), engine.engine, (l) => lines.push(l), engine.tableSchema);
        // Refusals and expectations not offered are misses: only cases for other backends are left out.
        const rate = totals.pass / (totals.pass + totals.fail + totals.refused + totals.notOffered);
        expect(totals.pass).toBeGreaterThan(100);
        const fails = lines.filter((l) => l.startsWith('fail'));
        if (name === 'clickhouse') {
          // ClickHouse 18.16 on a Distributed table (measured: 361 pass, 16 fail, 10 refused,
          // rate 0.933). Its differences, each failing case one of CLICKHOUSE_OPEN:
          // monotonic without order_by is refused (no row order: 10 cases); 18.16 has no
          // boolean type (UInt8 stands in: 2 cases); a column named `null` cannot be read
          // through a Distributed table on 18.16 (1); and the three cases every engine misses
          // (a length check with max < min, strftime on datetimes, string-to-int comparison).
          // Any other failing case fails this test.
          // (Rows are dealt to the shards at random: the floor leaves room for a few cases.)
          expect(rate).toBeGreaterThanOrEqual(0.92);
          for (const f of fails) expect(f).toMatch(CLICKHOUSE_OPEN);
        } else expect(rate, fails.join('\n')).toBeGreaterThanOrEqual(0.95);
        // Every case is accounted for, one line each, and every skip has its kind.
        expect(lines.length).toBe(totals.pass + totals.fail + totals.skip);
        expect(totals.notForSql + totals.refused + totals.notOffered).toBe(totals.skip);
        // Every expectation of the catalogue is offered, the multi-table one included.
        expect(totals.notOfferedTypes).toEqual([]);
        expect(totals.notOffered).toBe(0);
        // The deliberate differences are the kinds docs/readiness.md names, and no others.
        const refusedReasons = new Set(lines.filter((l) => l.startsWith('skip') && !/: (only for|suppressed for|expectation \S+ not offered)/.test(l)).map((l) => l.replace(/^[^:]*: /, '')));
        for (const reason of refusedReasons) expect(reason).toMatch(DELIBERATE);
      } finally {
        await engine.dispose();
      }
      // About 500 cases (the distribution tests among them) on a shared, busy machine.
    }, 300_000);
  }
});
