// `traction data ...`: the readiness commands (check, profile, history), each in its own file.
import type { RegisterCommand } from './commands.js';
import { registerDataCheck } from './data-check.js';
import { registerDataHistory } from './data-history.js';
import { registerDataProfile } from './data-profile.js';

export const registerData: RegisterCommand = (program, context, setExit) => {
  const data = program.command('data').description('data readiness: checks, profiles and metric history on the real data');
  registerDataCheck(data, context, setExit);
  registerDataProfile(data, context, setExit);
  registerDataHistory(data, context, setExit);
};
