// How `traction assess` prints: tables for people (the --json shapes are the API's).
import type { Questionnaire } from '../assessment/questionnaire-schema.js';
import type { GapView, InvitationView, ResultsView, RoundView, TaskView, TrendView } from '../assessment/views.js';
import type { Output } from './output.js';

const score = (x: number | null) => (x === null ? '-' : x.toFixed(2));
const level = (l: { level: number; name: string } | null) => (l === null ? '-' : `${l.level} ${l.name}`);

export function printQuestionnaire(out: Output, q: Questionnaire, origin: 'default' | 'workspace'): void {
  out.line(`${out.c.bold(q.title)} (version ${q.version}, ${origin === 'default' ? 'shipped with Traction' : 'assessment/questionnaire.yaml'})`);
  for (const p of q.pillars) {
    out.line();
    out.line(`${out.c.bold(p.name)} (weight ${p.weight}): ${p.description}`);
    for (const i of p.items) out.line(`  ${i.id} (weight ${i.weight}): ${i.text}`);
  }
  out.line();
  out.line(`Levels: 1 (lowest) to 5 (highest), each described per item (--json or --yaml shows them). Overall scores are named ${q.maturity_model.levels.map((l) => l.name).join(', ')}.`);
}

export function printRounds(out: Output, rounds: RoundView[]): void {
  if (rounds.length === 0) return out.line('No assessment round yet: open one with `traction assess open "<title>"`.');
  out.table(
    [
      { header: 'round', value: (r) => r.id },
      { header: 'title', value: (r) => r.title },
      { header: 'status', value: (r) => r.status },
      { header: 'opened', value: (r) => r.opened_at.slice(0, 10) },
      { header: 'leadership', value: (r) => r.respondents.leadership, align: 'right' },
      { header: 'staff', value: (r) => r.respondents.staff, align: 'right' },
    ],
    rounds,
  );
}

export function printInvitations(out: Output, made: (InvitationView & { path: string })[], base: string): void {
  out.line(`${made.length} link${made.length === 1 ? '' : 's'}, each usable once until ${made[0]?.expires_at.slice(0, 16).replace('T', ' ')} UTC. They are shown only now: hand each to one person.`);
  for (const m of made) out.line(`${base}${m.path}`);
}

export function printResults(out: Output, r: ResultsView): void {
  out.line(`${out.c.bold(r.round.title)} (${r.round.status}): ${r.round.respondents.total} respondent${r.round.respondents.total === 1 ? '' : 's'} (${r.round.respondents.leadership} leadership, ${r.round.respondents.staff} staff)`);
  out.line(`Overall ${score(r.overall.score)} of 5: ${level(r.overall.level)}`);
  out.table(
    [
      { header: 'pillar', value: (p) => p.name },
      { header: 'score', value: (p) => score(p.score), align: 'right' },
      { header: 'level', value: (p) => level(p.level) },
      { header: 'leadership', value: (p) => score(p.leadership_score), align: 'right' },
      { header: 'staff', value: (p) => score(p.staff_score), align: 'right' },
    ],
    r.pillars,
  );
  if (r.disagreements.length > 0) {
    out.line();
    out.line(out.c.yellow('Leadership and staff disagree (medians 2 levels or more apart):'));
    for (const d of r.disagreements) out.line(`  ${d.item}: leadership ${d.leadership_median}, staff ${d.staff_median} - ${d.text}`);
  }
  out.line();
  out.line(out.c.dim('Published figures for context (other organisations, not this workspace):'));
  for (const b of r.benchmarks) out.line(out.c.dim(`  ${b.figure} (${b.publisher}, ${b.source}, ${b.year})`));
}

export function printGap(out: Output, g: GapView): void {
  out.line(`${out.c.bold(g.round.title)}: overall ${score(g.overall.score)} (${level(g.overall.level)})`);
  if (g.weakest.length === 0) out.line('No answers yet, so no gap report.');
  for (const w of g.weakest) {
    out.line();
    out.line(`${out.c.bold(w.name)} ${score(w.score)} (${level(w.level)})`);
    for (const i of w.weakest_items) out.line(`  ${i.id} at ${i.median}${i.next_level ? `; next level: ${i.next_level}` : ''}`);
    for (const a of w.actions) {
      const where = [a.in_traction.page ? `dashboard ${a.in_traction.page}` : null, a.in_traction.command].filter(Boolean).join(', ');
      out.line(`  - ${a.title} [${a.id}]${where ? ` (${where})` : ''}${a.targets.length > 0 ? `: ${a.targets.join(', ')}` : ''}`);
      for (const f of a.followed_up) out.line(out.c.dim(`      ${f.kind === 'task' ? 'task' : `use case ${f.use_case_id}`} ${f.id} (${f.status})`));
    }
  }
}

export function printTasks(out: Output, tasks: TaskView[]): void {
  if (tasks.length === 0) return out.line('No task yet: `traction assess task <round> <action>` makes one from a gap report.');
  out.table(
    [
      { header: 'task', value: (t) => t.id },
      { header: 'status', value: (t) => t.status },
      { header: 'pillar', value: (t) => t.pillar_id },
      { header: 'title', value: (t) => (t.use_case_id ? `${t.title} (use case ${t.use_case_id})` : t.title) },
    ],
    tasks,
  );
}

export function printTrend(out: Output, t: TrendView): void {
  if (t.rounds.length === 0) return out.line('No assessment round yet.');
  out.table(
    [
      { header: 'round', value: (r) => r.title },
      { header: 'opened', value: (r) => r.opened_at.slice(0, 10) },
      { header: 'overall', value: (r) => score(r.overall), align: 'right' },
      ...t.pillars.map((p) => ({ header: p.name, value: (r: TrendView['rounds'][number]) => score(r.pillars[p.id] ?? null), align: 'right' as const })),
    ],
    t.rounds,
  );
}
