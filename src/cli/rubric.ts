// `traction rubric USECASE [--item ID --score 0|0.5|1 [--note ...] [--link URL]]`: the ML Test
// Score sheet of a use case, or one answer recorded. Recording an answer also records
// `rubric_score` evidence with the new total, in the same transaction.
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { loadGateState, requireActive } from './gate-context.js';
import { CliError, type Output } from './output.js';
import { isRubricItemScore, RUBRIC_ITEMS, RUBRIC_SECTIONS, scoreRubric, type RubricSheet } from '../gates/rubric.js';
import { recordEvidence } from '../store/evidence-repository.js';
import { appendRubricAnswer, listRubricAnswers } from '../store/rubric-repository.js';
import { closest } from '../workspace/schema-keys.js';

interface RubricOptions {
  item?: string;
  score?: string;
  note?: string;
  link?: string;
}

function parseAnswer(opts: RubricOptions) {
  if (opts.item === undefined) {
    if (opts.score !== undefined || opts.note !== undefined || opts.link !== undefined) throw new CliError('--score, --note and --link answer one item: give --item ID');
    return undefined;
  }
  const ids = RUBRIC_ITEMS.map((i) => i.id);
  if (!ids.includes(opts.item)) {
    const hint = closest(opts.item, ids);
    throw new CliError(`unknown rubric item "${opts.item}"${hint ? ` (did you mean "${hint}"?)` : ''}; items are data-1..7, model-1..7, infra-1..7, monitor-1..7`);
  }
  const score = opts.score === undefined ? NaN : Number(opts.score);
  if (opts.score === undefined || opts.score.trim() === '' || !isRubricItemScore(score))
    throw new CliError(`--score must be 0 (not done), 0.5 (done manually, documented) or 1 (automated), found ${opts.score === undefined ? 'nothing' : `"${opts.score}"`}`);
  let link: string | null = null;
  if (opts.link !== undefined) {
    const url = URL.canParse(opts.link) ? new URL(opts.link) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol)) throw new CliError(`--link must be an http(s) URL, found "${opts.link}"`);
    link = url.toString();
  }
  return { itemId: opts.item, score, note: opts.note?.trim() || null, link };
}

export const registerRubric: RegisterCommand = (program, context) => {
  program
    .command('rubric <useCase>')
    .description('show the ML Test Score sheet of a use case, or record one answer with --item and --score')
    .option('--item <id>', 'rubric item, e.g. data-1 or monitor-7')
    .option('--score <score>', '0 not done, 0.5 done manually and documented, 1 automated')
    .option('--note <text>', 'how the test is done')
    .option('--link <url>', 'where the evidence is (a dashboard, a test, a document)')
    .action(async (useCaseId: string, opts: RubricOptions) => {
      const ctx = context();
      const answer = parseAnswer(opts);
      const now = ctx.now();
      const sheet = await withStore(ctx, (store) =>
        store.transaction(async (tx) => {
          const state = await loadGateState(tx, useCaseId);
          if (!answer) return scoreRubric(await listRubricAnswers(tx, useCaseId));
          requireActive(state);
          await appendRubricAnswer(tx, { useCaseId, ...answer, at: now, by: ctx.env.actor });
          const sheet = scoreRubric(await listRubricAnswers(tx, useCaseId));
          await recordEvidence(tx, {
            useCaseId,
            kind: 'rubric_score',
            at: now,
            by: ctx.env.actor,
            source: `traction rubric --item ${answer.itemId}`,
            payload: { score: sheet.score, sections: sheet.sections, answered: sheet.answered },
          });
          return sheet;
        }),
      );
      if (ctx.out.json) return ctx.out.printJson({ useCase: useCaseId, ...sheet });
      if (answer) ctx.out.info(`recorded ${answer.itemId} = ${answer.score}`);
      printSheet(ctx.out, useCaseId, sheet);
    });
};

function printSheet(out: Output, useCaseId: string, sheet: RubricSheet): void {
  const { c } = out;
  const mark = (s: number | undefined) => (s === undefined ? c.dim('-') : s === 1 ? c.green('1') : s === 0.5 ? c.yellow('0.5') : c.red('0'));
  out.line(`${c.bold(useCaseId)}: ML Test Score (Breck et al., 2017), ${sheet.answered}/${RUBRIC_ITEMS.length} items answered`);
  for (const section of RUBRIC_SECTIONS) {
    out.line();
    out.line(`${c.bold(section.title)}: ${sheet.sections[section.id]} / 7`);
    out.table(
      [
        { header: 'item', value: (r) => r.id },
        { header: 'score', value: (r) => (r.answer ? String(r.answer.score) : '-'), colour: (_t, r) => mark(r.answer?.score), align: 'right' },
        { header: 'test', value: (r) => r.text },
        { header: 'note', value: (r) => [r.answer?.note, r.answer?.link].filter(Boolean).join(' ') || null },
      ],
      sheet.items.filter((i) => i.section === section.id),
    );
  }
  out.line();
  out.line(`score: ${c.bold(String(sheet.score))} (minimum of the section sums): ${sheet.interpretation}`);
}
