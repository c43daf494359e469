// Proposals and their triage (GET/POST /api/proposals...), and how the intake form reads
// numbers here (GET /api/intake/number-format); types are aliases of the ones generated from
// the API's OpenAPI document. Server state through TanStack Query.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Answer, type Body, type Item } from './api';

export type ProposalStatus = Proposal['status'];

export type Similar = Item<Proposal['similar']>;

export type Proposal = Item<Answer<'/api/proposals'>['items']>;

export type Decision = Body<'/api/proposals/{id}/decision'>;

export type NumberFormat = Answer<'/api/intake/number-format'>;

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
