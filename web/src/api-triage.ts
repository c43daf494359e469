// Proposals and their triage (GET/POST /api/proposals...), and how the intake form reads
// numbers here (GET /api/intake/number-format). Server state through TanStack Query.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api';

export type ProposalStatus = 'proposed' | 'changes_requested' | 'accepted' | 'rejected' | 'merged';

export interface Similar {
  id: string;
  title: string;
  problem: string;
  score: number;
}

export interface Proposal {
  use_case_id: string;
  title: string;
  problem: string;
  objective: string;
  department: string;
  owner: string;
  author: string;
  status: ProposalStatus;
  comment: string | null;
  merged_into: string | null;
  merged_into_title: string | null;
  version: number;
  proposed_at: string;
  decided_at: string | null;
  decided_by: string | null;
  updated_at: string;
  similar: Similar[];
}

export type Decision = { decision: 'accept' } | { decision: 'request_changes'; comment: string } | { decision: 'reject'; reason: string } | { decision: 'merge'; into: string; comment?: string };

export interface NumberFormat {
  locale: string;
  currency: string;
  decimal: string;
  group: string;
}

/** Status names as people say them. */
export const STATUS_LABEL: Record<ProposalStatus, string> = {
  proposed: 'Waiting for review',
  changes_requested: 'Changes asked',
  accepted: 'Accepted',
  rejected: 'Rejected',
  merged: 'Merged',
};

export const useNumberFormat = () => useQuery({ queryKey: ['intake-number-format'], queryFn: () => api<NumberFormat>('/api/intake/number-format'), staleTime: Infinity });

export const useProposalsToReview = () => useQuery({ queryKey: ['proposals', 'review'], queryFn: () => api<{ items: Proposal[] }>('/api/proposals') });

export const useMyProposals = () => useQuery({ queryKey: ['proposals', 'mine'], queryFn: () => api<{ items: Proposal[] }>('/api/proposals/mine') });

export const useProposalOf = (id: string) => useQuery({ queryKey: ['proposals', 'of', id], queryFn: () => api<{ proposal: Proposal | null }>(`/api/proposals/${encodeURIComponent(id)}`) });

/** Use cases reading like the title being typed; asks only from three characters on. */
export function useSimilar(title: string, problem: string) {
  const t = title.trim();
  return useQuery({
    queryKey: ['proposals', 'similar', t, problem.trim().slice(0, 400)],
    queryFn: () => api<{ items: Similar[] }>(`/api/proposals/similar?${new URLSearchParams({ title: t, ...(problem.trim() ? { problem: problem.trim().slice(0, 400) } : {}) }).toString()}`),
    enabled: t.length >= 3,
    placeholderData: (previous) => previous,
  });
}

export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: Decision }) => api<Proposal>(`/api/proposals/${encodeURIComponent(id)}/decision`, { method: 'POST', body: decision }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['proposals'] }),
  });
}
