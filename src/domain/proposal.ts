// A proposal: a use case that came in through the intake form, waiting for the portfolio
// owner's triage. Until it is accepted it is visible to reviewers and its author only, and
// neither ranked nor planned (src/server/stored-workspace.ts `portfolioWorkspace`).
import { z } from 'zod';
import { idSchema } from './common.js';

export const PROPOSAL_STATUSES = ['proposed', 'changes_requested', 'accepted', 'rejected', 'merged'] as const;
export const proposalStatusSchema = z.enum(PROPOSAL_STATUSES);
export type ProposalStatus = z.infer<typeof proposalStatusSchema>;

/** Statuses in which the author may still edit the proposal. */
export const OPEN_STATUSES: readonly ProposalStatus[] = ['proposed', 'changes_requested'];

export interface Proposal {
  useCaseId: string;
  author: string;
  status: ProposalStatus;
  /** The reviewer's comment (changes asked) or reason (rejection). */
  comment: string | null;
  mergedInto: string | null;
  version: number;
  proposedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  updatedAt: string;
}

const note = (what: string) => z.string().trim().min(3, `say in a few words ${what} (at least 3 characters)`).max(2000, 'at most 2,000 characters');

/** What a portfolio owner decides on a proposal. */
export const proposalDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('accept') }),
  z.strictObject({ decision: z.literal('request_changes'), comment: note('what should change') }),
  z.strictObject({ decision: z.literal('reject'), reason: note('why it is rejected') }),
  z.strictObject({ decision: z.literal('merge'), into: idSchema.describe('the use case it duplicates'), comment: note('what it adds').optional() }),
]);
export type ProposalDecision = z.infer<typeof proposalDecisionSchema>;
