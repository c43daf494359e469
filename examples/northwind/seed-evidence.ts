// The AI steering committee's sign-offs and the rubric answers of the Northwind demo, recorded
// through the CLI exactly as a user would. Together with a readiness run (`traction data check`),
// the example then shows every kind of gate outcome:
//   sales-email-drafting  qualified -> poc        passes (readiness >= 60, both sign-offs)
//   dynamic-pricing       qualified -> poc        fails (the business owner rejects)
//   churn-prediction      pilot -> production     rubric below 2; experiment and benchmark lack evidence
//   knowledge-base-qa     idea -> qualified       lacks a sign-off (its expected NPV comes from the portfolio)
// Usage: npx tsx examples/northwind/seed-evidence.ts [-w WORKSPACE]   (after `traction apply`)
// Each step names its transition (--to); a use case that already moved on is skipped, so a
// second run adds only rubric answers (append-only: the newest answer counts).
import { runCli } from '../../src/cli/run-cli.js';
import type { OutputStreams } from '../../src/cli/output.js';

const P = (name: string) => `${name}@northwind.example`;

export const SEED_STEPS: string[][] = [
  ['signoff', 'sales-email-drafting', '--to', 'poc', '--role', 'business_owner', '--as', P('m.vandijk'), '--note', 'PoC with five account managers in Venlo'],
  ['signoff', 'sales-email-drafting', '--to', 'poc', '--role', 'technical_lead', '--as', P('j.becker'), '--note', 'CRM and order history suffice for drafting'],
  ['signoff', 'dynamic-pricing', '--to', 'poc', '--role', 'technical_lead', '--as', P('j.becker')],
  ['signoff', 'dynamic-pricing', '--to', 'poc', '--role', 'business_owner', '--as', P('s.huber'), '--reject', '--note', 'price corridors for key accounts are not agreed yet'],
  ...(
    [
      ['data-1', '1', 'schema checks run on every load (traction data check)'],
      ['data-5', '0.5', 'DPIA done; access reviewed manually'],
      ['model-1', '1', 'model code reviewed in pull requests'],
      ['model-5', '0.5', 'compared with a logistic-regression baseline once'],
      ['infra-1', '1', 'training pipeline pinned and reproducible'],
      ['infra-4', '0.5', 'holdout AUC checked by hand before each release'],
      ['monitor-2', '0.5', 'weekly manual look at input drift'],
    ] as const
  ).map(([item, score, note]) => ['rubric', 'churn-prediction', '--item', item, '--score', score, '--note', note]),
];

/** Runs the steps; a step refused because the use case moved on (exit 2) is reported and skipped. */
export async function seedEvidence(workspace: string, streams: OutputStreams = process, env = process.env): Promise<{ ran: number; skipped: number }> {
  let ran = 0;
  let skipped = 0;
  const quiet: OutputStreams = { stdout: { write: () => true }, stderr: streams.stderr };
  for (const step of SEED_STEPS) {
    streams.stdout.write(`$ traction ${step.join(' ')}\n`);
    const code = await runCli(['-w', workspace, ...step], quiet, env);
    if (code === 0) ran += 1;
    else if (code === 2) skipped += 1;
    else throw new Error(`traction ${step.join(' ')} exited ${code}`);
  }
  return { ran, skipped };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('-w');
  const workspace = i > 0 ? (process.argv[i + 1] ?? '') : 'examples/northwind';
  const { ran, skipped } = await seedEvidence(workspace);
  process.stdout.write(`${ran} recorded, ${skipped} skipped; now try: traction -w ${workspace} status\n`);
}
