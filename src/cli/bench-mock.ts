// `traction bench mock`: serve the mock OpenAI-compatible model API until Ctrl-C, then
// print what it served. For demos, tests of a deployment pipeline, the example company.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { LATENCY_DISTRIBUTIONS, type LatencyDistributionKind } from '../bench/latency-distribution.js';
import { MOCK_DEFAULTS, MOCK_ERROR_KINDS, startMockServer, type MockErrorKind } from '../bench/mock-server.js';
import type { CliContext } from './context.js';
import { nonNegativeNumber, positiveInt } from './bench-run-options.js';
import { CliError, EXIT } from './output.js';

interface MockFlags {
  host: string;
  port: number;
  latencyMsP50: number;
  latencyMsP99?: number;
  latencyDist: LatencyDistributionKind;
  tokensPerSecond: number;
  errorRate: number;
  errorKind: MockErrorKind;
  maxConcurrency?: number;
  overload: 'queue' | 'reject';
  stallEvery?: number;
  stallMs: number;
  seed: number;
}

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: string): T => {
    if (!(values as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${values.join(', ')}`);
    return v as T;
  };
const fraction = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a fraction between 0 and 1');
  return n;
};
const port = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number (0 picks a free one)');
  return n;
};

export const registerBenchMock = (bench: Command, context: () => CliContext): void => {
  bench
    .command('mock')
    .description('serve a mock OpenAI-compatible model API (chat, completions, embeddings; streaming) until Ctrl-C')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', port, 8000)
    .option('--latency-ms-p50 <ms>', 'median time to first token', nonNegativeNumber, MOCK_DEFAULTS.latency.p50Ms)
    .option('--latency-ms-p99 <ms>', '99th percentile of time to first token (default 3 x p50 for lognormal)', nonNegativeNumber)
    .option('--latency-dist <kind>', LATENCY_DISTRIBUTIONS.join(' | '), oneOf(LATENCY_DISTRIBUTIONS), 'lognormal')
    .option('--tokens-per-second <n>', 'output tokens per second per request after the first (0: all at once)', nonNegativeNumber, MOCK_DEFAULTS.tokensPerSecond)
    .option('--error-rate <x>', 'fraction of requests that fail', fraction, 0)
    .option('--error-kind <kind>', MOCK_ERROR_KINDS.join(' | '), oneOf(MOCK_ERROR_KINDS), 'http_500')
    .option('--max-concurrency <n>', 'requests served at once', positiveInt)
    .option('--overload <mode>', 'beyond --max-concurrency: queue | reject (429)', oneOf(['queue', 'reject'] as const), 'queue')
    .option('--stall-every <n>', 'every n-th request freezes all answers for --stall-ms', positiveInt)
    .option('--stall-ms <ms>', 'length of a stall', nonNegativeNumber, 1000)
    .option('--seed <n>', 'seed for latencies and failures', (v) => Number.parseInt(v, 10), 1)
    .action(async (f: MockFlags) => {
      const ctx = context();
      const p99 = f.latencyMsP99 ?? (f.latencyDist === 'lognormal' ? f.latencyMsP50 * 3 : f.latencyMsP50 * 2);
      let server;
      try {
        server = await startMockServer({
          host: f.host,
          port: f.port,
          latency: { distribution: f.latencyDist, p50Ms: f.latencyMsP50, p99Ms: p99 },
          tokensPerSecond: f.tokensPerSecond,
          errorRate: f.errorRate,
          errorKind: f.errorKind,
          ...(f.maxConcurrency !== undefined ? { maxConcurrency: f.maxConcurrency } : {}),
          overload: f.overload,
          ...(f.stallEvery !== undefined ? { stallEvery: f.stallEvery } : {}),
          stallMs: f.stallMs,
          seed: f.seed,
        });
      } catch (e) {
        throw new CliError(`cannot start the mock on ${f.host}:${f.port}: ${(e as Error).message}`, EXIT.usage);
      }
      const endpoints = ['/v1/chat/completions', '/v1/completions', '/v1/embeddings'].map((p) => `${server.url}${p}`);
      if (ctx.out.json) ctx.out.printJson({ url: server.url, endpoints });
      else {
        ctx.out.line(`mock model API on ${server.url} (${f.latencyDist} latency, p50 ${f.latencyMsP50} ms, p99 ${p99} ms, ${f.tokensPerSecond} tokens/s)`);
        for (const e of endpoints) ctx.out.line(`  POST ${e}`);
        ctx.out.info('Ctrl-C to stop');
      }
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      const stats = server.stats();
      await server.close();
      ctx.out.info(`served ${stats.served} of ${stats.requests} requests (${stats.faults} failed on purpose, ${stats.rejected} rejected, ${stats.stalls} stalls)`);
    });
};
