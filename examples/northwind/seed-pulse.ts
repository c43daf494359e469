// The pulse of the Northwind demo: this month's survey on two deployed use cases, opened and
// given links through the CLI (`traction pulse open`, `traction pulse links --json`), then
// answered through the running server's answer door (POST /api/pulse/respond), as the people
// who got the links would. Invoice processing gets 9 answers from two departments (shown);
// demand forecasting gets 3 (fewer than the minimum group size of 5: no figures shown).
// Usage: npx tsx examples/northwind/seed-pulse.ts -w WORKSPACE --url http://127.0.0.1:4600
// A use case that already has this month's survey is left as it is.
import { runCli } from '../../src/cli/run-cli.js';

type Answer = { quality: number; effort: number; speed: number; productivity: number };
const a = (quality: number, effort: number, speed: number, productivity: number): Answer => ({ quality, effort, speed, productivity });

export const PULSE_PLAN: { useCase: string; groups: { department: string; answers: Answer[] }[] }[] = [
  {
    useCase: 'invoice-processing',
    groups: [
      { department: 'Accounts Payable', answers: [a(4, 5, 5, 4), a(4, 4, 5, 4), a(3, 5, 4, 4), a(5, 5, 5, 5), a(4, 4, 4, 3), a(2, 4, 4, 3)] },
      { department: 'Procurement', answers: [a(3, 3, 4, 3), a(4, 4, 3, 4), a(3, 2, 3, 3)] },
    ],
  },
  { useCase: 'demand-forecasting', groups: [{ department: 'Supply Chain', answers: [a(4, 3, 4, 4), a(3, 3, 3, 3), a(5, 4, 4, 4)] }] },
];

async function traction(workspace: string, args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(['-w', workspace, '--json', ...args], { stdout: { write: (s: string) => ((out += s), true) }, stderr: process.stderr }, process.env);
  return { code, out };
}

export async function seedPulse(workspace: string, url: string): Promise<string[]> {
  const done: string[] = [];
  for (const plan of PULSE_PLAN) {
    const opened = await traction(workspace, ['pulse', 'open', plan.useCase]);
    if (opened.code !== 0) {
      done.push(`${plan.useCase}: survey not opened (it exists already, or the use case is not deployed)`);
      continue;
    }
    const survey = (JSON.parse(opened.out) as { id: string }).id;
    let answered = 0;
    for (const g of plan.groups) {
      const made = await traction(workspace, ['pulse', 'links', survey, '--count', String(g.answers.length + 2), '--department', g.department, '--base-url', url]);
      if (made.code !== 0) throw new Error(`traction pulse links ${survey} exited ${made.code}`);
      const links = (JSON.parse(made.out) as { links: { url: string }[] }).links;
      for (const [i, answer] of g.answers.entries()) {
        const token = links[i]!.url.split('#')[1]!;
        const r = await fetch(`${url}/api/pulse/respond`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-invitation-token': token }, body: JSON.stringify(answer) });
        if (r.status !== 201) throw new Error(`answer refused: ${r.status} ${await r.text()}`);
        answered += 1;
      }
    }
    done.push(`${plan.useCase}: survey ${survey}, ${answered} answers`);
  }
  return done;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
  };
  for (const line of await seedPulse(arg('-w', 'examples/northwind'), arg('--url', 'http://127.0.0.1:4600'))) process.stdout.write(`${line}\n`);
}
