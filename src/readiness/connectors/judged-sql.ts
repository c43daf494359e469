// The verdicts of an engine's SQL guard, kept per text: the same generated SQL runs for every
// dataset of a run, so each text is judged (parsed or tokenised) once. Bounded: the oldest
// verdict goes first.
const CACHE_SIZE = 1000;

/** `judge` with its verdicts kept by key (the SQL text, plus anything else the verdict depends on). */
export function judgedOnce<A extends unknown[]>(judge: (...args: A) => string | null, keyOf: (...args: A) => string): (...args: A) => string | null {
  const cache = new Map<string, string | null>();
  return (...args: A) => {
    const key = keyOf(...args);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const problem = judge(...args);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, problem);
    return problem;
  };
}
