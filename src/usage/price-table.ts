// The price table (traction.yaml `prices:`): which price applies to a model on a day, and
// what a request's tokens cost at it. Shared by telemetry ingest and bench's cost model.
import type { ModelPrice } from '../domain/usage.js';

const compiled = new Map<string, RegExp>();
function matches(pattern: string, model: string): boolean {
  if (!pattern.includes('*')) return pattern.toLowerCase() === model.toLowerCase();
  let re = compiled.get(pattern);
  if (!re) compiled.set(pattern, (re = new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`, 'i')));
  return re.test(model);
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How specific a pattern is: an exact name beats any pattern, a longer fixed part beats a shorter. */
const specificity = (pattern: string) => (pattern.includes('*') ? pattern.replace(/\*/g, '').length : Number.MAX_SAFE_INTEGER);

/**
 * The price in force for `model` on `day` (YYYY-MM-DD, UTC): of the entries whose pattern
 * matches, the most specific pattern; of its entries, the newest `valid_from` on or before
 * the day. Undefined when none applies (the cost is then unknown, not zero).
 */
export function findPrice(prices: readonly ModelPrice[], model: string, day: string): ModelPrice | undefined {
  let best: ModelPrice | undefined;
  for (const p of prices) {
    if (p.valid_from > day || !matches(p.model, model)) continue;
    if (!best) {
      best = p;
      continue;
    }
    const d = specificity(p.model) - specificity(best.model);
    if (d > 0 || (d === 0 && p.valid_from > best.valid_from)) best = p;
  }
  return best;
}

export interface TokenCounts {
  /** All input tokens, cached ones included (as OpenAI's prompt_tokens and the semantic conventions count them). */
  input: number;
  output: number;
  cachedInput: number;
}

/** Cost of one request: uncached input, cached input and output tokens at their prices per 1M. */
export function tokenCost(price: ModelPrice, t: TokenCounts): number {
  const cached = Math.min(t.cachedInput, t.input);
  return ((t.input - cached) * price.input_per_1m + cached * (price.cached_input_per_1m ?? price.input_per_1m) + t.output * price.output_per_1m) / 1e6;
}

/** findPrice with a memo per (model, day): ingest asks the same question for most spans of a batch. */
export function priceLookup(prices: readonly ModelPrice[]): (model: string, day: string) => ModelPrice | undefined {
  // model -> day -> price (null: none), without building a key string per span.
  const memo = new Map<string, Map<string, ModelPrice | null>>();
  let size = 0;
  return (model, day) => {
    let days = memo.get(model);
    if (days === undefined) {
      if (size >= 10_000) {
        memo.clear();
        size = 0;
      }
      memo.set(model, (days = new Map()));
    }
    let p = days.get(day);
    if (p === undefined) {
      p = findPrice(prices, model, day) ?? null;
      days.set(day, p);
      size++;
    }
    return p ?? undefined;
  };
}
