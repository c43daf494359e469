// `traction rubric USECASE [--item ID --score 0|0.5|1 [--note ...] [--link URL]]`: the ML Test
// Score sheet of a use case, or one answer recorded (src/application/gates-rubric.ts, which
// also records `rubric_score` evidence with the new total, in the same transaction).
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { gateCommand } from './gate-report.js';
import { CliError, type Output } from './output.js';
import { answerRubric, rubricAnswerProblems, rubricSheet, SCORE_WORDS, type RubricAnswerInput } from '../application/gates-rubric.js';
import { RUBRIC_ITEMS, RUBRIC_SECTIONS, type RubricSheet } from '../gates/rubric.js';

interface RubricOptions {
  item?: string;
  score?: string;
  note?: string;
  link?: string;
}

/** The options as one answer; its problems are the application's, named by their option. */
function parseAnswer(opts: RubricOptions): RubricAnswerInput | undefined {
  if (opts.item === undefined) {
    if (opts.score !== undefined || opts.note !== undefined || opts.link !== undefined) throw new CliError('--score, --note and --link answer one item: give --item ID');
    return undefined;
  }
  if (opts.score === undefined || opts.score.trim() === '' || !Number.isFinite(Number(opts.score)))
    throw new CliError(`--score must be ${SCORE_WORDS}, found ${opts.score === undefined ? 'nothing' : `"${opts.score}"`}`);
  const answer = { item: opts.item, score: Number(opts.score), note: opts.note, link: opts.link };
  const problems = rubricAnswerProblems(answer);
  if (problems.length > 0) throw new CliError(problems.map((p) => (p.field === 'item' ? p.message : `--${p.field} ${p.message}`)).join('; '));
  return answer;
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
      const sheet = await gateCommand(
        withStore(ctx, (store) =>
          answer ? answerRubric(store, useCaseId, [answer], { now: ctx.now(), actor: ctx.env.actor }, `traction rubric --item ${answer.item}`) : rubricSheet(store.db, useCaseId),
        ),
      );
      if (ctx.out.json) return ctx.out.printJson({ useCase: useCaseId, ...sheet });
      if (answer) ctx.out.info(`recorded ${answer.item} = ${answer.score}`);
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
