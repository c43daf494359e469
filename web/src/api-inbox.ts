// The caller's inbox and the comments on a use case, as src/server/routes/inbox.ts and
// routes/comments.ts answer them; query keys and mutations for TanStack Query.
import { api } from './api';

export interface InboxItem {
  kind: string;
  id: string;
  use_case: string;
  use_case_title: string;
  title: string;
  detail: string;
  href: string;
  since: string | null;
}

export interface Inbox {
  items: InboxItem[];
  sections: { kind: string; label: string; count: number }[];
  total: number;
}

export const inboxQuery = { queryKey: ['inbox'] as const, queryFn: () => api<Inbox>('/api/inbox') };

export const markMentionRead = (commentId: string) => api<{ read: true }>(`/api/inbox/mentions/${encodeURIComponent(commentId)}/read`, { method: 'POST' });

export interface Comment {
  id: string;
  use_case: string;
  author: string;
  body: string;
  created_at: string;
  mentions: string[];
}

export const COMMENT_MAX_LENGTH = 4000;

export const commentsQuery = (useCase: string) => ({
  queryKey: ['comments', useCase] as const,
  queryFn: () => api<{ items: Comment[] }>(`/api/use-cases/${encodeURIComponent(useCase)}/comments`),
});

export const addComment = (useCase: string, body: string) => api<Comment>(`/api/use-cases/${encodeURIComponent(useCase)}/comments`, { method: 'POST', body: { body } });
