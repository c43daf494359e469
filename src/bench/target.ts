// The endpoint under test and how one prompt becomes one HTTP request for it. Bodies are
// serialised once per prompt before the run, so the load generator only hands over bytes.
import { resolveEnvRefs } from '../workspace/env-ref.js';
import type { Prompt } from './prompts.js';

export const API_KINDS = ['openai-chat', 'openai-completions', 'openai-embeddings', 'http-json'] as const;
export type ApiKind = (typeof API_KINDS)[number];

/** A custom JSON-over-HTTP model API (`--template FILE`). Strings in `body` may hold placeholders. */
export interface RequestTemplate {
  method: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  /** `"{{prompt}}"` inside a string is replaced by the prompt text; a string that is exactly
   * `"{{max_tokens}}"` becomes the number; `"{{model}}"` the model name. */
  body?: unknown;
  /** Dotted path to the output token count in the JSON answer, e.g. `usage.completion_tokens`. */
  output_tokens_path?: string;
}

export interface Target {
  url: URL;
  api: ApiKind;
  model: string;
  stream: boolean;
  /** Header values may contain `${env:NAME}`; resolved by `resolveHeaders` just before the run. */
  headers: Record<string, string>;
  extraBody: Record<string, unknown>;
  template?: RequestTemplate;
}

export interface PreparedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Input tokens known before sending (synthetic prompts), else an estimate, else null. */
  inputTokens: number | null;
  maxTokens: number;
}

/** Whether responses carry generated tokens (and so TTFT/TPOT/ITL exist when streaming). */
export function generates(api: ApiKind): boolean {
  return api === 'openai-chat' || api === 'openai-completions';
}

export function isStreaming(t: Target): boolean {
  return t.stream && generates(t.api);
}

const SECRET_HEADER = /authorization|api[-_]?key|token|secret|cookie|password/i;

/** Header values that look like credentials must come from the environment. */
export function literalSecretHeaders(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([name, value]) => SECRET_HEADER.test(name) && !value.includes('${env:'))
    .map(([name]) => name);
}

export function resolveHeaders(headers: Record<string, string>, env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), resolveEnvRefs(v, env, `--header ${k}`)]));
}

export function prepareRequest(t: Target, headers: Record<string, string>, p: Prompt): PreparedRequest {
  const path = `${t.url.pathname}${t.url.search}`;
  const inputTokens = p.inputTokens;
  if (t.api === 'http-json') {
    const tpl = t.template ?? { method: 'POST' as const, headers: {}, body: { prompt: '{{prompt}}' } };
    const body = tpl.body === undefined || tpl.method === 'GET' ? undefined : JSON.stringify(fillTemplate(tpl.body, p, t.model));
    const all = { ...tpl.headers, ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
    return { method: tpl.method, path, headers: all, body, inputTokens, maxTokens: p.maxTokens };
  }
  const stream = isStreaming(t);
  const base: Record<string, unknown> =
    t.api === 'openai-embeddings'
      ? { model: t.model, input: p.text }
      : {
          model: t.model,
          ...(t.api === 'openai-chat' ? { messages: p.messages ?? [{ role: 'user', content: p.text }] } : { prompt: p.text }),
          max_tokens: p.maxTokens,
          stream,
          ...(stream ? { stream_options: { include_usage: true } } : {}),
        };
  const body = JSON.stringify({ ...base, ...t.extraBody });
  return { method: 'POST', path, headers: { ...headers, 'content-type': 'application/json' }, body, inputTokens, maxTokens: p.maxTokens };
}

function fillTemplate(value: unknown, p: Prompt, model: string): unknown {
  if (typeof value === 'string') {
    if (value === '{{max_tokens}}') return p.maxTokens;
    return value.replaceAll('{{prompt}}', p.text).replaceAll('{{model}}', model);
  }
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, p, model));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, p, model)]));
  return value;
}

/** Reads a dotted path (`usage.completion_tokens`, `data.0.n`) from parsed JSON. */
const splitPaths = new Map<string, string[]>();

export function readPath(value: unknown, path: string): unknown {
  let keys = splitPaths.get(path);
  if (!keys) splitPaths.set(path, (keys = path.split('.'))); // the paths are a handful of constants and the template's
  let cur = value;
  for (const key of keys) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
