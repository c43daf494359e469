// `traction bench`: the command group for load tests of model endpoints; each subcommand
// lives in its own file.
import type { RegisterCommand } from './commands.js';
import { registerBenchMock } from './bench-mock.js';
import { registerBenchRun } from './bench-run.js';

export const registerBench: RegisterCommand = (program, context, setExit) => {
  const bench = program.command('bench').description('load-test model endpoints; SLO verdicts and cost as gate evidence');
  registerBenchRun(bench, context, setExit);
  registerBenchMock(bench, context);
};
