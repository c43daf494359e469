// `traction validate`: load the workspace and report every problem at once; writes nothing.
import type { RegisterCommand } from './commands.js';
import { problemsError } from './context.js';
import { loadWorkspace } from '../workspace/load-workspace.js';

export const registerValidate: RegisterCommand = (program, context) => {
  program
    .command('validate')
    .description('check every definition file; report all problems with file:line:column')
    .action(async () => {
      const ctx = context();
      const { workspace, problems } = await loadWorkspace(ctx.workspaceDir);
      if (!workspace) {
        if (ctx.out.json) ctx.out.printJson({ ok: false, problems });
        throw problemsError(problems);
      }
      const counts = { use_cases: workspace.useCases.length, datasets: workspace.datasets.length, sources: workspace.sources.length };
      if (ctx.out.json) ctx.out.printJson({ ok: true, problems: [], ...counts });
      ctx.out.line(
        `${ctx.out.c.green('ok')}: ${workspace.config.organisation}: ${counts.use_cases} use cases, ${counts.datasets} datasets, ${counts.sources} sources`,
      );
    });
};
