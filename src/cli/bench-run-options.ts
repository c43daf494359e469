// `traction bench run` options -> a BenchConfig: every flag checked and combined, each
// problem named by its flag. Reads the prompt and template files; contacts nothing.
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { BenchInputError } from '../bench/bench-input-error.js';
import type { BenchConfig, LoadPlan } from '../bench/bench-run.js';
import type { Pricing } from '../bench/cost-model.js';
import { parsePromptsJsonl, syntheticPrompts } from '../bench/prompts.js';
import { seededRandom } from '../bench/random.js';
import { parseSlo } from '../bench/slo.js';
import { API_KINDS, type ApiKind, type RequestTemplate } from '../bench/target.js';

export interface BenchRunFlags {
  url: string;
  api?: string;
  model: string;
  stream: boolean;
  header: string[];
  extraBody?: string;
  template?: string;
  prompts?: string;
  inputTokens: number;
  outputTokens: number;
  concurrency?: number;
  rate?: number;
  poisson?: boolean;
  sweep?: boolean;
  maxRate: number;
  refinements: number;
  duration?: number;
  requests?: number;
  timeout: number;
  maxConnections: number;
  slo?: string;
  instancePricePerHour?: number;
  instances: number;
  priceInputPer1m?: number;
  priceOutputPer1m?: number;
  usecase?: string;
  out?: string;
  seed: number;
}

export const positiveNumber = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
};
export const nonNegativeNumber = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number >= 0');
  return n;
};
export const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a whole number > 0');
  return n;
};
export const collect = (v: string, all: string[]): string[] => [...all, v];

const templateSchema = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT']).default('POST'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.unknown().optional(),
  output_tokens_path: z.string().min(1).optional(),
});

/** Everything of the config but the use case, which needs the workspace. */
export async function benchConfigFromFlags(f: BenchRunFlags): Promise<Omit<BenchConfig, 'useCase'>> {
  const url = parseUrl(f.url);
  const api = f.api ?? (f.template ? 'http-json' : 'openai-chat');
  if (!(API_KINDS as readonly string[]).includes(api)) throw new BenchInputError(`--api: "${api}" is not one of ${API_KINDS.join(', ')}`);
  if (f.template && api !== 'http-json') throw new BenchInputError('--template describes a custom API: use it with --api http-json');
  const template = f.template ? await readTemplate(f.template) : undefined;
  const plan = loadPlan(f);
  // Without a bound, each run (or sweep step) lasts 10 s.
  const durationS = f.duration ?? (f.requests === undefined ? 10 : undefined);
  const slo = f.slo ? { spec: f.slo, criteria: parseSlo(f.slo) } : null;
  if (plan.kind === 'sweep' && !slo) throw new BenchInputError('--sweep needs --slo: the sweep looks for the highest rate that meets it');
  const prompts = f.prompts
    ? parsePromptsJsonl(await readText(f.prompts, '--prompts'), f.prompts, f.outputTokens)
    : syntheticPrompts(256, f.inputTokens, f.outputTokens, seededRandom(f.seed ^ 0x5eed));
  return {
    target: {
      url,
      api: api as ApiKind,
      model: f.model,
      stream: f.stream,
      headers: parseHeaders(f.header),
      extraBody: f.extraBody ? parseExtraBody(f.extraBody) : {},
      ...(template ? { template } : {}),
    },
    prompts,
    promptSource: f.prompts
      ? { source: 'jsonl', count: prompts.length, file: f.prompts }
      : { source: 'synthetic', count: prompts.length, input_tokens: f.inputTokens, max_tokens: f.outputTokens },
    plan,
    ...(durationS !== undefined ? { durationMs: durationS * 1000 } : {}),
    ...(f.requests !== undefined ? { requests: f.requests } : {}),
    timeoutMs: f.timeout * 1000,
    maxConnections: f.maxConnections,
    slo,
    pricing: pricing(f),
    seed: f.seed,
  };
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BenchInputError(`--url: "${raw}" is not a URL (e.g. http://127.0.0.1:8000/v1/chat/completions)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BenchInputError(`--url: only http and https are supported, got ${url.protocol}`);
  if (url.username || url.password) throw new BenchInputError('--url: credentials in the URL are not accepted; pass them with --header and ${env:NAME}');
  return url;
}

function loadPlan(f: BenchRunFlags): LoadPlan {
  const arrivals = f.poisson ? 'poisson' : 'constant';
  if (f.sweep) {
    if (f.concurrency !== undefined) throw new BenchInputError('--sweep varies the arrival rate: it cannot be combined with --concurrency');
    const startRate = f.rate ?? 1;
    if (f.maxRate < startRate) throw new BenchInputError(`--max-rate (${f.maxRate}) is below the start rate --rate (${startRate})`);
    return { kind: 'sweep', startRate, maxRate: f.maxRate, refinements: f.refinements, arrivals };
  }
  if (f.concurrency !== undefined && f.rate !== undefined)
    throw new BenchInputError('give either --concurrency (closed loop) or --rate (open loop), not both');
  if (f.rate !== undefined) return { kind: 'open', rate: f.rate, arrivals };
  if (f.poisson) throw new BenchInputError('--poisson shapes the arrivals of an open loop: give --rate too');
  return { kind: 'closed', concurrency: f.concurrency ?? 1 };
}

function pricing(f: BenchRunFlags): Pricing | null {
  const hosted = f.priceInputPer1m !== undefined || f.priceOutputPer1m !== undefined;
  if (f.instancePricePerHour !== undefined && hosted)
    throw new BenchInputError('give either --instance-price-per-hour (self-hosted) or --price-input-per-1m/--price-output-per-1m (hosted API), not both');
  if (f.instancePricePerHour !== undefined) return { kind: 'instance', pricePerHour: f.instancePricePerHour, instances: f.instances };
  if (hosted) return { kind: 'tokens', inputPer1M: f.priceInputPer1m ?? 0, outputPer1M: f.priceOutputPer1m ?? 0 };
  return null;
}

export function parseHeaders(raw: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of raw) {
    const i = h.indexOf('=');
    const name = i > 0 ? h.slice(0, i).trim() : '';
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new BenchInputError(`--header "${h.replace(/=.*/, '=…')}": expected NAME=VALUE`);
    headers[name] = h.slice(i + 1);
  }
  return headers;
}

function parseExtraBody(raw: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new BenchInputError(`--extra-body: not JSON (${(e as Error).message})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BenchInputError('--extra-body: expected a JSON object, e.g. {"temperature":0}');
  return v as Record<string, unknown>;
}

async function readText(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new BenchInputError(`${flag}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

async function readTemplate(file: string): Promise<RequestTemplate> {
  let json: unknown;
  try {
    json = JSON.parse(await readText(file, '--template'));
  } catch (e) {
    if (e instanceof BenchInputError) throw e;
    throw new BenchInputError(`--template: ${file} is not JSON (${(e as Error).message})`);
  }
  const parsed = templateSchema.safeParse(json);
  if (!parsed.success)
    throw new BenchInputError(`--template: ${file} is not a request template`, parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  return parsed.data as RequestTemplate;
}
