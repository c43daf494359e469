// The production-readiness rubric: "The ML Test Score: A Rubric for ML Production Readiness
// and Technical Debt Reduction", E. Breck, S. Cai, E. Nielsen, M. Salib, D. Sculley,
// IEEE Big Data 2017. Its 28 tests in four sections of seven (Tables I-IV of the paper),
// the per-test points (Section VI: 0 not done, 0.5 executed manually with the results
// documented and distributed, 1 automated and run repeatedly), and the final score: the
// minimum of the four section sums, because every section matters.
import type { RubricAnswer, RubricItemScore } from '../domain/decision.js';

export const RUBRIC_SECTIONS = [
  { id: 'data', title: 'Tests for features and data' },
  { id: 'model', title: 'Tests for model development' },
  { id: 'infra', title: 'Tests for ML infrastructure' },
  { id: 'monitor', title: 'Monitoring tests for ML' },
] as const;
export type RubricSectionId = (typeof RUBRIC_SECTIONS)[number]['id'];

export interface RubricItem {
  id: string;
  section: RubricSectionId;
  text: string;
}

const SECTION_ITEMS: Record<RubricSectionId, string[]> = {
  data: [
    'Feature expectations are captured in a schema.',
    'All features are beneficial.',
    "No feature's cost is too much.",
    'Features adhere to meta-level requirements.',
    'The data pipeline has appropriate privacy controls.',
    'New features can be added quickly.',
    'All input feature code is tested.',
  ],
  model: [
    'Model specs are reviewed and submitted.',
    'Offline and online metrics correlate.',
    'All hyperparameters have been tuned.',
    'The impact of model staleness is known.',
    'A simpler model is not better.',
    'Model quality is sufficient on important data slices.',
    'The model is tested for considerations of inclusion.',
  ],
  infra: [
    'Training is reproducible.',
    'Model specs are unit tested.',
    'The ML pipeline is integration tested.',
    'Model quality is validated before serving.',
    'The model is debuggable.',
    'Models are canaried before serving.',
    'Serving models can be rolled back.',
  ],
  monitor: [
    'Dependency changes result in notification.',
    'Data invariants hold for inputs.',
    'Training and serving are not skewed.',
    'Models are not too stale.',
    'Models are numerically stable.',
    'Computing performance has not regressed.',
    'Prediction quality has not regressed.',
  ],
};

/** The 28 items, ids `data-1` ... `monitor-7` in the paper's order. */
export const RUBRIC_ITEMS: RubricItem[] = RUBRIC_SECTIONS.flatMap((s) =>
  SECTION_ITEMS[s.id].map((text, i) => ({ id: `${s.id}-${i + 1}`, section: s.id, text })),
);

export const RUBRIC_ITEM_SCORES: readonly RubricItemScore[] = [0, 0.5, 1];

export function isRubricItemScore(x: number): x is RubricItemScore {
  return (RUBRIC_ITEM_SCORES as readonly number[]).includes(x);
}

export interface RubricSheet {
  items: (RubricItem & { answer: RubricAnswer | undefined })[];
  sections: Record<RubricSectionId, number>;
  /** The ML Test Score: the minimum of the four section sums (0..7). */
  score: number;
  answered: number;
  interpretation: string;
}

/** The sheet from answers in the order recorded: the latest answer per item counts, unanswered is 0. */
export function scoreRubric(answers: readonly RubricAnswer[]): RubricSheet {
  const latest = new Map<string, RubricAnswer>();
  for (const a of answers) latest.set(a.itemId, a);
  const items = RUBRIC_ITEMS.map((item) => ({ ...item, answer: latest.get(item.id) }));
  const sections = Object.fromEntries(RUBRIC_SECTIONS.map((s) => [s.id, 0])) as Record<RubricSectionId, number>;
  for (const i of items) sections[i.section] += i.answer?.score ?? 0;
  const score = Math.min(...Object.values(sections));
  return { items, sections, score, answered: items.filter((i) => i.answer).length, interpretation: interpretScore(score) };
}

/** The paper's reading of a final score (Table V). */
export function interpretScore(score: number): string {
  if (score <= 0) return 'more of a research project than a productionized system';
  if (score <= 1) return 'not totally untested, but there may be serious holes in reliability';
  if (score <= 2) return 'a first pass at basic productionization; more investment may be needed';
  if (score <= 3) return 'reasonably tested; more of the tests and procedures may be automated';
  if (score <= 5) return 'strong automated testing and monitoring, appropriate for mission-critical systems';
  return 'exceptional levels of automated testing and monitoring';
}
