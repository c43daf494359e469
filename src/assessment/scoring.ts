// Scores a round from its answers (pure: the questionnaire and the responses come in).
//
// Per item: the median level and, as the spread, the interquartile range. Answers are ordinal
// (levels 1..5), so the median and quantiles, not the mean and standard deviation, describe
// them (Stevens 1946, "On the theory of scales of measurement"; Jamieson 2004, "Likert scales:
// how to (ab)use them", Medical Education 38:1217). Quantiles by linear interpolation between
// order statistics, Hyndman & Fan (1996) "Sample quantiles in statistical packages", The
// American Statistician 50:361, definition 7 (numpy's and R's default), so an IQR can be
// checked against numpy.percentile. The median is the usual one (the mean of the two middle
// answers for an even count), which definition 7 gives at p = 0.5 too.
//
// Disagreement: leadership's median and staff's median of an item differ by 2 levels or more
// (both groups must have answered it).
//
// Pillar score: the weighted arithmetic mean of its answered items' medians, by item weight;
// overall: the weighted mean of the scored pillars, by pillar weight (items or pillars with no
// answer drop out and the weights of the rest are renormalised). Both stay on the 1..5 scale;
// `percent` maps it to 0..100 as (score - 1) / 4 x 100.
//
// Maturity level: the level reached, floor(score) (a score of 2.9 has reached level 2, not 3),
// named by the questionnaire's maturity model (Gartner's AI maturity model by default).
import type { Questionnaire, RespondentGroup } from './questionnaire-schema.js';

export interface ScoredResponse {
  group: RespondentGroup;
  /** item id -> level 1..5 */
  answers: ReadonlyMap<string, number>;
}

export interface ItemScore {
  id: string;
  weight: number;
  answers: number;
  distribution: [number, number, number, number, number];
  median: number | null;
  spread: { q1: number; q3: number; iqr: number } | null;
  leadershipMedian: number | null;
  staffMedian: number | null;
  disagreement: boolean;
}

export interface PillarScore {
  id: string;
  weight: number;
  score: number | null;
  leadershipScore: number | null;
  staffScore: number | null;
  level: number | null;
  items: ItemScore[];
}

export interface RoundScore {
  overall: number | null;
  level: number | null;
  pillars: PillarScore[];
}

/** Levels that differ by this much between leadership and staff medians are flagged. */
export const DISAGREEMENT_LEVELS = 2;

/** Hyndman & Fan definition 7 on an ascending, non-empty sample. */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function weightedMean(parts: { value: number | null; weight: number }[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const p of parts) {
    if (p.value === null) continue;
    sum += p.value * p.weight;
    weights += p.weight;
  }
  return weights > 0 ? sum / weights : null;
}

/** The maturity level a 1..5 score has reached; the epsilon keeps 3 from reading as 2.999... after weighting. */
export function levelOf(score: number | null): number | null {
  if (score === null) return null;
  return Math.min(5, Math.max(1, Math.floor(score + 1e-9)));
}

export function percentOf(score: number | null): number | null {
  return score === null ? null : ((score - 1) / 4) * 100;
}

function scoreItem(id: string, weight: number, responses: readonly ScoredResponse[]): ItemScore {
  const all: number[] = [];
  const byGroup: Record<RespondentGroup, number[]> = { leadership: [], staff: [] };
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const r of responses) {
    const level = r.answers.get(id);
    if (level === undefined) continue;
    all.push(level);
    byGroup[r.group].push(level);
    distribution[level - 1]! += 1;
  }
  const sorted = all.sort((a, b) => a - b);
  const leadershipMedian = median(byGroup.leadership);
  const staffMedian = median(byGroup.staff);
  const spread = sorted.length === 0 ? null : { q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75), iqr: quantile(sorted, 0.75) - quantile(sorted, 0.25) };
  return {
    id,
    weight,
    answers: sorted.length,
    distribution,
    median: median(sorted),
    spread,
    leadershipMedian,
    staffMedian,
    disagreement: leadershipMedian !== null && staffMedian !== null && Math.abs(leadershipMedian - staffMedian) >= DISAGREEMENT_LEVELS,
  };
}

export function scoreRound(questionnaire: Questionnaire, responses: readonly ScoredResponse[]): RoundScore {
  const pillars = questionnaire.pillars.map((p): PillarScore => {
    const items = p.items.map((i) => scoreItem(i.id, i.weight, responses));
    const score = weightedMean(items.map((i) => ({ value: i.median, weight: i.weight })));
    return {
      id: p.id,
      weight: p.weight,
      score,
      leadershipScore: weightedMean(items.map((i) => ({ value: i.leadershipMedian, weight: i.weight }))),
      staffScore: weightedMean(items.map((i) => ({ value: i.staffMedian, weight: i.weight }))),
      level: levelOf(score),
      items,
    };
  });
  const overall = weightedMean(pillars.map((p) => ({ value: p.score, weight: p.weight })));
  return { overall, level: levelOf(overall), pillars };
}
