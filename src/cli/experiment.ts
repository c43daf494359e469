// `traction experiment`: analyse a pilot experiment, or plan one.
import type { RegisterCommand } from './commands.js';
import { addExperimentAnalyze } from './experiment-analyze.js';
import { addExperimentPlan } from './experiment-plan.js';

export const registerExperiment: RegisterCommand = (program, context, setExit) => {
  const experiment = program.command('experiment').description('pilot experiments: analyse treatment vs control, plan sample size');
  addExperimentAnalyze(experiment, context, setExit);
  addExperimentPlan(experiment, context);
};
