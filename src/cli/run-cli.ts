// runCli: parses arguments with commander, builds the context and maps errors to exit
// codes (0 ok, 1 a check or gate failed, 2 usage or configuration error, 3 the store could
// not be reached). In-process for tests.
import { Command, CommanderError } from 'commander';
import { ActionError, EXIT_CODE } from '../application/errors.js';
import { EnvError, readEnv } from '../env.js';
import { MissingEnvError } from '../workspace/env-ref.js';
import { StoreError, StoreUnavailableError } from '../store/store.js';
import { COMMANDS } from './commands.js';
import type { CliContext, GlobalOptions } from './context.js';
import { CliError, EXIT, Output, type OutputStreams } from './output.js';

export async function runCli(argv: string[], streams: OutputStreams = process, rawEnv = process.env): Promise<number> {
  let out = new Output(streams, argv.includes('--json'), rawEnv);
  try {
    const env = readEnv(rawEnv);
    const program = new Command('traction')
      .description('Close the AI execution gap: value, data readiness, evidence-based gates, benchmarks, realised value.')
      .option('-w, --workspace <dir>', 'the workspace folder (default: the current folder)')
      .option('--json', 'print JSON for scripts instead of tables')
      .showHelpAfterError()
      .exitOverride()
      .configureOutput({ writeOut: (s) => streams.stdout.write(s), writeErr: (s) => streams.stderr.write(s) });

    let exitCode: number = EXIT.ok;
    const context = (): CliContext => {
      const g = program.opts<GlobalOptions>();
      out = new Output(streams, g.json === true, rawEnv);
      return { out, env, workspaceDir: g.workspace ?? process.cwd(), now: () => new Date() };
    };
    for (const register of COMMANDS) register(program, context, (code) => (exitCode = Math.max(exitCode, code)));
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    return reportError(out, e);
  }
}

function reportError(out: Output, e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.usage; // commander already printed the message and the help
  }
  if (e instanceof CliError) {
    if (out.json) out.printJson({ error: e.message, details: e.details });
    out.error(e.message);
    for (const d of e.details) out.info(`  ${d}`);
    return e.exitCode;
  }
  if (e instanceof ActionError) {
    const details = e.problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
    if (out.json) out.printJson({ error: e.message, code: e.code, details });
    out.error(e.message);
    for (const d of details) out.info(`  ${d}`);
    return EXIT_CODE[e.kind];
  }
  if (e instanceof StoreUnavailableError) {
    if (out.json) out.printJson({ error: e.message, details: [] });
    out.error(e.message);
    return EXIT.unavailable;
  }
  if (e instanceof EnvError || e instanceof MissingEnvError || e instanceof StoreError) {
    out.error(e.message);
    return EXIT.usage;
  }
  const message = e instanceof Error ? e.message : String(e);
  out.error(`unexpected failure: ${message}`);
  if (process.env.TRACTION_DEBUG && e instanceof Error) out.info(e.stack ?? '');
  return EXIT.usage;
}
