// `traction doctor [SOURCE...]` (also `traction validate --connect`): connects to each source
// and tells whether its account could write, or read beyond what checks need, writing nothing.
// Exit 1 when any source could (or cannot be reached to tell), 2 when a source is misconfigured.
import type { RegisterCommand } from './commands.js';
import type { CliContext } from './context.js';
import { requireWorkspace } from './context.js';
import { CliError, EXIT } from './output.js';
import type { Workspace } from '../domain/workspace.js';
import { describeVerdict, inspectSourcePrivileges, type SourcePrivileges } from '../readiness/source-privileges.js';
import { closest } from '../workspace/schema-keys.js';

export interface DoctorOptions {
  timeout?: string;
}

/** Runs the probes on the chosen sources (all by default); the exit code they call for. */
export async function checkSourcePrivileges(ctx: CliContext, ws: Workspace, ids: string[], opts: DoctorOptions): Promise<{ results: SourcePrivileges[]; exitCode: number }> {
  const known = ws.sources.map((s) => s.id);
  for (const id of ids) {
    if (known.includes(id)) continue;
    const s = closest(id, known);
    throw new CliError(`unknown source "${id}"${s ? ` (did you mean "${s}"?)` : ` (known: ${known.join(', ') || 'none'})`}`);
  }
  let timeoutMs: number | undefined;
  if (opts.timeout !== undefined) {
    const n = Number(opts.timeout);
    if (!Number.isInteger(n) || n <= 0) throw new CliError(`--timeout must be a whole number of seconds, found "${opts.timeout}"`);
    timeoutMs = n * 1000;
  }
  const sources = ids.length ? ws.sources.filter((s) => ids.includes(s.id)) : ws.sources;
  const results = await inspectSourcePrivileges({ root: ws.root, sources }, ctx.env.raw, timeoutMs ? { timeoutMs } : {});
  const exitCode = results.some((r) => r.verdict === 'misconfigured') ? EXIT.usage : results.some((r) => r.verdict !== 'read-only') ? EXIT.failed : EXIT.ok;
  return { results, exitCode };
}

export function printSourcePrivileges(ctx: CliContext, results: SourcePrivileges[]): void {
  const { c } = ctx.out;
  ctx.out.table(
    [
      { header: 'source', value: (r) => r.source },
      { header: 'engine', value: (r) => r.engine },
      { header: 'role', value: (r) => r.role },
      { header: 'verdict', value: (r) => describeVerdict(r), colour: (t, r) => (r.verdict === 'read-only' ? c.green(t) : c.red(t)) },
    ],
    results,
  );
  for (const r of results) for (const note of r.notes) ctx.out.line(c.dim(`  ${r.source}: ${note}`));
  if (results.some((r) => r.verdict === 'can-write' || r.verdict === 'reads-beyond')) ctx.out.line('a read-only account per engine: docs/sources.md');
}

export const registerDoctor: RegisterCommand = (program, context, setExit) => {
  program
    .command('doctor')
    .description("connect to each source and tell whether its account could write or read beyond what checks need (writes nothing)")
    .argument('[sources...]', 'source ids (default: all)')
    .option('--timeout <seconds>', 'time limit for connecting and for each query', '10')
    .action(async (ids: string[], opts: DoctorOptions) => {
      const ctx = context();
      const ws = await requireWorkspace(ctx);
      const { results, exitCode } = await checkSourcePrivileges(ctx, ws, ids, opts);
      if (ctx.out.json) ctx.out.printJson({ ok: exitCode === EXIT.ok, sources: results });
      else printSourcePrivileges(ctx, results);
      setExit(exitCode);
    });
};
