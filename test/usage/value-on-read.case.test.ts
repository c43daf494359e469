// Realised value from usage fills in by itself: after the model service's spans arrive on
// POST /v1/traces, and with nothing recorded by hand (no `traction usage --record`, no
// evidence at all), the use case's KPI view (GET /api/use-cases/:id/kpis, the dashboard's
// KPI panel) shows the value its value template gives on the stored usage, beside the
// KPI-based value, with the same figures as the usage view. The expected value is the
// template evaluated by hand on a brute-force count of the same spans.
import path from 'node:path';
import { expect, it } from 'vitest';
import { simulateUsage } from '../../examples/northwind/simulate-usage.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { listEvidence } from '../../src/store/evidence-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { describeEachStore, T0 } from '../support/server-app.js';
import { usageDaysFromSpans } from '../support/usage-days.js';
import { postSpans } from '../support/usage-ingest.js';

const NORTHWIND = path.resolve(import.meta.dirname, '../../examples/northwind');
const NOW = new Date('2026-12-02T09:00:00Z');

interface FromUsage {
  realised_to_date: number;
  costs_to_date: number;
  roi_to_date: number | null;
  monthly_value_now: number | null;
  months: { month: string; value: number | null }[];
}

describeEachStore('realised value from usage', (open) => {
  it('is in the KPI view as soon as spans are stored, equal to the value template on a brute-force count', async ({ skip }) => {
    const t = await open(skip, { seed: false });
    const { workspace } = await loadWorkspace(NORTHWIND);
    await applyDefinitions(t.store, workspaceDefinitions(workspace!), 'seed', T0);
    const kpis = async (id: string) => (await t.as('viewer', { method: 'GET', url: `/api/use-cases/${id}/kpis` })).json() as { realised_value: { realised_to_date: number }; realised_from_usage: FromUsage | null };

    t.clock.now = NOW;
    const before = await kpis('invoice-processing');
    expect(before.realised_from_usage).toMatchObject({ realised_to_date: 0, months: [] });

    const spans = simulateUsage(42, NOW);
    await postSpans(t, spans);
    expect(await listEvidence(t.store.db, { useCaseId: 'invoice-processing' })).toEqual([]);

    // invoice-processing.yaml: executions / pages_per_invoice * automation_rate * minutes_saved / 60 * hourly_cost,
    // at the likely values 2.3, 0.7, 7 and 42; executions = requests without an error, per month.
    const days = usageDaysFromSpans(spans, workspace!.useCases, workspace!.config.prices).filter((d) => d.useCaseId === 'invoice-processing' && d.day <= '2026-12-02');
    const perMonth = new Map<string, number>();
    for (const d of days) perMonth.set(d.day.slice(0, 7), (perMonth.get(d.day.slice(0, 7)) ?? 0) + d.requests - Object.values(d.errors).reduce((a, b) => a + b, 0));
    const value = (executions: number) => (((executions / 2.3) * 0.7 * 7) / 60) * 42;
    const expected = [...perMonth].sort().map(([month, executions]) => ({ month, value: value(executions) }));

    const after = (await kpis('invoice-processing')).realised_from_usage!;
    expect(after.months.map((m) => m.month)).toEqual(['2026-09', '2026-10', '2026-11', '2026-12']);
    after.months.forEach((m, i) => expect(m.value).toBeCloseTo(expected[i]!.value, 6));
    expect(after.realised_to_date).toBeCloseTo(expected.reduce((a, m) => a + m.value, 0), 6);
    expect(after.monthly_value_now).toBeCloseTo(expected.find((m) => m.month === '2026-11')!.value, 6);
    expect(after.roi_to_date).toBeCloseTo((after.realised_to_date - after.costs_to_date) / after.costs_to_date, 12);
    // The usage view's figures are the same ones.
    const usage = (await t.as('viewer', { method: 'GET', url: '/api/use-cases/invoice-processing/usage' })).json() as { value: { to_date: number; costs_to_date: number; roi_to_date: number } };
    expect([usage.value.to_date, usage.value.costs_to_date, usage.value.roi_to_date]).toEqual([after.realised_to_date, after.costs_to_date, after.roi_to_date]);
    // A use case without a value template has none.
    expect((await kpis('customer-service-assistant')).realised_from_usage).toBeNull();
  });
});
