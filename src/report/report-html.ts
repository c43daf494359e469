// The executive report as one self-contained HTML document: inline CSS with print rules
// (A4 pages, a page per section, rows and charts never cut), inline SVG charts, the logo as a
// data: URI, no script and no external reference (the Content-Security-Policy in <head> says
// so to the browser too). Every text that comes from a user or a file passes through `esc`.
import { ganttChart, matrixChart, readinessChart, realisedChart } from './svg-charts.js';
import type { ReportModel } from './report-model.js';
import { esc, money, percent, QUADRANT_NAMES, score, signedPercent } from './report-format.js';

const CSS = `
@page { size: A4; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 14px/1.45 Helvetica, Arial, sans-serif; color: #1a1a1a; background: #fff; overflow-wrap: anywhere; }
/* Text in tables breaks anywhere only where it must (a very long word), never a short label. */
td.t { min-width: 11em; }
td.nw { white-space: nowrap; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 2rem; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 0 0 .75rem; padding-bottom: .3rem; border-bottom: 2px solid #1f5fa8; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p { margin: .4rem 0; }
section { margin-top: 2.5rem; }
.cover { min-height: 60vh; display: flex; flex-direction: column; justify-content: center; gap: .75rem; }
.cover img { max-width: 240px; max-height: 120px; object-fit: contain; align-self: flex-start; }
.cover .for { font-size: 1.2rem; color: #333; }
.muted { color: #555; }
.keys { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: .75rem; margin: 1rem 0; }
.key { border: 1px solid #c8d3e3; border-radius: 6px; padding: .6rem .8rem; break-inside: avoid; }
.key b { display: block; font-size: 1.35rem; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { text-align: left; padding: .3rem .45rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #eef2f8; overflow-wrap: normal; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; overflow-wrap: normal; }
thead { display: table-header-group; }
tr, .chart, .key, figure { break-inside: avoid; page-break-inside: avoid; }
figure { margin: .5rem 0 1rem; }
figcaption { font-size: .8rem; color: #555; }
svg.chart { display: block; max-width: 100%; height: auto; }
.good { color: #1b7a3d; } .bad { color: #b3261e; } .warn { color: #8a6d00; }
/* On a phone a chart keeps a readable size and scrolls inside its own frame. */
@media screen and (max-width: 700px) { figure.chart-frame { overflow-x: auto; } figure.chart-frame svg.chart { min-width: 600px; } }
@media print {
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  section { margin-top: 0; break-before: page; page-break-before: always; }
  .cover { min-height: 240mm; }
  .table-wrap { overflow: visible; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
`;

type Cell = string | { html: string; n?: boolean; cls?: string };

