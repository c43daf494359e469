// A small ReportModel for tests of the renderer (hand-written figures, no store), with the
// titles a test chooses.
import type { ReportModel } from './report-model.js';

export function sampleReportModel(title = 'Invoice matching', clientName: string | null = 'Acme Holding'): ReportModel {
  return {
    organisation: 'Testco',
    clientName,
    logo: null,
    generatedOn: '2026-12-03',
    currency: 'EUR',
    horizonMonths: 36,
    discountRate: 0.09,
    draws: 10000,
    portfolio: [
      { rank: 1, id: 'a', title, stage: 'pilot', quadrant: 'quick_win', total: 81.6, value: 100, feasibility: 72, expectedNpv: 467670.4, p10: 385577, p50: 539300, p90: 694829, probabilityPositive: 0.9, paybackMonth: 17 },
      { rank: 2, id: 'b', title: 'Churn alerts', stage: 'idea', quadrant: 'money_pit', total: 20, value: 0, feasibility: 30, expectedNpv: -8723.4, p10: -36757, p50: 1103, p90: 47199, probabilityPositive: 0.39, paybackMonth: null },
    ],
    thresholds: { expectedNpv: 100000, feasibility: 60 },
    unvalued: [],
    roadmap: { quarters: ['2027-Q1', '2027-Q2'], value: 754632, status: 'optimal', plan: [{ id: 'a', title, team: 'data', status: 'candidate', start: 0, duration: 2, value: 467670, funded: true }], excluded: [{ id: 'b', title: 'Churn alerts', reason: 'expected NPV -8,723 is not positive' }] },
    funding: { scenario: 'Board plan', at: '2026-12-01T10:00:00Z', actor: 'admin', value: 754632, funded: [{ id: 'a', title, quarters: ['2027-Q1', '2027-Q2'] }] },
    pilots: [{ useCaseId: 'a', title, kpi: 'handle-time', method: 'cuped', relativeLift: -0.2113, relativeCi: [-0.2345, -0.1881], pValue: 0.0001, significant: true, srmOk: true, verdict: 'positive', regressedGuardrails: [], recordedAt: '2026-12-01T10:00:00Z' }],
    realised: [{ useCaseId: 'a', title, monthsLive: 3, realisedToDate: 38270.2, costsToDate: 130200, roiToDate: -0.706, monthlyValueNow: 9303, plannedMonthlyValue: 17700, businessCaseP50: 539300, payback: { status: 'forecast', month: '2028-05' }, months: [{ month: '2026-09', realised: 10000, planned: 17700 }, { month: '2026-10', realised: 12000, planned: 17700 }, { month: '2026-11', realised: 16270.2, planned: 17700 }] }],
    readiness: { datasets: [{ id: 'crm', title: 'CRM accounts', score: 97.6, dimensions: { completeness: 93, validity: 99 } }], useCases: [{ id: 'a', title, score: 82, dimensions: {} }] },
    risks: [{ useCaseId: 'b', title: 'Churn alerts', what: 'no better than a coin toss: the chance it pays back (a positive NPV) is 39%' }],
    assessment: { title: 'Q4 round', status: 'closed', respondents: 9, overall: 2.43, level: 'Active', pillars: [{ name: 'Strategy', score: 2.8 }] },
  };
}
