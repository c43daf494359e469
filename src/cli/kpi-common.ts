// Shared by the `traction kpi` subcommands: finding a use case and KPI in the workspace with
// helpful errors (a use case's stored series are src/application/impact.ts `storedKpis`).
import type { Kpi, UseCase } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import { closest } from '../workspace/schema-keys.js';
import { CliError } from './output.js';

function unknown(what: string, name: string, known: string[]): CliError {
  const s = closest(name, known);
  return new CliError(`unknown ${what} "${name}"${s ? ` (did you mean "${s}"?)` : ` (known: ${known.join(', ') || 'none'})`}`);
}

export function findUseCase(ws: Workspace, id: string): UseCase {
  const u = ws.useCases.find((x) => x.id === id);
  if (!u) throw unknown('use case', id, ws.useCases.map((x) => x.id));
  return u;
}

export function findKpi(u: UseCase, id: string): Kpi {
  const k = u.kpis.find((x) => x.id === id);
  if (!k) throw unknown(`KPI of use case "${u.id}"`, id, u.kpis.map((x) => x.id));
  return k;
}

/** use case id -> its KPI ids, for validating imports. */
export function kpiIndex(ws: Workspace): Map<string, string[]> {
  return new Map(ws.useCases.map((u) => [u.id, u.kpis.map((k) => k.id)]));
}

/** `--at` or today, as YYYY-MM-DD. */
export function dateOrToday(at: string | undefined, now: Date): string {
  return at ?? now.toISOString().slice(0, 10);
}
