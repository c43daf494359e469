// The ML Test Score rubric of a use case, once for the CLI and the API: read the sheet (28
// items with their help text and current answers), and record answers. Every answer is
// checked first (all problems at once); then the answers and one `rubric_score` evidence with
// the new total are written in one transaction.
import type { Kysely } from 'kysely';
import { isRubricItemScore, RUBRIC_ITEMS, scoreRubric, type RubricSheet } from '../gates/rubric.js';
import type { Database } from '../store/database.js';
import { recordEvidence } from '../store/evidence-repository.js';
import { appendRubricAnswer, listRubricAnswers } from '../store/rubric-repository.js';
import type { Store } from '../store/store.js';
import { closest } from '../workspace/schema-keys.js';
import { InvalidError, type ActionProblem } from './errors.js';
import { loadGateState, requireActive, type GateActor } from './gates.js';

export interface RubricAnswerInput {
  item: string;
  score: number;
  note?: string | null | undefined;
  link?: string | null | undefined;
}

export const SCORE_WORDS = '0 (not done), 0.5 (done manually, documented) or 1 (automated)';

/** The problems of one answer, by field (`item`, `score`, `link`); empty when it is good. */
export function rubricAnswerProblems(a: RubricAnswerInput): ActionProblem[] {
  const problems: ActionProblem[] = [];
  const ids = RUBRIC_ITEMS.map((i) => i.id);
  if (!ids.includes(a.item)) {
    const hint = closest(a.item, ids);
    problems.push({ field: 'item', message: `unknown rubric item "${a.item}"${hint ? ` (did you mean "${hint}"?)` : ''}; items are data-1..7, model-1..7, infra-1..7, monitor-1..7` });
  }
  if (!isRubricItemScore(a.score)) problems.push({ field: 'score', message: `must be ${SCORE_WORDS}, found "${a.score}"` });
  if (a.link !== undefined && a.link !== null && a.link.trim() !== '') {
    const url = URL.canParse(a.link) ? new URL(a.link) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol)) problems.push({ field: 'link', message: `must be an http(s) URL, found "${a.link}"` });
  }
  if ((a.note?.length ?? 0) > 2000) problems.push({ field: 'note', message: `at most 2000 characters, found ${a.note?.length}` });
  return problems;
}

export async function rubricSheet(db: Kysely<Database>, useCaseId: string): Promise<RubricSheet> {
  await loadGateState(db, useCaseId);
  return scoreRubric(await listRubricAnswers(db, useCaseId));
}

/** Records the answers (all or none) and the new total as evidence; answers the new sheet. */
export async function answerRubric(store: Store, useCaseId: string, answers: RubricAnswerInput[], actor: Omit<GateActor, 'npv'>, source: string): Promise<RubricSheet> {
  if (answers.length === 0) throw new InvalidError('give at least one answer', 'answers');
  const problems = answers.flatMap((a, i) => rubricAnswerProblems(a).map((p) => ({ field: `answers.${i}.${p.field}`, message: p.message })));
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    if (seen.has(a.item)) problems.push({ field: `answers.${i}.item`, message: `"${a.item}" is answered twice` });
    seen.add(a.item);
  });
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new InvalidError(`${first.field}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing recorded`, first.field, problems);
  }
  return store.transaction(async (tx) => {
    requireActive(await loadGateState(tx, useCaseId));
    for (const a of answers) {
      const link = a.link?.trim() ? new URL(a.link.trim()).toString() : null;
      await appendRubricAnswer(tx, { useCaseId, itemId: a.item, score: a.score as 0 | 0.5 | 1, note: a.note?.trim() || null, link, at: actor.now, by: actor.actor });
    }
    const sheet = scoreRubric(await listRubricAnswers(tx, useCaseId));
    await recordEvidence(tx, { useCaseId, kind: 'rubric_score', at: actor.now, by: actor.actor, source, payload: { score: sheet.score, sections: sheet.sections, answered: sheet.answered } });
    return sheet;
  });
}
