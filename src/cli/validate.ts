// `traction validate`: load the workspace and report every problem at once; writes nothing.
// With --connect it also runs `traction doctor` on every source (see doctor.ts).
import type { RegisterCommand } from './commands.js';
import { problemsError } from './context.js';
import { checkSourcePrivileges, printSourcePrivileges } from './doctor.js';
import { loadWorkspace } from '../workspace/load-workspace.js';

export const registerValidate: RegisterCommand = (program, context, setExit) => {
  program
    .command('validate')
    .description('check every definition file; report all problems with file:line:column')
    .option('--connect', "also connect to each source and tell whether its account could write (as `traction doctor`)")
    .action(async (opts: { connect?: boolean }) => {
      const ctx = context();
      const { workspace, problems } = await loadWorkspace(ctx.workspaceDir);
      if (!workspace) {
        if (ctx.out.json) ctx.out.printJson({ ok: false, problems });
        throw problemsError(problems);
      }
      const counts = { use_cases: workspace.useCases.length, datasets: workspace.datasets.length, sources: workspace.sources.length };
      const connected = opts.connect ? await checkSourcePrivileges(ctx, workspace, [], {}) : undefined;
      if (ctx.out.json) ctx.out.printJson({ ok: true, problems: [], ...counts, ...(connected ? { source_privileges: connected.results } : {}) });
      ctx.out.line(
        `${ctx.out.c.green('ok')}: ${workspace.config.organisation}: ${counts.use_cases} use cases, ${counts.datasets} datasets, ${counts.sources} sources`,
      );
      if (connected) {
        printSourcePrivileges(ctx, connected.results);
        setExit(connected.exitCode);
      }
    });
};
