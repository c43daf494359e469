// `traction schema`: the JSON Schema of a definition file, generated from the zod schemas.
import { Option } from 'commander';
import type { RegisterCommand } from './commands.js';
import { jsonSchemaFor, SCHEMA_FILES, type SchemaKind } from '../workspace/json-schema.js';
import { writeSchemas } from '../workspace/write-workspace.js';

export const registerSchema: RegisterCommand = (program, context) => {
  program
    .command('schema')
    .description('print the JSON Schema of a definition file, or write all of them with --out')
    .addOption(new Option('--kind <kind>', 'which file').choices(Object.keys(SCHEMA_FILES)).default('use_case'))
    .option('-o, --out <dir>', 'write every schema into DIR/schemas/')
    .action(async (opts: { kind: SchemaKind; out?: string }) => {
      const ctx = context();
      if (opts.out) {
        await writeSchemas(opts.out);
        ctx.out.info(`wrote ${Object.keys(SCHEMA_FILES).length} schemas to ${opts.out}/schemas`);
        return;
      }
      ctx.out.printJson(jsonSchemaFor(opts.kind));
    });
};
