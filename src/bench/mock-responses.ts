// The bodies the mock model server answers with, in the shapes of the OpenAI API
// (chat.completion, chat.completion.chunk, text_completion, embedding lists), so clients
// that parse the real API parse these.

export type MockApi = 'chat' | 'completions' | 'embeddings';

export const MOCK_ROUTES: Record<string, MockApi> = {
  '/v1/chat/completions': 'chat',
  '/v1/completions': 'completions',
  '/v1/embeddings': 'embeddings',
};

export interface MockRequest {
  api: MockApi;
  id: string;
  model: string;
  stream: boolean;
  includeUsage: boolean;
  maxTokens: number;
  promptTokens: number;
}

/** The mock's tokenizer: whitespace-separated words, which is how synthetic prompts are built. */
export const countWords = (s: string): number => (s.trim() === '' ? 0 : s.trim().split(/\s+/).length);

function promptTokensOf(api: MockApi, body: Record<string, unknown>): number {
  if (api === 'chat' && Array.isArray(body.messages))
    return body.messages.reduce((n: number, m) => n + (typeof m?.content === 'string' ? countWords(m.content) : 0), 0);
  const input = api === 'embeddings' ? body.input : body.prompt;
  if (typeof input === 'string') return countWords(input);
  if (Array.isArray(input)) return input.reduce((n: number, s) => n + (typeof s === 'string' ? countWords(s) : 0), 0);
  return 0;
}

/** Reads what the mock needs from a request body; a string is an error for a 400 answer. */
export function readMockRequest(api: MockApi, body: unknown, n: number, defaultMaxTokens: number): MockRequest | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object';
  const b = body as Record<string, unknown>;
  if (api === 'chat' && !Array.isArray(b.messages)) return '"messages" must be an array';
  if (api === 'completions' && typeof b.prompt !== 'string' && !Array.isArray(b.prompt)) return '"prompt" must be a string or an array';
  if (api === 'embeddings' && typeof b.input !== 'string' && !Array.isArray(b.input)) return '"input" must be a string or an array';
  const maxTokens = typeof b.max_tokens === 'number' && b.max_tokens > 0 ? Math.floor(b.max_tokens) : defaultMaxTokens;
  const options = b.stream_options as { include_usage?: unknown } | undefined;
  return {
    api,
    id: `${api === 'chat' ? 'chatcmpl' : api === 'completions' ? 'cmpl' : 'emb'}-mock-${n}`,
    model: typeof b.model === 'string' ? b.model : 'mock',
    stream: b.stream === true && api !== 'embeddings',
    includeUsage: options?.include_usage === true,
    maxTokens: api === 'embeddings' ? 0 : maxTokens,
    promptTokens: promptTokensOf(api, b),
  };
}

export const tokenText = (i: number): string => ` w${i % 10}`;

const usage = (r: MockRequest) => ({ prompt_tokens: r.promptTokens, completion_tokens: r.maxTokens, total_tokens: r.promptTokens + r.maxTokens });
const created = () => Math.floor(Date.now() / 1000);

export function fullResponse(r: MockRequest): unknown {
  if (r.api === 'embeddings') {
    return {
      object: 'list',
      model: r.model,
      data: [{ object: 'embedding', index: 0, embedding: Array.from({ length: 8 }, (_, i) => Math.sin(i + r.promptTokens)) }],
      usage: { prompt_tokens: r.promptTokens, total_tokens: r.promptTokens },
    };
  }
  const text = Array.from({ length: r.maxTokens }, (_, i) => tokenText(i)).join('');
  const choice = r.api === 'chat' ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'length' } : { index: 0, text, finish_reason: 'length' };
  return { id: r.id, object: r.api === 'chat' ? 'chat.completion' : 'text_completion', created: created(), model: r.model, choices: [choice], usage: usage(r) };
}

const sse = (v: unknown) => `data: ${JSON.stringify(v)}\n\n`;

function chunk(r: MockRequest, delta: Record<string, unknown>, finish: string | null): string {
  const choice = r.api === 'chat' ? { index: 0, delta, finish_reason: finish } : { index: 0, text: delta.content ?? '', finish_reason: finish };
  return sse({ id: r.id, object: r.api === 'chat' ? 'chat.completion.chunk' : 'text_completion', created: created(), model: r.model, choices: [choice] });
}

/** The first event of a chat stream carries the role and no content (as the OpenAI API does). */
export const roleChunk = (r: MockRequest): string => (r.api === 'chat' ? chunk(r, { role: 'assistant', content: '' }, null) : '');

export const tokenChunk = (r: MockRequest, i: number): string => chunk(r, { content: tokenText(i) }, null);

export function finalChunks(r: MockRequest): string {
  const usageChunk = r.includeUsage ? sse({ id: r.id, object: 'chat.completion.chunk', created: created(), model: r.model, choices: [], usage: usage(r) }) : '';
  return `${chunk(r, {}, 'length')}${usageChunk}data: [DONE]\n\n`;
}

export const errorBody = (message: string, type: string) => JSON.stringify({ error: { message, type } });
