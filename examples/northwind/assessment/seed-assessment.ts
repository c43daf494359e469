// Seeds Northwind's readiness assessment from rounds.yaml: each round opened, answered by its
// respondents (with an account: as that user; without: through a one-time invitation link,
// made and used up as a real respondent's would be), closed, and the first recommended data
// action of the latest round made a task. Everything goes through src/assessment/actions.ts,
// the layer behind `traction assess` and the API. A round whose title exists is left alone,
// so running it again changes nothing.
// Usage: npx tsx examples/northwind/assessment/seed-assessment.ts [-w WORKSPACE]   (after `traction apply`)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import * as actions from '../../../src/assessment/actions.js';
import { respondentGroupSchema } from '../../../src/assessment/questionnaire-schema.js';
import { readEnv } from '../../../src/env.js';
import { listRounds } from '../../../src/store/assessment-repository.js';
import { openStore, storeLocation, type Store } from '../../../src/store/store.js';

const fileSchema = z.strictObject({
  rounds: z.array(
    z.strictObject({
      title: z.string().min(3),
      opened_days_ago: z.number().int().min(1),
      closed_days_ago: z.number().int().min(0),
      respondents: z
        .array(
          z.strictObject({
            group: respondentGroupSchema,
            via: z.enum(['account', 'link']),
            user: z.string().optional(),
            answers: z.record(z.string(), z.array(z.number().int().min(1).max(5))).describe('pillar id -> levels, in the questionnaire\'s item order'),
          }),
        )
        .min(1),
    }),
  ),
});

const DAY = 86_400_000;
export const CONSULTANT = 'consultant@northwind.example';

/** Seeds the rounds of `file` into `store` as of `now`; returns the titles seeded (skipping those present). */
export async function seedAssessment(store: Store, workspaceRoot: string, now: Date, file = path.join(workspaceRoot, 'assessment', 'rounds.yaml')): Promise<string[]> {
  const data = fileSchema.parse(parse(readFileSync(file, 'utf8')));
  const existing = new Set((await listRounds(store.db)).map((r) => r.title));
  const seeded: string[] = [];
  let latest: string | undefined;
  for (const round of data.rounds) {
    if (existing.has(round.title)) continue;
    // Each step a little later than the one before, from the opening day to the closing day.
    let at = now.getTime() - round.opened_days_ago * DAY;
    const step = ((round.opened_days_ago - round.closed_days_ago) * DAY) / (round.respondents.length + 2);
    const ctx: actions.AssessmentContext = { store, workspaceRoot, now: () => new Date(at) };
    const opened = await actions.openRound(ctx, { title: round.title }, CONSULTANT);
    const q = (await actions.roundResults(ctx, opened.id)).questionnaire;
    const links = await actions.inviteToRound(ctx, opened.id, { count: round.respondents.filter((r) => r.via === 'link').length || 1, expires_in_days: 14, note: 'Northwind staff and managers' }, CONSULTANT);
    for (const r of round.respondents) {
      at += step;
      const answers = q.pillars.flatMap((p) => {
        const levels = r.answers[p.id] ?? [];
        if (levels.length !== p.items.length) throw new Error(`${file}: "${round.title}": ${p.id} has ${levels.length} levels for ${p.items.length} items`);
        return p.items.map((item, i) => ({ item: item.id, level: levels[i]! }));
      });
      const body = { group: r.group, answers };
      if (r.via === 'account') await actions.answerAsUser(ctx, opened.id, body, r.user ?? CONSULTANT);
      else await actions.answerWithInvitation(ctx, links.shift()!.token, body);
    }
    at = now.getTime() - round.closed_days_ago * DAY;
    await actions.closeRound(ctx, opened.id, CONSULTANT);
    seeded.push(round.title);
    latest = opened.id;
  }
  if (latest) await actions.createTask({ store, workspaceRoot, now: () => now }, latest, 'data.readiness_checks_top3', CONSULTANT);
  return seeded;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('-w');
  const workspace = path.resolve(i > 0 ? (process.argv[i + 1] ?? '') : 'examples/northwind');
  const env = readEnv();
  const store = await openStore(storeLocation(workspace, env.TRACTION_DATABASE_URL));
  try {
    const seeded = await seedAssessment(store, workspace, new Date());
    process.stdout.write(seeded.length > 0 ? `seeded ${seeded.join(', ')}; now try: traction -w ${path.relative(process.cwd(), workspace) || '.'} assess results latest\n` : 'the assessment rounds are there already\n');
  } finally {
    await store.close();
  }
}
