// `traction bench run`: load-test a model endpoint, save the result as JSON and CSV, record
// it in the store (and as benchmark_result evidence with --usecase), print the summary.
// Exit 1 when the SLO was missed or no request succeeded.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { BenchInputError } from '../bench/bench-input-error.js';
import { evidencePayload } from '../bench/bench-evidence.js';
import { resultCsv, type BenchResult } from '../bench/bench-result.js';
import { runBench, type BenchConfig } from '../bench/bench-run.js';
import { likelyValue } from '../domain/common.js';
import { recordBenchRun } from '../store/bench-run-repository.js';
import { newId, recordEvidence } from '../store/evidence-repository.js';
import { benchConfigFromFlags, collect, nonNegativeNumber, positiveInt, positiveNumber, type BenchRunFlags } from './bench-run-options.js';
import { printBenchResult, progressLine } from './bench-run-output.js';
import { requireWorkspace, withStore, type CliContext } from './context.js';
import { tokenPricingFromTable } from '../bench/cost-model.js';
import { CliError, EXIT } from './output.js';

export const registerBenchRun = (bench: Command, context: () => CliContext, setExit: (code: number) => void): void => {
  bench
    .command('run')
    .description('load-test a model endpoint: latency percentiles, TTFT, throughput, errors, SLO verdicts, cost')
    .requiredOption('--url <url>', 'the endpoint, e.g. http://127.0.0.1:8000/v1/chat/completions (the only address contacted)')
    .option('--api <kind>', 'openai-chat | openai-completions | openai-embeddings | http-json (default: openai-chat, http-json with --template)')
    .option('--model <name>', 'model name sent in the request body', 'default')
    .option('--no-stream', 'ask for whole answers instead of an SSE stream')
    .option('--header <name=value>', 'request header, repeatable; credentials only as ${env:NAME}', collect, [])
    .option('--extra-body <json>', 'fields merged into every request body, e.g. {"temperature":0}')
    .option('--template <file>', 'JSON request template for a custom API (method, headers, body with "{{prompt}}", output_tokens_path)')
    .option('--prompts <file>', 'JSONL prompts: {"prompt": ...} or {"messages": [...]}, optional "max_tokens"')
    .option('--input-tokens <n>', 'synthetic prompt length in tokens', positiveInt, 128)
    .option('--output-tokens <n>', 'max_tokens per request', positiveInt, 128)
    .option('--concurrency <n>', 'closed loop: this many requests in flight', positiveInt)
    .option('--rate <r>', 'open loop: requests per second (the start rate with --sweep)', positiveNumber)
    .option('--poisson', 'open loop with Poisson arrivals instead of evenly spaced ones')
    .option('--sweep', 'find the highest rate that meets --slo (open loop steps)')
    .option('--max-rate <r>', 'sweep: highest rate to try', positiveNumber, 1000)
    .option('--refinements <n>', 'sweep: bisection steps after the first miss', positiveInt, 3)
    .option('--duration <s>', 'stop issuing after this many seconds (per sweep step; default 10)', positiveNumber)
    .option('--requests <n>', 'stop issuing after this many requests (per sweep step)', positiveInt)
    .option('--timeout <s>', 'per-request limit on waiting for headers or the next body data', positiveNumber, 60)
    .option('--max-connections <n>', 'open loop: connection pool size', positiveInt, 1024)
    .option('--slo <spec>', 'objectives, e.g. p95_ms=800,ttft_p95_ms=300,error_rate=0.01')
    .option('--instance-price-per-hour <usd>', 'self-hosted: price of one instance per hour', nonNegativeNumber)
    .option('--instances <n>', 'self-hosted: instances serving the endpoint', positiveInt, 1)
    .option('--price-input-per-1m <usd>', 'hosted API: price per 1M input tokens', nonNegativeNumber)
    .option('--price-output-per-1m <usd>', 'hosted API: price per 1M output tokens', nonNegativeNumber)
    .option('--usecase <id>', 'record the result as benchmark_result evidence for this use case')
    .option('--out <dir>', 'where to save <run-id>.json and .csv (default: <workspace>/.traction/bench)')
    .option('--seed <n>', 'seed for Poisson arrivals and synthetic prompts', (v) => Number.parseInt(v, 10), 1)
    .action(async (flags: BenchRunFlags) => {
      const ctx = context();
      const partial = await benchConfigFromFlags(flags).catch(asUsageError);
      const useCase = flags.usecase ? await findUseCase(ctx, flags.usecase) : null;
      // No price flags: the workspace's price table (the one usage costs telemetry with), when it has the model.
      if (partial.pricing === null && flags.usecase) partial.pricing = tokenPricingFromTable((await requireWorkspace(ctx)).config.prices, flags.model, ctx.now().toISOString().slice(0, 10));
      const config: BenchConfig = { ...partial, useCase };
      const result = await runWithSignals(ctx, config);
      const saved = await saveResult(result, flags.out ?? path.join(ctx.workspaceDir, '.traction', 'bench'));
      const evidenceId = await storeResult(ctx, result, flags.usecase !== undefined);
      if (ctx.out.json) ctx.out.printJson({ ...result, files: saved, evidence_id: evidenceId });
      else printBenchResult(ctx.out, result, saved, evidenceId);
      const chosen = result.chosen_step === null ? undefined : result.steps[result.chosen_step];
      if (!chosen || (chosen.slo !== null && !chosen.slo.met)) setExit(EXIT.failed);
    });
};

