// What `traction export` writes: the definitions the portfolio holds. A use case proposed
// through the intake, not yet accepted by a portfolio owner and still owned by the store is left
// out: it is seen only by its author and the reviewers (proposal-visibility.ts) and neither
// ranked nor planned, so it does not belong in files a team shares through git. It stays in the
// store, and `apply` of the export leaves it alone (apply never touches store-owned definitions).
// One that `traction pull` already wrote into the files is the files' now, and is exported, so
// that the export and the files hold the same definitions.
// Archived definitions (rejected and merged proposals among them) are not exported either.
import { listDefinitions, type StoredDefinition } from '../store/definition-repository.js';
import { notAcceptedIds } from '../store/proposal-repository.js';
import type { Store } from '../store/store.js';

export interface Export {
  definitions: StoredDefinition[];
  /** Ids of the proposals left out, sorted. */
  proposalsLeftOut: string[];
}

export async function definitionsToExport(store: Store): Promise<Export> {
  const [defs, proposals] = await Promise.all([listDefinitions(store.db), notAcceptedIds(store.db)]);
  const proposal = (d: StoredDefinition) => d.kind === 'use_case' && d.owner === 'store' && proposals.has(d.id);
  return { definitions: defs.filter((d) => !proposal(d)), proposalsLeftOut: defs.filter(proposal).map((d) => d.id).sort() };
}
