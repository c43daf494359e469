// Server state for every page: TanStack Query caches each API answer by its key, shares it
// between the pages that ask, refetches when a mutation invalidates it, and retries nothing
// that the API refused (a 4xx is an answer, not a failure of the network).
import { QueryClient } from '@tanstack/react-query';
import { afterWrite, ApiError } from './api';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

// A write may change any answer (a new use case changes the list, the portfolio, the roadmap):
// after each one the server accepted, every cached answer is stale and the shown ones refetch.
// Pages still written with their own fetches are unaffected. The session is kept: logging in
// and out set it themselves.
afterWrite.add(() => void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' }));
