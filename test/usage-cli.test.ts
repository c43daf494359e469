// `traction usage` on a copy of Northwind with 90 simulated days (imported with `traction
// telemetry import`, the ingest path): the portfolio table, one use case's table and
// --json, the same numbers as GET /api/usage, and an unknown use case as a usage error.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { simulateUsage } from '../examples/northwind/simulate-usage.js';
import type { GateEvaluation } from '../src/domain/decision.js';
import { DEFAULT_GATES, type Criterion } from '../src/domain/stages.js';
import { evaluateCriterion } from '../src/gates/criteria.js';
import { listEvidence } from '../src/store/evidence-repository.js';
import { openStore } from '../src/store/store.js';
import { loadWorkspace } from '../src/workspace/load-workspace.js';
import { cli } from './support/cli.js';
import { usageDaysFromSpans } from './support/usage-days.js';
import { writeSpansFile } from './support/usage-ingest.js';

const fixture = { days: [] as { useCaseId: string }[] };

const NORTHWIND = path.resolve(import.meta.dirname, '../examples/northwind');
const NOW = new Date('2026-12-02T09:00:00Z');
let dir: string;

beforeAll(async () => {
  dir = path.join(mkdtempSync(path.join(tmpdir(), 'traction-usage-')), 'ws');
  for (const part of ['traction.yaml', 'usecases', 'datasets', 'sources', 'schemas']) cpSync(path.join(NORTHWIND, part), path.join(dir, part), { recursive: true });
  const { workspace } = await loadWorkspace(dir);
  const spans = simulateUsage(42, NOW);
  fixture.days = usageDaysFromSpans(spans, workspace!.useCases, workspace!.config.prices);
  expect((await cli(['-w', dir, 'apply'])).code).toBe(0);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  const file = path.join(dir, '..', 'spans.jsonl');
  writeSpansFile(file, spans);
  const imported = await cli(['-w', dir, 'telemetry', 'import', file]);
  expect(imported.stdout).toContain(`counted ${spans.length} spans`);
});
afterAll(() => void vi.useRealTimers());

