// A round's scores (scoring.ts) as the results the API and `traction assess results` show:
// names and texts from the round's questionnaire, levels named by its maturity model, the
// disagreements listed, and the published benchmarks beside them. No formula here.
import { BENCHMARKS } from './benchmarks.js';
import type { Questionnaire } from './questionnaire-schema.js';
import { percentOf, type RoundScore } from './scoring.js';
import type { ResultsView, RoundView } from './views.js';

export function levelName(q: Questionnaire, level: number | null): ResultsView['overall']['level'] {
  return level === null ? null : q.maturity_model.levels[level - 1]!;
}

export function resultsView(q: Questionnaire, score: RoundScore, round: RoundView): ResultsView {
  const pillars = q.pillars.map((p, pi) => {
    const s = score.pillars[pi]!;
    return {
      id: p.id,
      name: p.name,
      weight: p.weight,
      score: s.score,
      percent: percentOf(s.score),
      level: levelName(q, s.level),
      leadership_score: s.leadershipScore,
      staff_score: s.staffScore,
      items: p.items.map((item, ii) => {
        const i = s.items[ii]!;
        return { id: item.id, text: item.text, weight: item.weight, answers: i.answers, distribution: i.distribution, median: i.median, spread: i.spread, leadership_median: i.leadershipMedian, staff_median: i.staffMedian, disagreement: i.disagreement };
      }),
    };
  });
  const disagreements = pillars.flatMap((p) =>
    p.items.filter((i) => i.disagreement).map((i) => ({ item: i.id, pillar: p.id, text: i.text, leadership_median: i.leadership_median!, staff_median: i.staff_median!, gap: Math.abs(i.leadership_median! - i.staff_median!) })),
  );
  return {
    round,
    maturity_model: { source: q.maturity_model.source, levels: q.maturity_model.levels },
    overall: { score: score.overall, percent: percentOf(score.overall), level: levelName(q, score.level) },
    pillars,
    disagreements: disagreements.sort((a, b) => b.gap - a.gap),
    benchmarks: BENCHMARKS,
    sources: q.sources,
  };
}
