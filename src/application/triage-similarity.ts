// How alike two proposals read, so a duplicate is seen while it is typed and when a reviewer
// triages it. Pure functions; no store.
//
// Titles are short and typos are common ("Invoice matchng"), so they are compared by
// character trigrams (the Dice coefficient of their trigram sets, as PostgreSQL's pg_trgm
// does with its similarity(): words padded with two spaces in front and one behind).
// Problems are longer prose, compared by the overlap of their words (Jaccard index) without
// the most common English and German function words. The score weighs the title more:
// a title says what the use case is; two problems may share words and differ in substance.

export interface SimilarityInput {
  title: string;
  problem?: string;
}

/** Lower case, accents off, letters and digits only, split into words. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** pg_trgm's trigrams: each word padded "  word ", every three consecutive characters, as a set. */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    const padded = `  ${w} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/** Dice coefficient 2|A∩B| / (|A|+|B|); 0 when both are empty. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size + b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Jaccard index |A∩B| / |A∪B|; 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

const STOP_WORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or our the their this to too we with without when which who our per not no der die das und ist mit von den dem ein eine zu im fur bei auf nicht'.split(' '),
);

export const contentWords = (text: string): Set<string> => new Set(words(text).filter((w) => w.length > 1 && !STOP_WORDS.has(w)));

/** 0 (nothing alike) to 1 (the same): 0.7 of the title's trigram similarity, 0.3 of the problems' word overlap when both have one. */
export function similarity(a: SimilarityInput, b: SimilarityInput): number {
  const title = dice(trigrams(a.title), trigrams(b.title));
  if (!a.problem || !b.problem) return title;
  return 0.7 * title + 0.3 * jaccard(contentWords(a.problem), contentWords(b.problem));
}

/** From which score two proposals are shown as similar: about half the title's trigrams shared. */
export const SIMILAR_FROM = 0.35;
