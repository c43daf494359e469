// Every route under /api/use-cases/:id answers 404 for a proposal the caller may not see
// (application/proposal-visibility.ts), before its body is read or validated, so a sub-resource
// (gate, evidence, KPIs, comments, usage...) cannot tell whether it exists either.
import type { FastifyInstance } from 'fastify';
import { maySeeUseCase, type Viewer } from '../application/proposal-visibility.js';
import type { Store } from '../store/store.js';
import type { Principal } from './auth/principal.js';
import { ApiError } from './errors.js';

export const viewerOf = (p: Principal): Viewer => ({ username: p.user.username, role: p.user.role });

export function hideProposalsFromOthers(app: FastifyInstance, store: Store): void {
  app.addHook('preValidation', async (request) => {
    if (!request.routeOptions.url?.startsWith('/api/use-cases/:id') || !request.principal) return;
    const id = (request.params as { id?: unknown }).id;
    if (typeof id === 'string' && !(await maySeeUseCase(store.db, id, viewerOf(request.principal)))) throw new ApiError(404, 'not_found', `no use case "${id}"`);
  });
}
