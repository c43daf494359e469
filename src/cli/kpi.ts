// `traction kpi`: record, import, refresh and show KPI measurements (one file per subcommand).
import type { RegisterCommand } from './commands.js';
import { addKpiImport } from './kpi-import.js';
import { addKpiRecord } from './kpi-record.js';
import { addKpiRefresh } from './kpi-refresh.js';
import { addKpiShow } from './kpi-show.js';

export const registerKpi: RegisterCommand = (program, context, setExit) => {
  const kpi = program.command('kpi').description('KPI baselines, measurements, progress and realised value');
  addKpiRecord(kpi, context);
  addKpiImport(kpi, context, setExit);
  addKpiRefresh(kpi, context, setExit);
  addKpiShow(kpi, context);
};
