// The sentences at the end of a run that say what happened: failures by class, how tokens
// were counted, what a closed loop hides, whether the client kept its schedule, the SLO.
import type { BenchResult, StepSummary } from './bench-result.js';
import { loadLabel } from './bench-result.js';

const fmt = (x: number, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits });

export function stepNotes(s: StepSummary): string[] {
  const notes: string[] = [];
  const { completed, ok, cancelled } = s.requests;
  for (const e of s.errors)
    notes.push(`${fmt(e.count, 0)} of ${fmt(completed, 0)} requests failed as ${e.class}: ${e.meaning}. First: ${e.first || '(no detail)'}`);
  if (completed > 0 && ok === 0) notes.push('no request succeeded, so there are no latency figures');
  if (s.interrupted) notes.push(`interrupted after ${fmt(s.elapsed_s)} s: the figures cover the ${fmt(completed, 0)} requests that finished; ${fmt(cancelled, 0)} in flight were cancelled`);
  if (ok > 0 && s.tokens.output_total > 0) notes.push(tokenNote(s));
  if (s.load.mode === 'closed' && ok > 0)
    notes.push(
      'closed loop: each worker sent its next request only when the previous one ended, so a slow or stalled server also slowed the load; latency excludes the time requests would have waited had they been sent on schedule (coordinated omission). Use --rate for an open loop',
    );
  if (s.load.mode === 'open') notes.push(...scheduleNotes(s));
  if (s.slo && !s.slo.met) {
    const missed = s.slo.verdicts.filter((v) => !v.met).map((v) => `${v.key} ${v.observed === null ? 'not measured' : fmt(v.observed, 3)} vs ${fmt(v.threshold, 3)}`);
    notes.push(`SLO missed: ${missed.join('; ')}`);
  }
  return notes;
}

function tokenNote(s: StepSummary): string {
  const c = s.tokens.output_counted_by;
  const parts = [
    c.usage > 0 ? `from the server's usage in ${fmt(c.usage, 0)}` : '',
    c.stream_chunks > 0 ? `by counting stream events in ${fmt(c.stream_chunks, 0)} (an event may carry several tokens)` : '',
    c.estimate > 0 ? `estimated as characters / 4 in ${fmt(c.estimate, 0)}` : '',
  ].filter(Boolean);
  return `output tokens counted ${parts.join(', ')} of ${fmt(s.requests.ok, 0)} successful responses`;
}

function scheduleNotes(s: StepSummary): string[] {
  if (s.load.mode !== 'open') return [];
  const notes: string[] = [];
  const d = s.latency_ms.dispatch_delay;
  const e2e = s.latency_ms.e2e;
  if (d && d.p99 > Math.max(5, 0.05 * (e2e?.p50 ?? 0)))
    notes.push(`the client fell behind its schedule (dispatch delay p99 ${fmt(d.p99, 2)} ms, max ${fmt(d.max, 2)} ms); latency still counts from the intended send time`);
  if (s.throughput.offered_rps < 0.9 * s.load.rate && !s.interrupted)
    notes.push(`offered ${fmt(s.throughput.offered_rps, 2)} req/s of the ${fmt(s.load.rate, 2)} requested over the whole run including the drain of in-flight requests`);
  return notes;
}

export function runNotes(result: BenchResult): string[] {
  const notes: string[] = [];
  if (result.mode === 'sweep') {
    const best = result.chosen_step === null ? null : result.steps[result.chosen_step];
    notes.push(
      best
        ? `sweep: the highest rate that met the SLO is ${loadLabel(best.load)} (${fmt(best.throughput.requests_per_s, 2)} successful req/s) after ${result.steps.length} steps`
        : `sweep: no rate met the SLO (lowest tried: ${result.steps[0] ? loadLabel(result.steps[0].load) : 'none'})`,
    );
  }
  const chosen = result.chosen_step === null ? result.steps[result.steps.length - 1] : result.steps[result.chosen_step];
  if (chosen) notes.push(...stepNotes(chosen));
  return notes;
}
