// `traction data check|profile|history` end to end on a small fixture workspace, including
// bad input: each problem is named by dataset and check, the other datasets still run, and
// a run is stored whole or not at all.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricText } from '../../src/cli/data-history.js';
import { runCli } from '../../src/cli/run-cli.js';
import { listEvidence } from '../../src/store/evidence-repository.js';
import { countReadinessRuns, recordReadinessRun } from '../../src/store/readiness-repository.js';
import { openStore } from '../../src/store/store.js';
import { readinessRunPayloadSchema } from '../../src/domain/evidence.js';
import { PG_URL, postgresAvailable } from '../support/databases.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/readiness-ws');

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-readiness-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const streams = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await runCli(args, streams, { NO_COLOR: '1', TRACTION_ACTOR: 'tester', ...env });
  return { code, stdout, stderr };
}

const storeOf = (dir: string) => openStore({ kind: 'sqlite', file: path.join(dir, '.traction', 'traction.db') });

describe('traction data check', () => {
  it('finds the planted defects, stores the run and records evidence per use case', async () => {
    const dir = workspace();
    const r = await cli(['data', 'check', '-w', dir, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const crm = out.datasets.find((d: { datasetId: string }) => d.datasetId === 'crm_customers');
    const byName = Object.fromEntries(crm.outcomes.map((o: { name: string }) => [o.name, o]));
    expect(byName['unique(customer_id)']).toMatchObject({ status: 'fail', elements: 6, unexpected: 2 });
    expect(byName['accepted_values(country)']).toMatchObject({ status: 'fail', unexpected: 1 });
    expect(byName['freshness(updated_at)']).toMatchObject({ status: 'fail', severity: 'warn' });
    const orders = out.datasets.find((d: { datasetId: string }) => d.datasetId === 'erp_orders');
    expect(orders.outcomes.find((o: { type: string }) => o.type === 'referential_integrity')).toMatchObject({ status: 'fail', elements: 4, unexpected: 1 });
    // The use cases see different columns, so they score differently.
    const scores = Object.fromEntries(out.use_case_scores.map((u: { useCaseId: string; score: number }) => [u.useCaseId, u.score]));
    expect(scores.churn).not.toBe(scores['email-campaigns']);
    const store = await storeOf(dir);
    try {
      expect(await countReadinessRuns(store.db)).toBe(1);
      const evidence = await listEvidence(store.db, { kind: 'readiness_run' });
      expect(evidence.map((e) => e.useCaseId).sort()).toEqual(['churn', 'email-campaigns']);
      for (const e of evidence) expect(readinessRunPayloadSchema.parse(e.payload).run_id).toBe(out.run_id);
    } finally {
      await store.close();
    }
  });

  it('names the dataset and check of every bad input and still runs the rest', async () => {
    const dir = workspace();
    writeFileSync(path.join(dir, 'data', 'ragged.csv'), 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n');
    writeFileSync(path.join(dir, 'datasets', 'ragged.yaml'), 'id: ragged\nsource: files\npath: ragged.csv\nchecks:\n  - type: row_count\n    min: 1\n');
    writeFileSync(path.join(dir, 'datasets', 'gone.yaml'), 'id: gone\nsource: files\npath: gone.csv\nchecks:\n  - type: row_count\n    min: 1\n');
    const crm = path.join(dir, 'datasets', 'crm_customers.yaml');
    writeFileSync(crm, `${readFileSync(crm, 'utf8')}  - type: not_null\n    column: emial\n  - type: parseable_date\n    column: email\n    format: '%Y-%Q'\n`);
    const r = await cli(['data', 'check', '-w', dir, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const ds = (id: string) => out.datasets.find((d: { datasetId: string }) => d.datasetId === id);
    expect(ds('ragged').error).toMatch(/dataset ragged: cannot read .*ragged\.csv: line 3: 2 fields where the header has 3/);
    expect(ds('gone').error).toMatch(/dataset gone: file not found: .*gone\.csv/);
    const outcomes = ds('crm_customers').outcomes;
    expect(outcomes.find((o: { name: string }) => o.name === 'not_null(emial)')).toMatchObject({ status: 'error', message: 'unknown column "emial" (did you mean "email"?)' });
    expect(outcomes.find((o: { name: string }) => o.name === 'parseable_date(email)')).toMatchObject({ status: 'error', message: expect.stringMatching(/unknown strftime directive %Q/) });
    // The other checks of the same dataset still have their results.
    expect(outcomes.find((o: { name: string }) => o.name === 'unique(customer_id)')).toMatchObject({ status: 'fail', unexpected: 2 });
    expect(ds('erp_orders').outcomes.filter((o: { status: string }) => o.status === 'error')).toEqual([]);
  });

  it('refuses at validate a regular expression outside the portable subset, naming where and why', async () => {
    const dir = workspace();
    const crm = path.join(dir, 'datasets', 'crm_customers.yaml');
    writeFileSync(crm, `${readFileSync(crm, 'utf8')}  - type: regex\n    column: email\n    pattern: '(?<=@)example'\n`);
    const r = await cli(['validate', '-w', dir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/crm_customers\.yaml.*pattern|pattern.*crm_customers\.yaml/s);
    expect(r.stderr + r.stdout).toMatch(/look-around assertions are not supported by every engine/);
    expect(r.stderr + r.stdout).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('reports wrong database credentials and a timeout per dataset', async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip();
    const dir = workspace();
    const bad = new URL(PG_URL);
    bad.username = 'nobody_here';
    bad.password = 'wrong';
    writeFileSync(path.join(dir, 'sources', 'warehouse.yaml'), 'id: warehouse\nkind: postgres\nconnection: ${env:BAD_PG}\n');
    writeFileSync(path.join(dir, 'sources', 'slow.yaml'), 'id: slow\nkind: postgres\nconnection: ${env:GOOD_PG}\n');
    writeFileSync(path.join(dir, 'datasets', 'wh.yaml'), 'id: wh\nsource: warehouse\ntable: customers\nchecks:\n  - type: row_count\n    min: 1\n');
    writeFileSync(path.join(dir, 'datasets', 'sleepy.yaml'), 'id: sleepy\nsource: slow\nquery: select 1 as x from pg_sleep(3)\nchecks:\n  - type: row_count\n    min: 1\n');
    const r = await cli(['data', 'check', '-w', dir, '--json', '--timeout', '1'], { BAD_PG: bad.toString(), GOOD_PG: PG_URL });
    const out = JSON.parse(r.stdout);
    const ds = (id: string) => out.datasets.find((d: { datasetId: string }) => d.datasetId === id);
    expect(ds('wh').error).toMatch(/source warehouse: cannot connect: .*nobody_here/);
    expect(ds('wh').error).not.toContain('wrong'); // the password is never printed
    expect(ds('sleepy').outcomes[0]).toMatchObject({ name: 'row_count', status: 'error' });
    expect(ds('sleepy').outcomes[0].message).toMatch(/statement timeout|timed out/);
    expect(ds('crm_customers').outcomes.length).toBeGreaterThan(0);
    expect(ds('crm_customers').error).toBeUndefined();
  });

  it('stores nothing of a run that fails part-way through storing', async () => {
    const dir = workspace();
    const store = await storeOf(dir);
    try {
      const outcome = { name: 'same', type: 'not_null', severity: 'fail', dimension: 'completeness', status: 'pass', observed: 1, message: '' };
      const run = {
        id: 'run_broken',
        startedAt: new Date(),
        finishedAt: new Date(),
        actor: 'tester',
        // Two results with the same name violate the primary key on the second insert.
        datasets: [{ datasetId: 'a', rowCount: 1, outcomes: [outcome, outcome], metrics: [{ metric: 'row_count', value: 1 }] }],
        scores: [],
        evidence: [{ useCaseId: 'churn', payload: { run_id: 'run_broken', score: 1, dimensions: {}, failed_checks: 0 } }],
        summary: {},
      };
      await expect(recordReadinessRun(store, run)).rejects.toThrow();
      expect(await countReadinessRuns(store.db)).toBe(0);
      expect(await store.db.selectFrom('readiness_metrics').selectAll().execute()).toEqual([]);
      expect(await listEvidence(store.db)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('keeps history and flags a row count drop; profiles and suggests checks', async () => {
    const dir = workspace();
    expect((await cli(['data', 'check', '-w', dir, 'crm_customers'])).code).toBe(1);
    const h = await cli(['data', 'history', '-w', dir, 'crm_customers', '--json']);
    expect(JSON.parse(h.stdout).points).toHaveLength(1);
    expect(JSON.parse(h.stdout).points[0].value).toBe(6);
    const p = await cli(['data', 'profile', '-w', dir, 'crm_customers', '--json']);
    const email = JSON.parse(p.stdout).columns.find((c: { name: string }) => c.name === 'email');
    expect(email).toMatchObject({ nulls: 1, distinct: 4 });
    const s = await cli(['data', 'profile', '-w', dir, 'erp_orders', '--suggest']);
    expect(s.stdout).toContain('type: unique');
    expect(s.stdout).toContain('column: order_id');
  });

  it('exits 1 when a dataset cannot be read, even with only warn-severity checks', async () => {
    const dir = workspace();
    writeFileSync(path.join(dir, 'datasets', 'gone.yaml'), 'id: gone\nsource: files\npath: gone.csv\nchecks:\n  - type: row_count\n    min: 1\n    severity: warn\n');
    const gone = await cli(['data', 'check', '-w', dir, 'gone', '--json']);
    expect(JSON.parse(gone.stdout).datasets[0].error).toMatch(/file not found/);
    expect(gone.code).toBe(1);
  });

  it('prints a history value that is not whole as not whole (0.99795 is not 1)', () => {
    expect([metricText(0.99795), metricText(0.5), metricText(1), metricText(0.999999999), metricText(12345)]).toEqual(['0.998', '0.5', '1', '0.999999999', '12,345']);
  });

  it('exports failing rows as CSV with the primary key', async () => {
    const dir = workspace();
    const csv = path.join(dir, 'out');
    await cli(['data', 'check', '-w', dir, 'erp_orders', '--csv', csv]);
    const text = readFileSync(path.join(csv, 'erp_orders--range_amount_.csv'), 'utf8');
    expect(text).toBe('"order_id","amount"\n4,-3\n');
  });

  it('writes a formula found in the data as text in the --csv files (OWASP CSV injection)', async () => {
    const dir = workspace();
    writeFileSync(path.join(dir, 'data', 'crm_customers.csv'), 'customer_id,email,country,segment,updated_at\nC1,anna@example.com,DE,smb,2026-01-10 08:00:00\nC2,"=HYPERLINK(""http://evil.example"",""x"")",DE,smb,2026-01-10 08:00:00\nC3,@SUM(1+1),DE,smb,2026-01-10 08:00:00\n');
    const csv = path.join(dir, 'out');
    await cli(['data', 'check', '-w', dir, 'crm_customers', '--csv', csv]);
    const text = readFileSync(path.join(csv, 'crm_customers--regex_email_.csv'), 'utf8');
    expect(text).toBe('"customer_id","email"\n"C2","\'=HYPERLINK(""http://evil.example"",""x"")"\n"C3","\'@SUM(1+1)"\n');
  });
});
