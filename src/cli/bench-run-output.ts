// How `traction bench run` shows a result on a terminal: header, latency table, the sweep
// steps, SLO verdicts, cost and notes. (--json prints the result object instead.)
import { evidenceStep } from '../bench/bench-evidence.js';
import { loadLabel, type BenchResult, type StepSummary } from '../bench/bench-result.js';
import type { BenchProgress } from '../bench/bench-run.js';
import type { LatencyMetric, Percentiles } from '../bench/metrics.js';
import type { Output } from './output.js';

const n = (x: number, digits = 2) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
const money = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `$${x < 1 ? x.toPrecision(3) : n(x, 2)}`);

export function progressLine(p: BenchProgress): string {
  const p95 = p.p95Ms === null ? '-' : `${n(p.p95Ms, 1)} ms`;
  return `[step ${p.step + 1} ${loadLabel(p.load)}] ${n(p.elapsedS, 0)} s  sent ${n(p.sent, 0)}  ok ${n(p.ok, 0)}  failed ${n(p.failed, 0)}  in flight ${n(p.inFlight, 0)}  e2e p95 ${p95}`;
}

const METRIC_LABEL: Record<LatencyMetric, string> = { e2e: 'end-to-end', ttft: 'time to first token', tpot: 'time per output token', itl: 'inter-token latency', dispatch_delay: 'dispatch delay (client)' };

export function printBenchResult(out: Output, r: BenchResult, saved: { json: string; csv: string }, evidenceId: string | null): void {
  const { c } = out;
  out.line(`${c.bold(`bench ${r.run_id}`)}  ${r.api}  ${r.url}  model ${r.model}${r.stream && r.api !== 'openai-embeddings' ? ', streaming' : ''}${r.status === 'interrupted' ? c.yellow('  (interrupted)') : ''}`);
  const s = evidenceStep(r);
  if (r.steps.length > 1) printSteps(out, r);
  if (s) printStep(out, s, r.steps.length === 1 ? '' : r.chosen_step === null ? 'lowest rate tried' : 'highest rate that met the SLO');
  if (s?.slo) {
    out.line();
    out.line(`SLO ${r.slo_spec}: ${s.slo.met && r.chosen_step !== null ? c.green('met') : c.red('missed')}`);
    out.table(
      [
        { header: 'objective', value: (v) => v.key },
        { header: 'threshold', value: (v) => v.threshold, align: 'right' },
        { header: 'observed', value: (v) => v.observed, align: 'right' },
        { header: 'verdict', value: (v) => (v.met ? 'met' : 'missed'), colour: (t, v) => (v.met ? c.green(t) : c.red(t)) },
      ],
      s.slo.verdicts,
    );
  }
  if (r.cost) {
    const p = r.cost.pricing;
    const basis = p.kind === 'instance' ? `${p.instances} × ${money(p.pricePerHour)}/h` : `${money(p.inputPer1M)} in / ${money(p.outputPer1M)} out per 1M tokens`;
    out.line();
    out.line(`cost (${basis}): ${money(r.cost.figures.cost_per_1k_requests)} per 1k requests, ${money(r.cost.figures.cost_per_1m_output_tokens)} per 1M output tokens`);
    const m = r.cost.monthly;
    if (m)
      out.line(
        `monthly at ${n(m.predictions_per_month, 0)} predictions (use case ${m.use_case}): ${money(m.monthly_cost)}${m.deployments !== null ? ` (${m.deployments} deployment${m.deployments === 1 ? '' : 's'}, ${n((m.utilisation ?? 0) * 100, 1)}% utilised)` : ''}`,
      );
  }
  if (r.notes.length > 0) {
    out.line();
    for (const note of r.notes) out.line(`- ${note}`);
  }
  out.line();
  out.line(`saved ${saved.json} and ${saved.csv}${evidenceId ? `; evidence ${evidenceId} for use case ${r.use_case}` : ''}`);
}

function printStep(out: Output, s: StepSummary, label: string): void {
  const q = s.requests;
  out.line(
    `${loadLabel(s.load)}${label ? ` (${label})` : ''}: ${n(s.elapsed_s, 1)} s, ${n(q.completed, 0)} requests (${n(q.ok, 0)} ok, ${n(q.failed, 0)} failed), ` +
      `${n(s.throughput.requests_per_s)} req/s, ${n(s.throughput.output_tokens_per_s, 1)} output tok/s, goodput ${n(s.throughput.goodput_rps)} req/s`,
  );
  const rows = (Object.keys(METRIC_LABEL) as LatencyMetric[]).map((m) => ({ m, p: s.latency_ms[m] })).filter((x): x is { m: LatencyMetric; p: Percentiles } => x.p !== null);
  if (rows.length === 0) return;
  out.line();
  const ms = (x: number) => Math.round(x * 100) / 100;
  out.table(
    [
      { header: 'metric (ms)', value: (x) => METRIC_LABEL[x.m] },
      { header: 'p50', value: (x) => ms(x.p.p50), align: 'right' },
      { header: 'p90', value: (x) => ms(x.p.p90), align: 'right' },
      { header: 'p95', value: (x) => ms(x.p.p95), align: 'right' },
      { header: 'p99', value: (x) => ms(x.p.p99), align: 'right' },
      { header: 'max', value: (x) => ms(x.p.max), align: 'right' },
      { header: 'mean', value: (x) => ms(x.p.mean), align: 'right' },
      { header: 'samples', value: (x) => x.p.count, align: 'right' },
    ],
    rows,
  );
}

function printSteps(out: Output, r: BenchResult): void {
  const { c } = out;
  out.line();
  out.table(
    [
      { header: 'step', value: (x) => x.i + 1, align: 'right' },
      { header: 'load', value: (x) => loadLabel(x.s.load) },
      { header: 'ok', value: (x) => x.s.requests.ok, align: 'right' },
      { header: 'failed', value: (x) => x.s.requests.failed, align: 'right' },
      { header: 'req/s', value: (x) => x.s.throughput.requests_per_s, align: 'right' },
      { header: 'e2e p95 ms', value: (x) => x.s.latency_ms.e2e?.p95, align: 'right' },
      { header: 'ttft p95 ms', value: (x) => x.s.latency_ms.ttft?.p95, align: 'right' },
      { header: 'SLO', value: (x) => (x.s.slo?.met ? 'met' : 'missed'), colour: (t, x) => (x.s.slo?.met ? c.green(t) : c.red(t)) },
    ],
    r.steps.map((s, i) => ({ s, i })),
  );
  out.line();
}
