// One use case, whatever its origin (a file, an intake form, an API edit, a stored row),
// checked against the rest of its workspace exactly as `traction validate` checks it: the
// schema (validate-file.ts), references and formulas (cross-references.ts), and the
// dependency cycles it would close. Every problem is returned at once, by field path.
import { useCaseSchema, type UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { findCycles, useCaseIssues, useCaseScope } from './cross-references.js';
import { schemaIssues, type FieldIssue } from './validate-file.js';

/** The rest of the workspace a use case is checked against. Only ids and dependencies of the other use cases matter. */
export interface UseCaseContext {
  config: WorkspaceConfig;
  useCases: readonly { id: string; depends_on: readonly string[] }[];
  datasets: readonly { id: string }[];
  sources: readonly { id: string }[];
}

/**
 * `data` as a use case of the workspace in `context`; a use case of the same id in the
 * context is the one `data` replaces. `value` is set only when there is no issue.
 */
export function validateUseCase(data: unknown, context: UseCaseContext): { value?: UseCase; issues: FieldIssue[] } {
  const { value, issues } = schemaIssues(data, useCaseSchema);
  if (value === undefined) return { issues };
  // In place of the one it replaces, so lists of known ids keep the workspace's order.
  const replaces = context.useCases.some((u) => u.id === value.id);
  const graph = replaces ? context.useCases.map((u) => (u.id === value.id ? value : u)) : [...context.useCases, value];
  const scope = useCaseScope({ ...context, useCases: graph });
  const all = [...issues, ...useCaseIssues(value, scope)];
  const ids = new Set(graph.map((u) => u.id));
  const cycles = findCycles(graph.map((u) => ({ id: u.id, deps: u.depends_on.filter((d) => ids.has(d)) })));
  for (const cycle of cycles) {
    const at = cycle.indexOf(value.id);
    if (at < 0) continue;
    // Told from this use case: it is the one being written.
    const path = [...cycle.slice(at), ...cycle.slice(0, at), value.id];
    all.push({ path: ['depends_on'], message: `dependency cycle: ${path.join(' -> ')}` });
  }
  return all.length === 0 ? { value, issues: [] } : { issues: all };
}
