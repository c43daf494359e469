// Who owns each live definition (its file, or the store), for `traction status`. Apart from
// application/definitions.ts so that status, which reads only the store, loads no YAML code.
import type { DefinitionKind } from '../domain/workspace.js';
import { listDefinitions } from '../store/definition-repository.js';
import type { Store } from '../store/store.js';

export interface DefinitionOwnership {
  kind: DefinitionKind;
  id: string;
  owner: 'files' | 'store';
  /** A change made in the browser to a file-owned definition, not yet in its file. */
  pendingChange: boolean;
}

export async function definitionOwnership(deps: { store: Store }): Promise<DefinitionOwnership[]> {
  return (await listDefinitions(deps.store.db, { includeArchived: true }))
    .filter((d) => d.archivedAt === null || d.pending !== null)
    .map((d) => ({ kind: d.kind, id: d.id, owner: d.owner, pendingChange: d.pending !== null }));
}
