// The example company's pilot (customer-service-assistant): the committed experiment and KPI
// history are what the seeded generator writes, and the impact commands run on them end to
// end: baseline and history imported, the experiment analysed into evidence, realised value.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

const ROOT = path.resolve('examples/northwind');
const FILES = ['experiments/customer-service-assistant.csv', 'kpis/customer-service-assistant.csv'];

describe('example pilot', () => {
  it('regenerates the committed files byte for byte', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'traction-pilot-'));
    const r = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/generate-northwind-pilot.ts', '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const f of FILES) expect(readFileSync(path.join(out, f), 'utf8'), f).toBe(readFileSync(path.join(ROOT, f), 'utf8'));
  });

  it('imports the KPI history, analyses the experiment into evidence and shows realised value', async () => {
    const ws = path.join(mkdtempSync(path.join(tmpdir(), 'traction-northwind-')), 'northwind');
    cpSync(ROOT, ws, { recursive: true, filter: (src) => !src.includes(`${path.sep}.traction`) });
    const imported = await cli(['kpi', 'import', path.join(ws, FILES[1]!), '-w', ws, '--json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 58, baselines: 2, rejected: 0 });

    const analysed = await cli(['experiment', 'analyze', '-i', path.join(ws, FILES[0]!), '-m', 'handle-time', '-g', 'csat', '--covariate', 'handle-time=pre_handle_time', '--margin', '0.02', '--usecase', 'customer-service-assistant', '-w', ws, '--json']);
    expect(analysed.code).toBe(0);
    const report = JSON.parse(analysed.stdout);
    expect(report.verdict).toBe('positive');
    expect(report.srm.ok).toBe(true);
    const [aht, csat] = report.metrics;
    expect(aht).toMatchObject({ kpi: 'handle-time', direction: 'down', method: 'cuped', significant: true, improved: true });
    expect(aht.relative.ci[1]).toBeLessThan(-0.15); // drafting cuts handle time by well over 15%
    expect(aht.cuped.variance_reduction).toBeGreaterThan(0.3);
    expect(csat).toMatchObject({ kpi: 'csat', role: 'guardrail', guardrail: { regressed: false } });
    expect(report.evidence).toHaveLength(1);

    const refreshed = JSON.parse((await cli(['kpi', 'refresh', '-w', ws, '--json'])).stdout);
    expect(refreshed.refreshed).toEqual([{ use_case: 'customer-service-assistant', kpi: 'csat', source: 'files', rows: expect.any(Number), new: expect.any(Number), error: null }]);
    expect(refreshed.refreshed[0].new).toBeGreaterThan(0);

    const shown = JSON.parse((await cli(['kpi', 'show', 'customer-service-assistant', '-w', ws, '--json'])).stdout);
    expect(shown.kpis[0].baseline).toEqual({ value: 11.5, at: '2026-06-30', source: 'recorded' });
    expect(shown.kpis[0].trend.improving).toBe(true);
    const value = shown.realised_value;
    expect(value.start_month).toBe('2026-07');
    expect(value.realised_to_date).toBeGreaterThan(0);
    expect(value.streams[1].missing).toMatch(/not mapped/); // the web chat is not switched on yet
    // Beside it, the business case as `traction value` simulates it.
    const planned = JSON.parse((await cli(['value', 'customer-service-assistant', '-w', ws, '--json'])).stdout);
    expect(shown.business_case).toMatchObject({ npv_p10: planned.simulation.p10, npv_p50: planned.simulation.p50, npv_p90: planned.simulation.p90 });
    expect(shown.business_case.monthly_value_likely).toBeCloseTo(value.planned_monthly_value, 9);
  });
});
