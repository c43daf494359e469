// The list of commands; each lives in its own file and registers itself on the program.
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { registerApply } from './apply.js';
import { registerPull } from './pull.js';
import { registerBench } from './bench.js';
import { registerData } from './data.js';
import { registerExperiment } from './experiment.js';
import { registerExport } from './export.js';
import { registerInit } from './init.js';
import { registerKpi } from './kpi.js';
import { registerPortfolio } from './portfolio.js';
import { registerRoadmap } from './roadmap.js';
import { registerSchema } from './schema.js';
import { registerServe } from './serve.js';
import { registerStatus } from './status.js';
import { registerValidate } from './validate.js';
import { registerValue } from './value.js';
import { registerGate } from './gate.js';
import { registerAdvance } from './advance.js';
import { registerSignoff } from './signoff.js';
import { registerRubric } from './rubric.js';
import { registerDecisions } from './decisions.js';
import { registerDoctor } from './doctor.js';
import { registerUsage } from './usage.js';
import { registerTelemetry } from './telemetry-import.js';
import { registerAssess } from './assess.js';
import { registerPulse } from './pulse.js';
import { registerNew } from './new.js';
import { registerTemplates } from './templates.js';

/** `setExit` raises the process exit code (e.g. 1 when a check fails) without throwing. */
export type RegisterCommand = (program: Command, context: () => CliContext, setExit: (code: number) => void) => void;

export const COMMANDS: RegisterCommand[] = [
  registerInit,
  registerNew,
  registerTemplates,
  registerValidate,
  registerDoctor,
  registerApply,
  registerPull,
  registerExport,
  registerStatus,
  registerSchema,
  registerBench,
  registerData,
  registerPortfolio,
  registerRoadmap,
  registerServe,
  registerKpi,
  registerExperiment,
  registerValue,
  registerGate,
  registerAdvance,
  registerSignoff,
  registerRubric,
  registerDecisions,
  registerUsage,
  registerTelemetry,
  registerAssess,
  registerPulse,
];
