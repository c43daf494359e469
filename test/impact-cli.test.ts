// The impact commands end to end on a temporary workspace: kpi record / import / refresh
// (SQLite and the real local PostgreSQL, read-only) / show, experiment analyze (CSV and
// JSON, evidence for gates, bad input) and experiment plan.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { experimentResultPayloadSchema, kpiBaselinePayloadSchema } from '../src/domain/evidence.js';
import { listEvidence } from '../src/store/evidence-repository.js';
import { openStore } from '../src/store/store.js';
import { cli } from './support/cli.js';
import { dropSchema, PG_URL, postgresAvailable, uniqueSchema } from './support/databases.js';

const USE_CASE = `id: support-copilot
title: Support reply copilot
problem: Agents spend too long on replies.
objective: Draft replies with an LLM.
owner: ana@example.com
sponsor: coo@example.com
department: Support
team: data
stage: pilot
value_streams:
  - id: agent-time
    name: Agent time saved
    kind: cost_saving
    formula: tickets * minutes_saved * cost_per_minute
    inputs: { tickets: 5000, minutes_saved: { low: 1, likely: 2, high: 3 }, cost_per_minute: 0.8 }
    kpi: aht
    kpi_input: minutes_saved
costs: { build: 20000, run_monthly: 1000 }
probability_of_success: 0.7
effort_person_weeks: 10
kpis:
  - id: aht
    name: Average handling time
    unit: min
    direction: down
    target: 9
    measure: { source: helpdesk, sql: "select day as at, avg_minutes as value from daily_aht order by day" }
  - id: csat
    name: Customer satisfaction
    unit: share
    direction: up
    target: 0.8
    role: guardrail
risk: { eu_ai_act: limited }
`;

async function workspace(extraSources: Record<string, string> = {}): Promise<string> {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'traction-impact-')), 'ws');
  expect((await cli(['init', dir])).code).toBe(0);
  writeFileSync(path.join(dir, 'usecases/support-copilot.yaml'), USE_CASE);
  writeFileSync(path.join(dir, 'sources/helpdesk.yaml'), 'id: helpdesk\nkind: sqlite\npath: helpdesk.db\n');
  for (const [name, text] of Object.entries(extraSources)) writeFileSync(path.join(dir, 'sources', name), text);
  const db = new SqliteDatabase(path.join(dir, 'helpdesk.db'));
  db.exec("create table daily_aht (day text, avg_minutes real); insert into daily_aht values ('2026-02-02', 11.5), ('2026-02-16', 11.0), ('2026-04-06', 9.5)");
  db.close();
  return dir;
}

const json = (s: string) => JSON.parse(s) as Record<string, unknown>;

async function evidence(dir: string, kind: 'kpi_baseline' | 'experiment_result') {
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, '.traction', 'traction.db') });
  try {
    return await listEvidence(store.db, { useCaseId: 'support-copilot', kind });
  } finally {
    await store.close();
  }
}

