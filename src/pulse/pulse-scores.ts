// A pulse survey's results: per statement the mean on a 0-100 scale and the share who agree,
// overall the mean of the four, and per department only where the group is large enough.
//
// Scale: the five agreement levels map linearly onto 0-100 (strongly disagree 0, disagree 25,
// neutral 50, agree 75, strongly agree 100), the usual linear transformation of a Likert item
// to a 0-100 scale ((level - 1) / (levels - 1) x 100). "Agree" is the share answering agree
// or strongly agree: the top-two-box figure Microsoft's Copilot Dashboard reports for these
// statements (Microsoft Learn, "Microsoft Copilot Dashboard", "Suggested Copilot survey
// questions": "combine the Agree and Strongly Agree responses to compute the % of users who
// agreed with each statement").
//
// People: a survey with fewer respondents than the minimum group size shows no figures at all,
// and departments go through the usage module's small-group suppression (usage/small-groups.ts,
// threshold rule with secondary suppression), so no answer can be traced to a small group.
import { PULSE_ITEMS, type PulseAnswer, type PulseItem, type PulseResponse } from '../domain/pulse.js';
import { suppressSmallGroups } from '../usage/small-groups.js';

export interface PulseFigures {
  /** Mean on 0-100 per statement. */
  items: Record<PulseItem, { score: number; agree: number }>;
  /** The mean of the four statements' scores, 0-100. */
  overall: number;
}

export interface PulseResults {
  /** How many people answered; null when fewer than the minimum group size (the count itself is withheld too). */
  respondents: number | null;
  minGroupSize: number;
  /** Null when the survey is too small to show. */
  figures: PulseFigures | null;
  departments: { department: string; respondents: number; figures: PulseFigures }[];
  /** Departments hidden because they are (or would reveal) a small group. */
  hiddenDepartments: number;
}

/** Level 1..5 on the 0-100 scale. */
export function levelPoints(level: number): number {
  return ((level - 1) / 4) * 100;
}

/** The figures of a non-empty set of answers. */
export function pulseFigures(answers: readonly PulseAnswer[]): PulseFigures {
  if (answers.length === 0) throw new RangeError('no answers');
  const items = {} as PulseFigures['items'];
  for (const item of PULSE_ITEMS) {
    const points = answers.map((a) => levelPoints(a[item]));
    items[item] = { score: points.reduce((s, p) => s + p, 0) / answers.length, agree: answers.filter((a) => a[item] >= 4).length / answers.length };
  }
  const overall = PULSE_ITEMS.reduce((s, i) => s + items[i].score, 0) / PULSE_ITEMS.length;
  return { items, overall };
}

export function pulseResults(responses: readonly PulseResponse[], minGroupSize: number): PulseResults {
  const n = responses.length;
  if (n < minGroupSize) return { respondents: null, minGroupSize, figures: null, departments: [], hiddenDepartments: 0 };
  const byDepartment = new Map<string, PulseAnswer[]>();
  for (const r of responses) if (r.department !== null) byDepartment.set(r.department, [...(byDepartment.get(r.department) ?? []), r.answer]);
  // Respondents without a department form a group of their own for suppression: subtracting the
  // shown departments from the total would otherwise single them out.
  const unassigned = responses.filter((r) => r.department === null).length;
  const groups = [...byDepartment].map(([department, answers]) => ({ department, answers }));
  const all = unassigned > 0 ? [...groups, { department: null, answers: new Array<PulseAnswer>(unassigned) }] : groups;
  const s = suppressSmallGroups(
    all,
    (g) => g.answers.length,
    (hidden) => hidden.reduce((sum, g) => sum + g.answers.length, 0),
    minGroupSize,
  );
  const departments = s.shown
    .filter((g): g is { department: string; answers: PulseAnswer[] } => g.department !== null)
    .map((g) => ({ department: g.department, respondents: g.answers.length, figures: pulseFigures(g.answers) }))
    .sort((a, b) => b.respondents - a.respondents || a.department.localeCompare(b.department));
  const hiddenDepartments = s.hiddenGroups - (unassigned > 0 && !s.shown.some((g) => g.department === null) ? 1 : 0);
  return { respondents: n, minGroupSize, figures: pulseFigures(responses.map((r) => r.answer)), departments, hiddenDepartments };
}
