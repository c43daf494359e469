// The caller's inbox and the comments on a use case, as src/server/routes/inbox.ts and
// routes/comments.ts answer them (aliases of the types generated from the API's OpenAPI
// document); query keys and mutations for TanStack Query.
import { api, type Answer, type Item } from './api';

export type Inbox = Answer<'/api/inbox'>;
export type InboxItem = Item<Inbox['items']>;

export const inboxQuery = { queryKey: ['inbox'] as const, queryFn: () => api<Inbox>('/api/inbox') };

export const markMentionRead = (commentId: string) => api<{ read: true }>(`/api/inbox/mentions/${encodeURIComponent(commentId)}/read`, { method: 'POST' });

export type Comment = Item<Answer<'/api/use-cases/{id}/comments'>['items']>;

export const COMMENT_MAX_LENGTH = 4000;

export const commentsQuery = (useCase: string) => ({
  queryKey: ['comments', useCase] as const,
  queryFn: () => api<{ items: Comment[] }>(`/api/use-cases/${encodeURIComponent(useCase)}/comments`),
});

export const addComment = (useCase: string, body: string) => api<Comment>(`/api/use-cases/${encodeURIComponent(useCase)}/comments`, { method: 'POST', body: { body } });