describe('traction kpi', () => {
  it('records a baseline as evidence, refreshes from SQLite idempotently and shows realised value', async () => {
    const dir = await workspace();
    const rec = await cli(['kpi', 'record', 'support-copilot', 'aht', '12', '--at', '2026-01-15', '--baseline', '-w', dir]);
    expect(rec.code).toBe(0);
    expect(rec.stdout).toMatch(/recorded support-copilot \/ aht = 12 min at 2026-01-15 as the baseline/);
    const [baseline] = await evidence(dir, 'kpi_baseline');
    expect(kpiBaselinePayloadSchema.parse(baseline?.payload)).toMatchObject({ kpi: 'aht', value: 12, at: '2026-01-15' });

    const first = json((await cli(['kpi', 'refresh', 'support-copilot', '-w', dir, '--json'])).stdout);
    expect(first.refreshed).toEqual([{ use_case: 'support-copilot', kpi: 'aht', source: 'helpdesk', rows: 3, new: 3, error: null }]);
    const again = json((await cli(['kpi', 'refresh', '-w', dir, '--json'])).stdout);
    expect((again.refreshed as { new: number }[])[0]?.new).toBe(0);

    const show = json((await cli(['kpi', 'show', 'support-copilot', '-w', dir, '--json'])).stdout);
    const aht = (show.kpis as { kpi: string; baseline: unknown; latest: unknown; progress: number }[])[0];
    expect(aht?.baseline).toEqual({ value: 12, at: '2026-01-15', source: 'recorded' });
    expect(aht?.latest).toEqual({ at: '2026-04-06', value: 9.5 });
    expect(aht?.progress).toBeCloseTo(2.5 / 3, 12);
    // Feb mean 11.25 (0.75 min saved: 3000), March carried (3000), April 9.5 (2.5 min: 10000).
    expect(show.realised_value).toMatchObject({ realised_to_date: 16000, costs_to_date: 23000, payback: { status: 'forecast', month: '2026-05' } });
    const table = await cli(['kpi', 'show', 'support-copilot', '-w', dir]);
    expect(table.stdout).toMatch(/realised to date 16,000 · costs to date 23,000 · ROI to date -30% · payback forecast 2026-05/);
  });

  it('imports good rows in one go and reports each bad row with its line (exit 1)', async () => {
    const dir = await workspace();
    const file = path.join(dir, 'kpis.csv');
    writeFileSync(file, 'use_case,kpi,at,value,baseline\nsupport-copilot,aht,2026-01-10,12.2,yes\nsupport-copilot,aht,2026-02-10,abc,\nsupport-copilot,csat,2026-02-10,0.74,\nnope,aht,2026-02-10,1,\n');
    const r = await cli(['kpi', 'import', file, '-w', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('imported 2 values (1 baseline)');
    expect(r.stderr).toContain(`${file}:3: column "value": "abc" is not a number`);
    expect(r.stderr).toContain(`${file}:5: unknown use case "nope"`);
    const show = json((await cli(['kpi', 'show', 'support-copilot', '-w', dir, '--json'])).stdout);
    expect((show.kpis as { measurements: number }[]).map((k) => k.measurements)).toEqual([1, 1]);
  });

  it('names unknown use cases and KPIs and refuses a non-numeric value', async () => {
    const dir = await workspace();
    expect((await cli(['kpi', 'record', 'support-copilt', 'aht', '1', '-w', dir])).stderr).toContain('unknown use case "support-copilt" (did you mean "support-copilot"?)');
    expect((await cli(['kpi', 'record', 'support-copilot', 'ahtt', '1', '-w', dir])).stderr).toContain('(did you mean "aht"?)');
    const bad = await cli(['kpi', 'record', 'support-copilot', 'aht', 'twelve', '-w', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('VALUE: "twelve" is not a number');
    // Number() reads these as 16, 5, 15 and Infinity; none is a measurement anyone meant.
    for (const v of ['0x10', '0b101', '0o17', '1e400', 'Infinity', '']) {
      const r = await cli(['kpi', 'record', 'support-copilot', 'aht', v, '-w', dir]);
      expect({ v, code: r.code, stderr: r.stderr }).toMatchObject({ v, code: 2, stderr: expect.stringMatching(/VALUE: .*(is not a number|out of range|empty)/) as unknown as string });
    }
    const show = json((await cli(['kpi', 'show', 'support-copilot', '-w', dir, '--json'])).stdout);
    expect((show.kpis as { measurements: number }[]).map((k) => k.measurements)).toEqual([0, 0]);
  });

  it('refreshes from files through DuckDB', async () => {
    const dir = await workspace();
    writeFileSync(path.join(dir, 'data/aht.csv'), 'day,minutes\n2026-03-01,10\n2026-03-01,12\n2026-03-02,9\n');
    const uc = USE_CASE.replace(/source: helpdesk, sql: "[^"]*"/, `source: files, sql: "select day as at, avg(minutes) as value from 'aht.csv' group by day order by day"`);
    writeFileSync(path.join(dir, 'usecases/support-copilot.yaml'), uc);
    const r = json((await cli(['kpi', 'refresh', 'support-copilot', '-w', dir, '--json'])).stdout);
    expect(r.refreshed).toEqual([{ use_case: 'support-copilot', kpi: 'aht', source: 'files', rows: 2, new: 2, error: null }]);
    const show = json((await cli(['kpi', 'show', 'support-copilot', '-w', dir, '--json'])).stdout);
    expect((show.kpis as { series: unknown }[])[0]?.series).toEqual([
      { at: '2026-03-01', value: 11 },
      { at: '2026-03-02', value: 9 },
    ]);
  });

  it('refreshes from PostgreSQL inside a read-only transaction', async ({ skip }) => {
    if (!(await postgresAvailable())) skip('PostgreSQL is not available here');
    const schema = uniqueSchema('kpi');
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query(`create schema "${schema}"; create table "${schema}".tickets (closed_on date, minutes numeric)`);
      await admin.query(`insert into "${schema}".tickets values ('2026-03-01', 10), ('2026-03-01', 11), ('2026-03-02', 9)`);
      const source = (sql: string) => `id: warehouse\nkind: postgres\nconnection: \${env:KPI_WAREHOUSE_URL}\nschema: ${schema}\n# ${sql}\n`;
      const dir = await workspace({ 'warehouse.yaml': source('') });
      const uc = USE_CASE.replace('source: helpdesk, sql: "select day as at, avg_minutes as value from daily_aht order by day"', 'source: warehouse, sql: "select closed_on as at, avg(minutes) as value from tickets group by closed_on order by closed_on"');
      writeFileSync(path.join(dir, 'usecases/support-copilot.yaml'), uc);
      const env = { KPI_WAREHOUSE_URL: PG_URL };
      const r = json((await cli(['kpi', 'refresh', 'support-copilot', '-w', dir, '--json'], env)).stdout);
      expect(r.refreshed).toEqual([{ use_case: 'support-copilot', kpi: 'aht', source: 'warehouse', rows: 2, new: 2, error: null }]);
      const show = json((await cli(['kpi', 'show', 'support-copilot', '-w', dir, '--json'], env)).stdout);
      expect((show.kpis as { series: unknown }[])[0]?.series).toEqual([
        { at: '2026-03-01', value: 10.5 },
        { at: '2026-03-02', value: 9 },
      ]);

      writeFileSync(path.join(dir, 'usecases/support-copilot.yaml'), uc.replace(/sql: "[^"]*"/, 'sql: "insert into tickets values (current_date, 1) returning 1 as value"'));
      const write = await cli(['kpi', 'refresh', 'support-copilot', '-w', dir, '--json'], env);
      expect(write.code).toBe(1);
      expect((json(write.stdout).refreshed as { error: string }[])[0]?.error).toMatch(/SQL refused: it is INSERT, not a SELECT/);
      expect((await admin.query(`select count(*)::int as n from "${schema}".tickets`)).rows[0].n).toBe(3);
      const noEnv = await cli(['kpi', 'refresh', 'support-copilot', '-w', dir, '--json'], { KPI_WAREHOUSE_URL: undefined });
      expect((json(noEnv.stdout).refreshed as { error: string }[])[0]?.error).toBe('environment variable KPI_WAREHOUSE_URL is not set (used by source warehouse)');
    } finally {
      await admin.end();
      await dropSchema(schema);
    }
  });
});

function experimentCsv(dir: string, rows: string[]): string {
  const file = path.join(dir, 'pilot.csv');
  writeFileSync(file, ['unit,arm,aht,pre_aht,csat', ...rows].join('\n'));
  return file;
}

describe('traction experiment', () => {
  const rows = Array.from({ length: 400 }, (_, i) => {
    const pre = 8 + ((i * 7) % 9);
    const arm = i % 2 ? 'treatment' : 'control';
    return `u${i},${arm},${(pre * 0.8 + ((i * 13) % 5) * 0.5 - (arm === 'treatment' ? 1 : 0)).toFixed(2)},${pre},${(i * 17) % 10 < 8 ? 1 : 0}`;
  });

  it('analyses a CSV with CUPED and a guardrail, prints JSON and records evidence for the use case', async () => {
    const dir = await workspace();
    const file = experimentCsv(dir, rows);
    const r = await cli(['experiment', 'analyze', '-i', file, '-m', 'aht', '-m', 'csat', '--covariate', 'aht=pre_aht', '--usecase', 'support-copilot', '-w', dir, '--json']);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.verdict).toBe('positive');
    const [aht, csat] = report.metrics as { metric: string; method: string; role: string; direction: string; significant: boolean; improved: boolean }[];
    // csat is a guardrail KPI in the use case even though it was passed with --metric.
    expect(aht).toMatchObject({ metric: 'aht', method: 'cuped', role: 'primary', direction: 'down', significant: true, improved: true });
    expect(csat).toMatchObject({ metric: 'csat', method: 'proportion', role: 'guardrail' });
    const [e] = await evidence(dir, 'experiment_result');
    expect(experimentResultPayloadSchema.parse(e?.payload)).toMatchObject({ kpi: 'aht', method: 'cuped', significant: true, srm_ok: true, guardrails: [{ kpi: 'csat', regressed: false }] });
    expect(report.evidence).toEqual([{ kpi: 'aht', arm: 'treatment', evidence: e?.id, skipped: null }]);
  });

  it('reads sufficient statistics as JSON and flags a sample-ratio mismatch (exit 1)', async () => {
    const dir = await workspace();
    const file = path.join(dir, 'stats.json');
    writeFileSync(file, JSON.stringify({ arms: [{ arm: 'control', units: 4800, metrics: { y: { sum: 4800, sum_squares: 9600 } } }, { arm: 'treatment', units: 5200, metrics: { y: { sum: 5300, sum_squares: 10700 } } }] }));
    const r = await cli(['experiment', 'analyze', '-i', file, '-m', 'y']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/sample ratio MISMATCH/);
    expect(r.stdout).toMatch(/verdict: invalid/);
    expect((await cli(['experiment', 'analyze', '-i', file, '-m', 'y', '--split', 'control=48,treatment=52'])).code).toBe(0);
  });

  it('reports bad input clearly: missing arm, non-numeric value with its line, single unit, zero variance', async () => {
    const dir = await workspace();
    const missingArm = await cli(['experiment', 'analyze', '-i', experimentCsv(dir, ['a,treatment,1,1,1', 'b,treatment,2,1,0']), '-m', 'aht']);
    expect(missingArm.code).toBe(2);
    expect(missingArm.stderr).toMatch(/control arm "control" is missing; arms found: treatment/);
    const nonNumeric = await cli(['experiment', 'analyze', '-i', experimentCsv(dir, ['a,control,1,1,1', 'b,control,n/a,1,0', 'c,treatment,1,1,1']), '-m', 'aht']);
    expect(nonNumeric.code).toBe(2);
    expect(nonNumeric.stderr).toContain('pilot.csv:3: column "aht": "n/a" is not a number');
    const single = await cli(['experiment', 'analyze', '-i', experimentCsv(dir, ['a,control,1,1,1', 'b,treatment,2,1,0']), '-m', 'aht']);
    expect(single.stderr).toMatch(/arm "control" has 1 unit with metric "aht"; at least 2 per arm are needed/);
    const constant = await cli(['experiment', 'analyze', '-i', experimentCsv(dir, ['a,control,3,1,1', 'b,control,3,1,0', 'c,treatment,3,1,1', 'd,treatment,3,1,1']), '-m', 'aht', '--json']);
    expect(constant.code).toBe(0);
    expect(constant.stdout).not.toMatch(/NaN/);
    expect(json(constant.stdout)).toMatchObject({ verdict: 'inconclusive' });
  });

  it('plans sample size and duration, and the detectable effect for a given sample', async () => {
    const plan = json((await cli(['experiment', 'plan', '--sd', '4', '--baseline', '10', '--mde', '0.08', '--units-per-day', '50', '--json'])).stdout);
    expect(plan).toMatchObject({ control_units: 393, treatment_units: 393, total_units: 786, days: 16 });
    const rate = json((await cli(['experiment', 'plan', '--rate', '0.2', '--units', '2000', '--json'])).stdout);
    expect(rate.mde_absolute).toBeGreaterThan(0.05);
    expect(rate.mde_absolute).toBeLessThan(0.06);
    expect((await cli(['experiment', 'plan', '--sd', '4', '--mde', '0.1'])).stderr).toMatch(/--mde is relative to the baseline/);
  });
});