/** A table; `n` marks numeric columns (right-aligned). Header and cells are escaped unless given as `{ html }`. */
function table(caption: string, head: (string | { text: string; n: boolean })[], rows: Cell[][]): string {
  const th = head.map((h) => (typeof h === 'string' ? `<th scope="col">${esc(h)}</th>` : `<th scope="col" class="n">${esc(h.text)}</th>`)).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c) => (typeof c === 'string' ? `<td>${esc(c)}</td>` : `<td class="${[c.n ? 'n' : '', c.cls ?? ''].join(' ').trim()}">${c.html}</td>`)).join('')}</tr>`)
    .join('');
  return `<div class="table-wrap" tabindex="0" role="region" aria-label="${esc(caption)}"><table><caption class="muted" style="text-align:left;caption-side:top">${esc(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

const num = (text: string, cls?: string): Cell => ({ html: esc(text), n: true, ...(cls ? { cls } : {}) });
const N = (text: string) => ({ text, n: true });
/** A name (use case, dataset) that may wrap but keeps a readable width; a short label that never wraps. */
const T = (text: string): Cell => ({ html: esc(text), cls: 't' });
const NW = (text: string): Cell => ({ html: esc(text), cls: 'nw' });

function cover(m: ReportModel): string {
  const logo = m.logo ? `<img src="${m.logo.dataUri}" alt="${esc(m.clientName ?? m.organisation)} logo">` : '';
  const forWhom = m.clientName ? `<p class="for">Prepared for ${esc(m.clientName)}</p>` : '';
  const top = m.portfolio[0];
  const keys = [
    ['Use cases ranked', String(m.portfolio.length)],
    ['Planned value (risk-adjusted NPV)', m.roadmap ? `${money(m.roadmap.value)} ${m.currency}` : '–'],
    ['Funded use cases', m.funding ? String(m.funding.funded.length) : 'none committed'],
    ['Value realised to date', `${money(m.realised.reduce((a, r) => a + r.realisedToDate, 0))} ${m.currency}`],
  ];
  return `<header class="cover">${logo}<h1>AI portfolio: executive report</h1><p class="for">${esc(m.organisation)}</p>${forWhom}
<p class="muted">As of ${esc(m.generatedOn)}. Amounts in ${esc(m.currency)}, net present value over ${m.horizonMonths} months at ${(m.discountRate * 100).toFixed(1)}% a year, from ${m.draws.toLocaleString('en-US')} simulated outcomes per use case.</p>
<div class="keys">${keys.map(([k, v]) => `<div class="key">${esc(k!)}<b>${esc(v!)}</b></div>`).join('')}</div>
${top ? `<p>The highest-ranked use case is <b>${esc(top.title)}</b> (${esc(QUADRANT_NAMES[top.quadrant])}), worth ${money(top.expectedNpv)} ${esc(m.currency)} risk-adjusted.</p>` : ''}</header>`;
}

function portfolio(m: ReportModel): string {
  const rows = m.portfolio.map((r): Cell[] => [
    num(String(r.rank)),
    T(r.title),
    NW(QUADRANT_NAMES[r.quadrant]),
    num(score(r.total)),
    num(money(r.expectedNpv), r.expectedNpv < 0 ? 'bad' : ''),
    num(money(r.p10)),
    num(money(r.p50)),
    num(money(r.p90)),
    num(percent(r.probabilityPositive)),
    num(r.paybackMonth === null ? 'never' : `${r.paybackMonth} mo`),
  ]);
  const unvalued = m.unvalued.length ? `<p class="warn">Not valued (their definitions need fixing first): ${m.unvalued.map((u) => `${esc(u.id)} (${esc(u.problem)})`).join('; ')}.</p>` : '';
  return `<section id="portfolio"><h2>The portfolio</h2>
<p>Use cases ranked by total score (value, feasibility, strategic alignment and risk). Expected NPV includes the chance the use case does not work; P10, P50 and P90 are the NPV if it works (one in ten outcomes is below P10).</p>
${table(`Ranking (${m.currency})`, ['#', 'Use case', 'Quadrant', N('Score'), N('Expected NPV'), N('P10'), N('P50'), N('P90'), N('Chance NPV > 0'), N('Payback')], rows)}${unvalued}
<h3>Value against feasibility</h3><figure class="chart-frame" tabindex="0">${matrixChart(m.portfolio, m.thresholds, m.currency)}<figcaption>Numbers are the ranks in the table above.</figcaption></figure></section>`;
}

function roadmap(m: ReportModel): string {
  if (!m.roadmap) return `<section id="roadmap"><h2>The roadmap and what is funded</h2><p>No roadmap could be planned from the current definitions.</p></section>`;
  const r = m.roadmap;
  const rows = r.plan.map((p): Cell[] => [T(p.title), NW(p.team), `${r.quarters[p.start] ?? ''} to ${r.quarters[Math.min(r.quarters.length - 1, p.start + p.duration - 1)] ?? ''}`, num(money(p.value)), p.funded ? 'funded' : p.status === 'in_progress' ? 'in progress' : 'planned']);
  const funding = m.funding
    ? `<p>Funded by the plan <b>${esc(m.funding.scenario)}</b>, committed by ${esc(m.funding.actor)} on ${esc(m.funding.at.slice(0, 10))} (value ${money(m.funding.value)} ${esc(m.currency)}): ${m.funding.funded.map((f) => esc(f.title)).join(', ') || 'nothing'}.</p>`
    : '<p>No plan has been committed yet, so nothing is funded.</p>';
  const excluded = r.excluded.length ? table('Not in the plan', ['Use case', 'Why'], r.excluded.map((e) => [T(e.title), e.reason])) : '';
  return `<section id="roadmap"><h2>The roadmap and what is funded</h2>
<p>The best plan under the budget, team capacity and dependencies: total risk-adjusted NPV <b>${money(r.value)} ${esc(m.currency)}</b> (${r.status === 'optimal' ? 'proven optimal' : 'best found within the time limit'}).</p>${funding}
<figure class="chart-frame" tabindex="0">${ganttChart(r.plan, r.quarters)}</figure>
${table(`Planned use cases (${m.currency})`, ['Use case', 'Team', 'Quarters', N('Value'), 'Status'], rows)}${excluded}</section>`;
}

function pilots(m: ReportModel): string {
  if (!m.pilots.length) return `<section id="pilots"><h2>Pilot verdicts</h2><p>No pilot experiment has been recorded yet.</p></section>`;
  const rows = m.pilots.map((p): Cell[] => [
    T(p.title),
    p.kpi,
    num(signedPercent(p.relativeLift)),
    num(`${signedPercent(p.relativeCi[0])} to ${signedPercent(p.relativeCi[1])}`),
    num(p.pValue < 0.001 ? '< 0.001' : p.pValue.toFixed(3)),
    { html: esc(p.significant ? 'significant' : 'not significant'), cls: p.significant ? 'good' : 'warn' },
    p.verdict ?? '–',
    [p.srmOk ? '' : 'sample split off plan', ...p.regressedGuardrails.map((g) => `guardrail ${g} regressed`)].filter(Boolean).join('; ') || 'none',
  ]);
  return `<section id="pilots"><h2>Pilot verdicts</h2><p>Treatment against control for each pilot's primary KPI: the change, its confidence interval, and whether it is clear enough to act on.</p>
${table('Experiments', ['Use case', 'KPI', N('Change'), N('Interval'), N('p-value'), 'Result', 'Verdict', 'Warnings'], rows)}</section>`;
}

function realised(m: ReportModel): string {
  if (!m.realised.length) return `<section id="realised"><h2>Value realised</h2><p>No KPI values have been recorded yet, so no value is realised.</p></section>`;
  const rows = m.realised.map((r): Cell[] => [
    T(r.title),
    num(String(r.monthsLive)),
    num(money(r.realisedToDate)),
    num(money(r.costsToDate)),
    num(r.roiToDate === null ? '–' : signedPercent(r.roiToDate)),
    num(money(r.monthlyValueNow)),
    num(r.plannedMonthlyValue === null ? '–' : money(r.plannedMonthlyValue)),
    NW(r.payback.status.replace('_', ' ') + (r.payback.month ? ` (${r.payback.month})` : '')),
  ]);
  const charts = m.realised.filter((r) => r.months.length > 1).map((r) => `<figure class="chart-frame" tabindex="0">${realisedChart(r, m.currency)}</figure>`).join('');
  return `<section id="realised"><h2>Value realised against the business cases</h2><p>Value measured from KPI values against their baselines, and costs so far, beside what each business case planned per month.</p>
${table(`Realised value (${m.currency})`, ['Use case', N('Months live'), N('Realised to date'), N('Costs to date'), N('Return to date'), N('Monthly value now'), N('Planned per month'), 'Payback'], rows)}${charts}</section>`;
}

function readiness(m: ReportModel): string {
  const { datasets, useCases } = m.readiness;
  if (!datasets.length) return `<section id="readiness"><h2>Data readiness</h2><p>The data checks have not been run yet.</p></section>`;
  const dims = [...new Set(datasets.flatMap((d) => Object.keys(d.dimensions)))].sort();
  const rows = datasets.map((d): Cell[] => [T(d.title), num(score(d.score)), ...dims.map((k) => num(score(d.dimensions[k] ?? null)))]);
  const uc = useCases.length ? table('Readiness of each use case (the columns it needs)', ['Use case', N('Score')], useCases.map((u) => [T(u.title), num(score(u.score))])) : '';
  return `<section id="readiness"><h2>Data readiness</h2><p>Scores 0 to 100 from the latest checks on the actual data, by dimension.</p>
<figure class="chart-frame" tabindex="0">${readinessChart(datasets)}</figure>${table('Datasets', ['Dataset', N('Score'), ...dims.map((d) => N(d.charAt(0).toUpperCase() + d.slice(1)))], rows)}${uc}</section>`;
}

function risks(m: ReportModel): string {
  const body = m.risks.length ? table('What needs attention', ['Use case', 'Risk'], m.risks.map((r) => [T(r.title), r.what])) : '<p>No risk stands out.</p>';
  return `<section id="risks"><h2>Risks</h2>${body}</section>`;
}

function assessment(m: ReportModel): string {
  const a = m.assessment;
  if (!a) return '';
  const rows = a.pillars.map((p): Cell[] => [T(p.name), num(p.score === null ? '–' : p.score.toFixed(1))]);
  return `<section id="assessment"><h2>AI-readiness assessment</h2><p>${esc(a.title)} (${esc(a.status)}, ${a.respondents} respondents): overall ${a.overall === null ? '–' : a.overall.toFixed(1)} of 5${a.level ? `, level “${esc(a.level)}”` : ''}.</p>
${table('Score per pillar (1 to 5)', ['Pillar', N('Score')], rows)}</section>`;
}

/** The whole document. */
export function renderReportHtml(m: ReportModel): string {
  const title = `${m.clientName ?? m.organisation}: AI portfolio report, ${m.generatedOn}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><main>${cover(m)}${portfolio(m)}${roadmap(m)}${pilots(m)}${realised(m)}${readiness(m)}${risks(m)}${assessment(m)}</main></body></html>
`;
}
