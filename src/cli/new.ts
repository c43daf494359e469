// `traction new usecase --template ID [--id ...] [--title ...]`: a use-case file written into
// the workspace from a template (src/templates/use-case-file.ts), checked as `traction
// validate` checks it, never over an existing file. `--list-templates` lists the library.
import type { RegisterCommand } from './commands.js';
import { requireWorkspace } from './context.js';
import { CliError } from './output.js';
import { libraryForCli, printTemplateList, templateOrError } from './templates.js';
import { idSchema } from '../domain/common.js';
import { TemplateUseError, writeUseCaseFromTemplate } from '../templates/use-case-file.js';

interface NewUseCaseOptions {
  template?: string;
  listTemplates?: boolean;
  id?: string;
  title?: string;
  owner?: string;
  sponsor?: string;
  team?: string;
}

export const registerNew: RegisterCommand = (program, context) => {
  const create = program.command('new').description('create a definition in the workspace');
  create
    .command('usecase')
    .description('write a use case from a template into usecases/ (never over an existing file)')
    .option('--template <id>', 'the template to start from (see traction templates)')
    .option('--list-templates', 'list the templates and stop')
    .option('--id <id>', "the new use case's id and file name (default: the template's id)")
    .option('--title <title>', 'its title (default: the template\'s)')
    .option('--owner <owner>', 'who owns it (default: unassigned)')
    .option('--sponsor <sponsor>', 'who sponsors it (default: unassigned)')
    .option('--team <team>', 'the team that delivers it (default: the team whose skills fit best)')
    .action(async (opts: NewUseCaseOptions) => {
      const ctx = context();
      const library = await libraryForCli();
      if (opts.listTemplates) return printTemplateList(ctx.out, library);
      if (opts.template === undefined) throw new CliError('give --template ID (or --list-templates to see them)');
      const template = templateOrError(library, opts.template);
      if (opts.id !== undefined && !idSchema.safeParse(opts.id).success)
        throw new CliError(`--id "${opts.id}" is not an id: lower-case letters, digits, "-" or "_", starting with a letter`);
      for (const [name, value] of [['title', opts.title], ['owner', opts.owner], ['sponsor', opts.sponsor]] as const)
        if (value !== undefined && value.trim() === '') throw new CliError(`--${name} is empty`);
      const ws = await requireWorkspace(ctx);
      try {
        const written = await writeUseCaseFromTemplate(ws, template, { id: opts.id, title: opts.title?.trim(), owner: opts.owner?.trim(), sponsor: opts.sponsor?.trim(), team: opts.team });
        if (ctx.out.json) return ctx.out.printJson({ file: written.file, id: written.id, team: written.team, template: template.id, missing_datasets: written.missingDatasets.map((d) => d.id) });
        ctx.out.line(`wrote ${written.file} from the template "${template.id}" (team ${written.team})`);
        for (const d of written.missingDatasets) ctx.out.line(`  suggested dataset "${d.id}" is not in the workspace: ${d.description}`);
        ctx.out.line(`next: set owner and sponsor, replace the numbers with your own (each says what it rests on), then traction validate`);
      } catch (e) {
        if (e instanceof TemplateUseError) throw new CliError(e.message, 2, e.problems);
        throw e;
      }
    });
};