describe('traction usage', () => {
  it('prints one row per deployed use case with its flags', async () => {
    const r = await cli(['-w', dir, 'usage']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^use case +stage +requests 30d +users 30d +audience +adoption +cost this month \(EUR\) +last month +budget\/month +flags$/);
    expect(lines.find((l) => l.startsWith('demand-forecasting'))).toMatch(/scaled .* 4,166\.67 +use falling, models without a price$/); // the run cost's PERT mean (spend.ts)
    expect(lines.filter((l) => /^[a-z]/.test(l)).length).toBe(5); // the header and 4 use cases
  });

  it('prints one use case as tables, and the same figures as JSON', async () => {
    const json = JSON.parse((await cli(['-w', dir, '--json', 'usage', 'product-data-enrichment'])).stdout) as { monthly: { month: string; cost: number; over_budget: boolean }[]; requests: number };
    const november = json.monthly.find((m) => m.month === '2026-11')!;
    expect(november.over_budget).toBe(true);
    const own = fixture.days.filter((d) => d.useCaseId === 'product-data-enrichment') as unknown as { requests: number }[];
    expect(json.requests).toBe(own.reduce((s, d) => s + d.requests, 0));
    const text = (await cli(['-w', dir, 'usage', 'product-data-enrichment'])).stdout;
    expect(text).toMatch(new RegExp(`2026-11 +[\\d,]+ +${november.cost.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} +1,695\\.28`)); // run cost + per prediction x predictions, at PERT means (spend.ts)
    expect(text).toContain('no benchmark recorded');
  });

  it('records usage_summary evidence for one use case, or every deployed one', async () => {
    const one = JSON.parse((await cli(['-w', dir, '--json', 'usage', 'invoice-processing', '--record'])).stdout) as { recorded: { use_case: string; evidence: string; payload: { as_of: string; window: { from: string; through: string }; requests: number; audience: number | null } }[] };
    expect(one.recorded).toHaveLength(1);
    const p = one.recorded[0]!.payload;
    // The 28 complete days before today (2026-12-02): 2026-11-04 .. 2026-12-01.
    expect([p.as_of, p.window.from, p.window.through, p.audience]).toEqual(['2026-12-02', '2026-11-04', '2026-12-01', 20]);
    const own = fixture.days.filter((d) => d.useCaseId === 'invoice-processing' && (d as unknown as { day: string }).day >= '2026-11-04') as unknown as { requests: number }[];
    expect(p.requests).toBe(own.reduce((s, d) => s + d.requests, 0));
    const all = await cli(['-w', dir, 'usage', '--record']);
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n').filter((l) => /usage_summary ev_/.test(l)).map((l) => l.split(':')[0])).toEqual(['customer-service-assistant', 'demand-forecasting', 'invoice-processing', 'product-data-enrichment']);
    // What was recorded is what the usage gate criteria read: invoice processing's 17 of 20 people
    // meets a 50% adoption gate and a cost gate; demand forecasting's 4 of 24 does not.
    const { workspace } = await loadWorkspace(dir);
    const store = await openStore({ kind: 'sqlite', file: path.join(dir, '.traction', 'traction.db') });
    try {
      const verdict = async (id: string, criterion: Criterion) => {
        const evidence = await listEvidence(store.db, { useCaseId: id });
        return evaluateCriterion(criterion, { useCase: workspace!.useCases.find((u) => u.id === id)!, to: 'scaled', evidence, roles: workspace!.config.roles, expectedNpv: undefined, since: undefined }).status;
      };
      expect(await verdict('invoice-processing', { kind: 'usage_adoption', min_rate: 0.5, weeks: 4 })).toBe('met');
      expect(await verdict('invoice-processing', { kind: 'usage_cost', max_per_1k_requests: 50 })).toBe('met');
      expect(await verdict('demand-forecasting', { kind: 'usage_adoption', min_rate: 0.5, weeks: 4 })).toBe('not_met');
    } finally {
      await store.close();
    }
  });

  it("evaluates Northwind's own production -> scaled gate on the recorded usage: invoice processing meets every usage criterion, the catalogue enrichment's cost spike fails the cost one", async () => {
    expect((await cli(['-w', dir, 'usage', '--record'])).code).toBe(0);
    const gate = async (id: string) => JSON.parse((await cli(['-w', dir, '--json', 'gate', id])).stdout) as GateEvaluation;
    const usageStatuses = (e: GateEvaluation) => e.criteria.filter((c) => c.criterion.kind.startsWith('usage_')).map((c) => [c.criterion.kind, c.status]);
    const invoices = await gate('invoice-processing');
    expect([invoices.from, invoices.to]).toEqual(['production', 'scaled']);
    expect(usageStatuses(invoices)).toEqual([
      ['usage_adoption', 'met'],
      ['usage_cost', 'met'],
      ['usage_latency', 'met'],
    ]);
    const catalogue = await gate('product-data-enrichment');
    expect(usageStatuses(catalogue)).toEqual([
      ['usage_adoption', 'met'],
      ['usage_cost', 'not_met'],
      ['usage_latency', 'met'],
    ]);
    // The figure is the recorded one, from the same simulated spans counted here by brute force.
    const own = fixture.days.filter((d) => d.useCaseId === 'product-data-enrichment' && (d as unknown as { day: string }).day >= '2026-11-04' && (d as unknown as { day: string }).day <= '2026-12-01') as unknown as { requests: number; cost: number; unpricedRequests: number }[];
    const perThousand = (own.reduce((s, d) => s + d.cost, 0) / own.reduce((s, d) => s + d.requests - d.unpricedRequests, 0)) * 1000;
    expect(perThousand).toBeGreaterThan(30);
    expect(catalogue.criteria.find((c) => c.criterion.kind === 'usage_cost')!.detail).toContain(`cost per 1k requests ${perThousand.toLocaleString('en-US', { maximumFractionDigits: 2 })}`);
  });

  it("keeps Northwind's other gates the default ones", async () => {
    const { workspace } = await loadWorkspace(dir);
    const gates = workspace!.config.gates;
    expect(gates.filter((g) => g.from !== 'production')).toEqual(DEFAULT_GATES.filter((g) => g.from !== 'production'));
    expect(gates.find((g) => g.from === 'production')!.criteria.map((c) => c.kind)).toEqual(['business_case_npv', 'usage_adoption', 'usage_cost', 'usage_latency', 'signoff']);
  });

  it('shows the value realised from usage in `traction kpi show` beside the KPI-based value, with nothing recorded by hand', async () => {
    const kpi = JSON.parse((await cli(['-w', dir, '--json', 'kpi', 'show', 'invoice-processing'])).stdout) as { realised_from_usage: { realised_to_date: number; costs_to_date: number; roi_to_date: number } };
    const usage = JSON.parse((await cli(['-w', dir, '--json', 'usage', 'invoice-processing'])).stdout) as { value: { to_date: number; costs_to_date: number; roi_to_date: number } };
    expect(kpi.realised_from_usage.realised_to_date).toBeGreaterThan(0);
    expect([kpi.realised_from_usage.realised_to_date, kpi.realised_from_usage.costs_to_date, kpi.realised_from_usage.roi_to_date]).toEqual([usage.value.to_date, usage.value.costs_to_date, usage.value.roi_to_date]);
    const text = (await cli(['-w', dir, 'kpi', 'show', 'invoice-processing'])).stdout;
    expect(text).toContain(`realised from usage to date ${Math.round(usage.value.to_date).toLocaleString('en-US')}`);
  });

  it('refuses an unknown use case with exit 2 and the known ones', async () => {
    const r = await cli(['-w', dir, 'usage', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invoice-processing');
  });
});
