// `traction bench run` without the CLI: resolves headers, prepares the requests, runs one
// load step or a sweep, summarises each step, picks the highest load that met the SLO,
// prices it, and says what happened.
import { BenchInputError } from './bench-input-error.js';
import { summarizeStep, displayUrl, type BenchResult, type StepSummary } from './bench-result.js';
import { costFigures, monthlyCost, type Pricing } from './cost-model.js';
import { runLoad, type LoadShape } from './load-generator.js';
import type { MetricsRecorder } from './metrics.js';
import type { Prompt } from './prompts.js';
import { seededRandom, type Random } from './random.js';
import { runNotes } from './run-notes.js';
import { requestLimits, type SloCriterion } from './slo.js';
import { sweepRates } from './sweep.js';
import { literalSecretHeaders, prepareRequest, resolveHeaders, type PreparedRequest, type Target } from './target.js';

export type LoadPlan =
  | { kind: 'closed'; concurrency: number }
  | { kind: 'open'; rate: number; arrivals: 'constant' | 'poisson' }
  | { kind: 'sweep'; startRate: number; maxRate: number; refinements: number; arrivals: 'constant' | 'poisson' };

export interface BenchConfig {
  target: Target;
  prompts: Prompt[];
  promptSource: BenchResult['prompts'];
  plan: LoadPlan;
  /** Per step: stop issuing after this long or this many requests. */
  durationMs?: number;
  requests?: number;
  timeoutMs: number;
  maxConnections: number;
  slo: { spec: string; criteria: SloCriterion[] } | null;
  pricing: Pricing | null;
  /** The use case the result is evidence for, and its expected monthly volume when it has one. */
  useCase: { id: string; predictionsPerMonth: number | null } | null;
  seed: number;
}

export interface BenchProgress {
  step: number;
  load: LoadShape;
  elapsedS: number;
  sent: number;
  ok: number;
  failed: number;
  inFlight: number;
  p95Ms: number | null;
}

export interface BenchDeps {
  env: Record<string, string | undefined>;
  runId: string;
  now: () => Date;
  signal?: AbortSignal;
  onProgress?: (p: BenchProgress) => void;
}

export async function runBench(c: BenchConfig, d: BenchDeps): Promise<BenchResult> {
  const literal = literalSecretHeaders(c.target.headers);
  if (literal.length > 0)
    throw new BenchInputError(`header ${literal.join(', ')} looks like a credential: pass it as an environment reference`, [`e.g. --header 'Authorization=Bearer \${env:OPENAI_API_KEY}'`]);
  const headers = resolveHeaders(c.target.headers, d.env);
  const prepared = c.prompts.map((p) => prepareRequest(c.target, headers, p));
  const random = seededRandom(c.seed);
  const startedAt = d.now();
  const steps: StepSummary[] = [];
  let chosen: number | null = null;

  if (c.plan.kind === 'sweep') {
    const { arrivals } = c.plan;
    const sweep = await sweepRates(c.plan, async (rate) => {
      const s = await runStep(c, d, prepared, random, { mode: 'open', rate, arrivals }, steps.length);
      steps.push(s);
      return { met: s.slo?.met === true && s.requests.ok > 0, interrupted: s.interrupted, result: s };
    });
    chosen = sweep.best;
  } else {
    const shape: LoadShape = c.plan.kind === 'closed' ? { mode: 'closed', concurrency: c.plan.concurrency } : { mode: 'open', rate: c.plan.rate, arrivals: c.plan.arrivals };
    const s = await runStep(c, d, prepared, random, shape, 0);
    steps.push(s);
    chosen = s.requests.ok > 0 && (s.slo === null || s.slo.met) ? 0 : null;
  }

  const result: BenchResult = {
    run_id: d.runId,
    url: displayUrl(c.target.url),
    api: c.target.api,
    model: c.target.model,
    stream: c.target.stream,
    header_names: Object.keys(c.target.headers),
    prompts: c.promptSource,
    mode: c.plan.kind,
    seed: c.seed,
    started_at: startedAt.toISOString(),
    finished_at: d.now().toISOString(),
    status: steps.some((s) => s.interrupted) ? 'interrupted' : 'completed',
    slo_spec: c.slo?.spec ?? null,
    steps,
    chosen_step: chosen,
    cost: null,
    use_case: c.useCase?.id ?? null,
    notes: [],
  };
  result.cost = priceResult(c, result);
  result.notes = [...runNotes(result), ...costNotes(c, result)];
  return result;
}

async function runStep(c: BenchConfig, d: BenchDeps, prepared: PreparedRequest[], random: Random, shape: LoadShape, step: number): Promise<StepSummary> {
  const onProgress = d.onProgress;
  const run = await runLoad(c.target, prepared, {
    shape,
    ...(c.durationMs !== undefined ? { durationMs: c.durationMs } : {}),
    ...(c.requests !== undefined ? { requests: c.requests } : {}),
    timeoutMs: c.timeoutMs,
    maxConnections: c.maxConnections,
    limits: c.slo ? requestLimits(c.slo.criteria) : {},
    random,
    ...(d.signal ? { signal: d.signal } : {}),
    ...(onProgress ? { onProgress: (r: MetricsRecorder, ms: number, inFlight: number) => onProgress(progressOf(step, shape, r, ms, inFlight)) } : {}),
  });
  try {
    return summarizeStep(run, c.slo?.criteria ?? null);
  } finally {
    run.recorder.destroy();
  }
}

function progressOf(step: number, load: LoadShape, r: MetricsRecorder, ms: number, inFlight: number): BenchProgress {
  const p = r.percentiles('e2e');
  return { step, load, elapsedS: ms / 1000, sent: r.sent, ok: r.ok, failed: r.failed, inFlight, p95Ms: p?.p95 ?? null };
}

function priceResult(c: BenchConfig, r: BenchResult): BenchResult['cost'] {
  if (!c.pricing || r.chosen_step === null) return null;
  const s = r.steps[r.chosen_step] as StepSummary;
  const load = { requestsPerSecond: s.throughput.requests_per_s, meanInputTokens: s.tokens.mean_input, meanOutputTokens: s.tokens.mean_output };
  const volume = c.useCase?.predictionsPerMonth;
  return {
    pricing: c.pricing,
    figures: costFigures(c.pricing, load),
    monthly: c.useCase && volume !== null && volume !== undefined ? { use_case: c.useCase.id, ...monthlyCost(c.pricing, load, volume) } : null,
  };
}

function costNotes(c: BenchConfig, r: BenchResult): string[] {
  if (!c.pricing) return [];
  if (r.chosen_step === null) return [c.slo ? 'no cost figures: no load met the SLO' : 'no cost figures: no request succeeded'];
  const notes: string[] = [];
  if (!c.slo) notes.push('cost at the load of this run (no --slo given, so it is not known to be acceptable)');
  if (c.useCase && (c.useCase.predictionsPerMonth === null || c.useCase.predictionsPerMonth === undefined))
    notes.push(`no monthly cost: use case ${c.useCase.id} has no costs.predictions_per_month`);
  return notes;
}
