// runCli: parses arguments with commander, builds the context and maps errors to exit
// codes (0 ok, 1 a check or gate failed, 2 usage or configuration error, 3 the store could
// not be reached). In-process for tests.
//
// Only the command named on the line is loaded (commands.ts); every other command is a
// placeholder with its name and summary, so help lists them all and a mistyped name still
// gets a "did you mean". The store module (database drivers) is loaded by the commands that
// use it, and here only to recognise its errors.
import { Command, CommanderError, Help } from 'commander';
import { ActionError, EXIT_CODE } from '../application/errors.js';
import { COMMAND_MANIFEST, type CommandEntry } from './commands.js';
import type { CliContext, GlobalOptions } from './context.js';
import { CliError, EXIT, Output, type OutputStreams } from './output.js';

export async function runCli(argv: string[], streams: OutputStreams = process, rawEnv = process.env): Promise<number> {
  let out = new Output(streams, argv.includes('--json'), rawEnv);
  try {
    const wanted = commandNamed(argv);
    // Validated before any command runs; help alone needs no environment (nor zod).
    const env = wanted ? (await import('../env.js')).readEnv(rawEnv) : undefined;
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
      if (!env) throw new Error('a command ran without its environment');
      return { out, env, workspaceDir: g.workspace ?? process.cwd(), now: () => new Date() };
    };
    const setExit = (code: number) => (exitCode = Math.max(exitCode, code));
    const terms = new Map<string, string>();
    for (const entry of COMMAND_MANIFEST) {
      if (entry === wanted) (await entry.load())(program, context, setExit);
      else {
        program.command(entry.name).description(entry.summary);
        terms.set(entry.name, entry.term);
      }
    }
    program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? new Help().subcommandTerm(cmd) });
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    return reportError(out, e);
  }
}

/** The command the arguments name (`help X` names X), skipping the global options; none for `--help` alone or an unknown name. */
export function commandNamed(argv: readonly string[]): CommandEntry | undefined {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const a = argv[i] as string;
    if (a === '-w' || a === '--workspace') i += 1;
    else if (!a.startsWith('-')) words.push(a);
  }
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMAND_MANIFEST.find((e) => e.name === name);
}

async function reportError(out: Output, e: unknown): Promise<number> {
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
  // Loaded only now: help and usage errors must not pay for the database drivers or zod.
  const [{ StoreError, StoreUnavailableError }, { EnvError }, { MissingEnvError }] = await Promise.all([
    import('../store/store.js'),
    import('../env.js'),
    import('../workspace/env-ref.js'),
  ]);
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
