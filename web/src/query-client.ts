// Server state for every page: TanStack Query caches each API answer by its key, shares it
// between the pages that ask, refetches when a mutation invalidates it, and retries nothing
// that the API refused (a 4xx is an answer, not a failure of the network).
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});