function asUsageError(e: unknown): never {
  if (e instanceof BenchInputError) throw new CliError(e.message, EXIT.usage, e.details);
  throw e;
}

async function findUseCase(ctx: CliContext, id: string): Promise<BenchConfig['useCase']> {
  const ws = await requireWorkspace(ctx);
  const uc = ws.useCases.find((u) => u.id === id);
  if (!uc) throw new CliError(`--usecase: no use case "${id}" in the workspace`, EXIT.usage, [`known: ${ws.useCases.map((u) => u.id).join(', ') || 'none'}`]);
  const volume = uc.costs.predictions_per_month;
  return { id, predictionsPerMonth: volume === undefined ? null : likelyValue(volume) };
}

/** Ctrl-C stops the run and keeps what was measured; a second Ctrl-C quits at once. */
async function runWithSignals(ctx: CliContext, config: BenchConfig): Promise<BenchResult> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    ctx.out.endProgress();
    ctx.out.info('stopping: cancelling requests in flight and keeping the results so far (Ctrl-C again to quit now)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await runBench(config, {
      env: ctx.env.raw,
      runId: newId('bench'),
      now: ctx.now,
      signal: controller.signal,
      onProgress: (p) => ctx.out.progress(progressLine(p)),
    }).catch(asUsageError);
  } finally {
    process.off('SIGINT', onSigint);
    ctx.out.endProgress();
  }
}

async function saveResult(result: BenchResult, dir: string): Promise<{ json: string; csv: string }> {
  const files = { json: path.join(dir, `${result.run_id}.json`), csv: path.join(dir, `${result.run_id}.csv`) };
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(files.json, `${JSON.stringify(result, null, 2)}\n`);
    await writeFile(files.csv, resultCsv(result));
  } catch (e) {
    throw new CliError(`cannot save the result in ${dir}: ${(e as Error).message}`, EXIT.usage);
  }
  return files;
}

/**
 * The run goes to the store when there is one (a workspace here, or TRACTION_DATABASE_URL),
 * and as evidence when --usecase names the use case; both in one transaction.
 */
async function storeResult(ctx: CliContext, result: BenchResult, forUseCase: boolean): Promise<string | null> {
  const hasStore = forUseCase || ctx.env.TRACTION_DATABASE_URL !== undefined || existsSync(path.join(ctx.workspaceDir, 'traction.yaml'));
  if (!hasStore) return null;
  const payload = forUseCase ? evidencePayload(result) : null;
  const chosen = result.chosen_step === null ? null : result.steps[result.chosen_step];
  const evidenceId = await withStore(ctx, (store) =>
    store.transaction(async (tx) => {
      const at = ctx.now();
      await recordBenchRun(
        tx,
        {
          id: result.run_id,
          useCaseId: result.use_case,
          startedAt: result.started_at,
          finishedAt: result.finished_at,
          url: result.url,
          api: result.api,
          mode: result.mode,
          status: result.status,
          sloMet: result.slo_spec === null ? null : chosen?.slo?.met === true,
          result,
        },
        ctx.env.actor,
        at,
      );
      if (!payload || !result.use_case) return null;
      const ev = await recordEvidence(tx, { useCaseId: result.use_case, kind: 'benchmark_result', at, by: ctx.env.actor, source: `traction bench run ${result.run_id}`, payload });
      return ev.id;
    }),
  );
  if (forUseCase && !payload) ctx.out.info(`no evidence recorded for ${result.use_case}: no request succeeded, so there is no latency to record`);
  return evidenceId;
}
