// The example company end to end: `traction data check` on the committed Northwind data finds
// the planted defects (examples/northwind/DATA.md) and the use-case scores follow them. The
// expected counts are computed here, independently of DuckDB, by reading the CSV files with a
// plain parser; freshness is judged as of the generation date, so the test does not age.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../examples/northwind');

/** RFC 4180 fields of one line (quoted fields with "" escapes; the files have no multi-line fields). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function table(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path.join(EXAMPLE, 'data', `${name}.csv`), 'utf8').split('\n').filter((l) => l !== '');
  const cols = fields(head as string);
  return lines.map((l) => Object.fromEntries(fields(l).map((v, i) => [cols[i], v])));
}

/** Rows whose non-empty value occurs more than once: every copy counts, as `unique` counts. */
function copiesOfDuplicates(values: string[]): number {
  const n = new Map<string, number>();
  for (const v of values) if (v !== '') n.set(v, (n.get(v) ?? 0) + 1);
  return [...n.values()].filter((c) => c > 1).reduce((s, c) => s + c, 0);
}

interface Outcome {
  name: string;
  status: string;
  severity: string;
  dimension: string;
  unexpected?: number;
  observed: unknown;
}
interface UseCaseScore {
  useCaseId: string;
  datasets: string[];
  score: number;
  dimensions: Record<string, number>;
  lost: { datasetId: string; check: string; points: number }[];
}

describe('readiness on the Northwind example company', () => {
  let code: number;
  let report: { summary: { errors: number; failing: boolean }; datasets: { datasetId: string; outcomes: Outcome[] }[]; use_case_scores: UseCaseScore[] };
  const outcome = (datasetId: string, name: string): Outcome => {
    const o = report.datasets.find((d) => d.datasetId === datasetId)?.outcomes.find((x) => x.name === name);
    if (!o) throw new Error(`no outcome ${datasetId}: ${name}`);
    return o;
  };
  const useCase = (id: string) => report.use_case_scores.find((u) => u.useCaseId === id) as UseCaseScore;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'traction-northwind-'));
    cpSync(EXAMPLE, dir, { recursive: true }); // the store (.traction/) must not land in examples/
    const r = await cli(['data', 'check', '-w', dir, '--json', '--as-of', '2026-11-15']);
    expect(r.stderr).not.toMatch(/error/i);
    code = r.code;
    report = JSON.parse(r.stdout);
  }, 120_000);

  it('runs every check (none errors) and exits 1 because fail-severity checks fail', () => {
    expect(report.summary.errors).toBe(0);
    expect(code).toBe(1);
  });

  it('finds bad country codes and the CRM/ERP identity gaps', () => {
    const crm = table('crm_customers');
    const erp = table('erp_customers');
    const crmIds = new Set(crm.map((r) => r.customer_id));
    expect(outcome('crm_customers', 'country as ISO code')).toMatchObject({ status: 'fail', unexpected: crm.filter((r) => r.country !== '' && !['DE', 'NL', 'AT'].includes(r.country as string)).length });
    // The same company twice in the CRM: the contact email repeats, and the normalised name.
    expect(outcome('crm_customers', 'one record per contact email')).toMatchObject({ status: 'fail', severity: 'warn', unexpected: copiesOfDuplicates(crm.map((r) => r.email as string)) });
    expect(outcome('crm_customers', 'no duplicate companies by normalised name').status).toBe('fail');
    expect(outcome('erp_customers', 'linked to the CRM')).toMatchObject({ status: 'fail', unexpected: erp.filter((r) => r.crm_id === '').length });
    expect(outcome('erp_customers', 'CRM link points to an existing CRM account')).toMatchObject({
      status: 'fail',
      dimension: 'joinability',
      unexpected: erp.filter((r) => r.crm_id !== '' && !crmIds.has(r.crm_id as string)).length,
    });
  });

  it('finds out-of-range amounts, orphan orders and exact duplicates', () => {
    const orders = table('erp_orders');
    const erpIds = new Set(table('erp_customers').map((r) => r.customer_no));
    expect(outcome('erp_orders', 'no negative quantities (credit notes belong in their own table)')).toMatchObject({ status: 'fail', unexpected: orders.filter((r) => Number(r.quantity) < 1).length });
    expect(outcome('erp_orders', 'plausible line totals').status).toBe('fail');
    expect(outcome('erp_orders', 'customer exists in the ERP')).toMatchObject({ status: 'fail', unexpected: orders.filter((r) => !erpIds.has(r.customer_no as string)).length });
    expect(outcome('web_events', 'unique(event_id)')).toMatchObject({ status: 'fail', unexpected: copiesOfDuplicates(table('web_events').map((r) => r.event_id as string)) });
  });

  it('finds mixed date formats and the stale help-desk export', () => {
    const invoices = table('invoices');
    expect(outcome('invoices', 'invoice date in ISO format')).toMatchObject({ status: 'fail', unexpected: invoices.filter((r) => !/^\d{4}-\d{2}-\d{2}$/.test(r.invoice_date as string)).length });
    const newest = table('support_tickets').map((r) => r.created_at as string).sort().pop() as string;
    const ageHours = (Date.parse('2026-11-15T00:00:00Z') - Date.parse(`${newest.replace(' ', 'T')}Z`)) / 3_600_000;
    expect(outcome('support_tickets', 'freshness(created_at)')).toMatchObject({ status: 'fail', dimension: 'freshness' });
    expect(outcome('support_tickets', 'freshness(created_at)').observed as number).toBeCloseTo(ageHours, 6);
    // Every other table was loaded within the day before the generation date.
    const staleElsewhere = report.datasets.flatMap((d) => d.outcomes.filter((o) => o.dimension === 'freshness' && o.status !== 'pass').map(() => d.datasetId));
    expect(staleElsewhere).toEqual(['support_tickets']);
  });

  it('scores each use case by the defects of the data it needs', () => {
    const scores = report.use_case_scores;
    expect(new Set(scores.map((u) => u.score)).size).toBeGreaterThanOrEqual(scores.length - 2);
    // Freshness is lost exactly by the use cases that read the stale help-desk export.
    for (const u of scores) expect((u.dimensions.freshness ?? 100) < 100, u.useCaseId).toBe(u.datasets.includes('support_tickets'));
    // Ticket triage (made from a template) and the customer-service assistant read the tickets
    // alone: their biggest loss is that staleness. Triage needs fewer columns, so the stale
    // created_at weighs more in its score: the lowest of all, the assistant's next.
    const assistant = useCase('customer-service-assistant');
    const triage = useCase('support-ticket-triage');
    const ordered = [...scores].sort((a, b) => a.score - b.score).map((u) => u.useCaseId);
    expect(ordered.slice(0, 2)).toEqual(['support-ticket-triage', 'customer-service-assistant']);
    for (const u of [triage, assistant]) expect(u.lost[0], u.useCaseId).toMatchObject({ datasetId: 'support_tickets', check: 'freshness(created_at)' });
    const lostChecks = (id: string) => useCase(id).lost.map((l) => l.check);
    expect(lostChecks('predictive-maintenance')).toContain('no sentinel temperatures');
    expect(lostChecks('invoice-processing')).toContain('invoice date in ISO format');
    expect(lostChecks('churn-prediction')).toEqual(expect.arrayContaining(['linked to the CRM', 'CRM link points to an existing CRM account']));
    // A use case that needs none of the stale or duplicated data scores above one that does.
    expect(useCase('dynamic-pricing').score).toBeGreaterThan(useCase('churn-prediction').score);
  });
});
