// GET /api/report in-process on SQLite and PostgreSQL: the HTML carries the ranking's figures as
// GET /api/portfolio answers them, a viewer may download it, a wrong format or an unknown
// query parameter is refused naming it, and the hostile title of a stored use case stays text.
import { expect, it } from 'vitest';
import { money } from '../../src/report/report-format.js';
import { describeEachStore, sampleUseCase } from '../support/server-app.js';

const useCases = [
  sampleUseCase('churn-alerts', {
    title: '<script>alert(1)</script> Churn alerts',
    value_streams: [{ id: 'kept', name: 'Kept revenue', kind: 'revenue', formula: 'customers * value', inputs: { value: 900, customers: { low: 2, likely: 6, high: 15 } } }],
  }),
  sampleUseCase('invoice-matching', { stage: 'qualified', team: 'ops', value_streams: [{ id: 'hours', name: 'Hours saved', kind: 'cost_saving', formula: 'hours * 45', inputs: { hours: { low: 100, likely: 200, high: 260 } } }] }),
];

describeEachStore('report API', (open) => {
  it("answers the HTML report with the portfolio's figures to a viewer", async ({ skip }) => {
    const t = await open(skip, { useCases });
    const portfolio = (await t.as('viewer', { method: 'GET', url: '/api/portfolio' })).json<{ use_cases: { npv: { expected: number; p10: number; p90: number } }[] }>();
    const r = await t.as('viewer', { method: 'GET', url: '/api/report' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="testco-report-2026-03-02.html"');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(portfolio.use_cases).toHaveLength(2);
    for (const u of portfolio.use_cases) for (const v of [u.npv.expected, u.npv.p10, u.npv.p90]) expect(r.body).toContain(`>${money(v)}<`);
    expect(r.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Churn alerts');
    expect(r.body).not.toContain('<script>');
  });

  it('refuses a format it does not make and an unknown parameter, naming them', async ({ skip }) => {
    const t = await open(skip, { useCases });
    const bad = await t.as('viewer', { method: 'GET', url: '/api/report?format=docx' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('format');
    const unknown = await t.as('viewer', { method: 'GET', url: '/api/report?format=html&logo=/etc/passwd' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('logo');
  });
});
