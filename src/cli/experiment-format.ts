// How an experiment report reads on a terminal: arms and the sample-ratio check, one row per
// metric and arm, then the verdict with its reasons.
import type { ExperimentReport } from '../impact/experiment-analysis.js';
import type { MetricReport } from '../impact/metric-report.js';
import type { Output } from './output.js';

const num = (x: number) => (Math.abs(x) >= 1000 ? x.toLocaleString('en-US', { maximumFractionDigits: 0 }) : Number(x.toPrecision(4)).toString());
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const pValue = (p: number | null) => (p === null ? null : p < 0.0001 ? '<0.0001' : p.toFixed(4));

function result(m: MetricReport, out: Output): string {
  if (m.degenerate) return out.c.yellow('no test');
  if (m.guardrail) return m.guardrail.regressed ? out.c.red(`regressed: ${m.guardrail.reason}`) : out.c.green(`ok: ${m.guardrail.reason}`);
  if (!m.significant) return 'not significant';
  return m.improved ? out.c.green('better') : out.c.red('worse');
}

export function printExperiment(out: Output, r: ExperimentReport, input: string): void {
  const conf = `${Math.round((1 - r.alpha) * 1000) / 10}%`;
  out.line(out.c.bold(`${input}: ${r.arms.length} arms, control "${r.control}", alpha ${r.alpha}${r.sequential ? `, sequential (N* ${r.sequential.tuning_n})` : ''}, ${r.correction === 'bh' ? 'Benjamini-Hochberg' : r.correction === 'holm' ? 'Holm' : 'no'} correction`));
  const split = r.arms.map((a) => `${a.arm} ${a.units.toLocaleString('en-US')} (planned ${(a.planned_share * 100).toFixed(0)}%)`).join(', ');
  const srm = r.srm.ok ? out.c.green(`ok (p = ${r.srm.p_value.toFixed(3)})`) : out.c.red(`MISMATCH (p = ${r.srm.p_value.toPrecision(3)})`);
  out.line(`units: ${split}; sample ratio ${srm}`);
  out.line();
  const ci = (m: MetricReport, which: 'absolute' | 'relative') => {
    const seq = m.sequential ? (which === 'absolute' ? m.sequential.absolute_ci : m.sequential.relative_ci) : null;
    const interval = seq ?? m[which]?.ci;
    if (!interval) return null;
    return which === 'absolute' ? `[${num(interval[0])}, ${num(interval[1])}]` : `[${pct(interval[0])}, ${pct(interval[1])}]`;
  };
  out.table(
    [
      { header: 'metric', value: (m) => `${m.metric}${m.role === 'guardrail' ? ' (guardrail)' : ''}` },
      { header: 'arm', value: (m) => m.arm },
      { header: 'method', value: (m) => m.method },
      { header: 'control', value: (m) => num(m.control.mean), align: 'right' },
      { header: 'treatment', value: (m) => num(m.treatment.mean), align: 'right' },
      { header: 'lift', value: (m) => (m.absolute ? num(m.absolute.lift) : null), align: 'right' },
      { header: `${conf} CI`, value: (m) => ci(m, 'absolute') },
      { header: 'rel. lift', value: (m) => (m.relative ? pct(m.relative.lift) : null), align: 'right' },
      { header: `rel. ${conf} CI`, value: (m) => ci(m, 'relative') },
      { header: 'p', value: (m) => pValue(m.p_value), align: 'right' },
      { header: 'adj. p', value: (m) => (m.role === 'primary' ? pValue(m.adjusted_p_value) : null), align: 'right' },
      { header: 'result', value: (m) => result(m, out) },
    ],
    r.metrics,
  );
  for (const m of r.metrics.filter((x) => x.cuped)) out.line(out.c.dim(`CUPED on ${m.metric} (${m.arm}): theta ${num(m.cuped!.theta)}, variance reduced by ${(m.cuped!.variance_reduction * 100).toFixed(0)}%`));
  out.line();
  const colour = { positive: out.c.green, negative: out.c.red, inconclusive: out.c.yellow, invalid: out.c.red }[r.verdict];
  out.line(`verdict: ${colour(r.verdict)}`);
  for (const reason of r.reasons) out.line(`  - ${reason}`);
}
