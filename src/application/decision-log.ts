// The decision log, once for `traction decisions`, `GET /api/decisions` and the use-case page:
// every stage transition (gate decisions, overrides flagged) and every funding decision (a
// committed roadmap scenario), oldest first. Both tables are append-only; this only reads them.
// For one use case, a funding decision is listed when its plan funded the use case or left it
// out, narrowed to that use case's line (funded for which quarters, or why left out).
import type { Kysely } from 'kysely';
import type { GateDecision } from '../domain/decision.js';
import type { FundingDecision } from '../domain/roadmap-scenario.js';
import type { Database } from '../store/database.js';
import { listDecisions } from '../store/decision-repository.js';
import { listFundingDecisions } from '../store/funding-repository.js';

export type DecisionLogEntry = ({ kind: 'stage' } & GateDecision) | ({ kind: 'funding' } & FundingDecision);

/** Every funding decision in one page: the log is read whole, as the gate decisions are. */
const ALL = { limit: Number.MAX_SAFE_INTEGER, offset: 0 };

export async function decisionLog(db: Kysely<Database>, filter: { useCaseId?: string } = {}): Promise<DecisionLogEntry[]> {
  const { useCaseId } = filter;
  const stage: DecisionLogEntry[] = (await listDecisions(db, useCaseId !== undefined ? { useCaseId } : {})).map((d) => ({ kind: 'stage', ...d }));
  const funding: DecisionLogEntry[] = [];
  // Newest first from the store; the log is oldest first.
  for (const d of (await listFundingDecisions(db, ALL)).items.reverse()) {
    if (useCaseId === undefined) funding.push({ kind: 'funding', ...d });
    else {
      const funded = d.funded.filter((f) => f.useCaseId === useCaseId);
      const leftOut = d.leftOut.filter((l) => l.useCaseId === useCaseId);
      if (funded.length + leftOut.length > 0) funding.push({ kind: 'funding', ...d, funded, leftOut });
    }
  }
  // Merge by time; a stage decision and a funding decision at the same instant keep that order.
  const out: DecisionLogEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < stage.length || j < funding.length) {
    const s = stage[i];
    const f = funding[j];
    if (s !== undefined && (f === undefined || s.at <= f.at)) {
      out.push(s);
      i += 1;
    } else if (f !== undefined) {
      out.push(f);
      j += 1;
    }
  }
  return out;
}
