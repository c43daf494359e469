// Walks a zod schema along a data path to find which keys an object there may have:
// the vocabulary behind "did you mean" for unknown keys.
import { distance } from 'fastest-levenshtein';
import type { z } from 'zod';

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

function unwrap(s: z.ZodType): z.ZodType[] {
  const def = defOf(s);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return unwrap(def.innerType as z.ZodType);
    case 'pipe':
      return unwrap(def.in as z.ZodType);
    case 'union':
      return (def.options as z.ZodType[]).flatMap(unwrap);
    default:
      return [s];
  }
}

function step(s: z.ZodType, seg: PropertyKey): z.ZodType[] {
  return unwrap(s).flatMap((u) => {
    const def = defOf(u);
    if (def.type === 'object') {
      const shape = def.shape as Record<string, z.ZodType>;
      const child = shape[String(seg)];
      return child ? [child] : [];
    }
    if (def.type === 'array' && typeof seg === 'number') return [def.element as z.ZodType];
    if (def.type === 'record') return [def.valueType as z.ZodType];
    return [];
  });
}

export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType[] = [schema];
  for (const seg of path) current = current.flatMap((s) => step(s, seg));
  const keys = new Set<string>();
  for (const s of current.flatMap(unwrap)) {
    const def = defOf(s);
    if (def.type === 'object') for (const k of Object.keys(def.shape as object)) keys.add(k);
  }
  return [...keys];
}

/** The closest known word within a small edit distance, for "did you mean". */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  // A suggestion must keep something of the word: "c" is not a misspelling of "a".
  return bestD <= limit && bestD < word.length ? best : undefined;
}

/** The literal values a field may take at `path` (e.g. a discriminator such as `kind`). */
export function literalsAt(schema: z.ZodType, path: readonly PropertyKey[]): unknown[] {
  let current: z.ZodType[] = [schema];
  for (const seg of path) current = current.flatMap((s) => step(s, seg));
  return current.flatMap(unwrap).flatMap((s) => {
    const def = defOf(s);
    if (def.type === 'literal') return def.values as unknown[];
    if (def.type === 'enum') return Object.values(def.entries as object);
    return [];
  });
}
