// A BenchConfig with test defaults, for runBench against the in-process mock.
import type { BenchConfig } from '../../src/bench/bench-run.js';
import { syntheticPrompts } from '../../src/bench/prompts.js';
import { seededRandom } from '../../src/bench/random.js';
import type { ApiKind } from '../../src/bench/target.js';

const PATHS: Record<ApiKind, string> = {
  'openai-chat': '/v1/chat/completions',
  'openai-completions': '/v1/completions',
  'openai-embeddings': '/v1/embeddings',
  'http-json': '/v1/chat/completions',
};

export function benchConfig(baseUrl: string, over: Partial<BenchConfig> & { api?: ApiKind; stream?: boolean; outputTokens?: number } = {}): BenchConfig {
  const api = over.api ?? 'openai-chat';
  const prompts = syntheticPrompts(32, 16, over.outputTokens ?? 8, seededRandom(11));
  const { api: _a, stream, outputTokens: _o, ...rest } = over;
  return {
    target: { url: new URL(`${baseUrl}${PATHS[api]}`), api, model: 'mock', stream: stream ?? false, headers: {}, extraBody: {} },
    prompts,
    promptSource: { source: 'synthetic', count: prompts.length, input_tokens: 16, max_tokens: over.outputTokens ?? 8 },
    plan: { kind: 'closed', concurrency: 4 },
    requests: 100,
    timeoutMs: 5000,
    maxConnections: 1024,
    slo: null,
    pricing: null,
    useCase: null,
    seed: 1,
    ...rest,
  };
}

export const benchDeps = (signal?: AbortSignal) => ({ env: {}, runId: 'bench_test', now: () => new Date(), ...(signal ? { signal } : {}) });
