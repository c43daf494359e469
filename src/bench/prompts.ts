// Prompts for a run: lines of a JSONL file, or synthetic prompts with a given number of
// input tokens and a fixed max_tokens for the output.
import { z } from 'zod';
import { BenchInputError } from './bench-input-error.js';
import type { Random } from './random.js';

export interface Prompt {
  text: string;
  /** Chat messages from a JSONL line; otherwise one user message with `text`. */
  messages?: { role: string; content: string }[];
  maxTokens: number;
  /** Exact for synthetic prompts; an estimate (characters / 4) for JSONL prompts. */
  inputTokens: number;
}

// Short, frequent English words: each is a single token (with its leading space) in the
// GPT-2/cl100k/Llama BPE vocabularies, so N words are ~N input tokens. The chat template
// adds a few tokens of its own; the server's `usage` is authoritative when it reports one.
const WORDS = (
  'the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were ' +
  'we when your can said there use an each which she do how their if will up other about out many then them these so some her would ' +
  'make like him into time has look two more write go see number no way could people my than first water been call who oil its now ' +
  'find long down day did get come made may part over new sound take only little work know place year live me back give most very after'
).split(' ');

/** `count` distinct prompts of exactly `inputTokens` words each, reproducible from `random`. */
export function syntheticPrompts(count: number, inputTokens: number, maxTokens: number, random: Random): Prompt[] {
  return Array.from({ length: count }, () => {
    const words = Array.from({ length: inputTokens }, () => WORDS[Math.floor(random() * WORDS.length)] as string);
    return { text: words.join(' '), maxTokens, inputTokens };
  });
}

export const estimateTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

const lineSchema = z
  .looseObject({
    prompt: z.string().min(1).optional(),
    input: z.string().min(1).optional(),
    messages: z.array(z.looseObject({ role: z.string(), content: z.string() })).min(1).optional(),
    max_tokens: z.number().int().positive().optional(),
  })
  .refine((l) => l.prompt !== undefined || l.input !== undefined || l.messages !== undefined, {
    message: 'each line needs "prompt", "input" or "messages"',
  });

/** Parses a JSONL prompt file; every bad line is reported as file:line with what is wrong. */
export function parsePromptsJsonl(text: string, file: string, defaultMaxTokens: number): Prompt[] {
  const prompts: Prompt[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      problems.push(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
      return;
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      problems.push(`${file}:${i + 1}: ${where}${issue?.message ?? 'invalid'}`);
      return;
    }
    const l = parsed.data;
    const messages = l.messages?.map((m) => ({ role: m.role, content: m.content }));
    const textValue = l.prompt ?? l.input ?? (messages ?? []).map((m) => m.content).join('\n');
    prompts.push({ text: textValue, ...(messages ? { messages } : {}), maxTokens: l.max_tokens ?? defaultMaxTokens, inputTokens: estimateTokens(textValue) });
  });
  if (problems.length > 0) throw new BenchInputError(`${problems.length} bad line${problems.length === 1 ? '' : 's'} in the prompt file`, problems.slice(0, 20));
  if (prompts.length === 0) throw new BenchInputError(`${file}: no prompts (the file is empty)`);
  return prompts;
}
