import { useState } from 'react';
import { RouterProvider } from 'react-router/dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError, sessionQuery } from '../lib/api.ts';
import { onSignInRequired } from '../lib/auth-token.ts';
import { createAppRouter } from './router.tsx';
import { signInPath } from './sign-in-path.ts';

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; a dropped connection or a 5xx may.
        retry: (failures, error) =>
          failures < 2 && !(error instanceof ApiError && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function App() {
  const [{ queryClient, router }] = useState(() => {
    const queryClient = createQueryClient();
    const router = createAppRouter();
    // The session ended under the page (expiry, sign-out elsewhere, revoked): back to sign-in.
    onSignInRequired(() => {
      queryClient.setQueryData(sessionQuery.queryKey, null);
      void router.navigate(signInPath(router.state.location), { replace: true });
    });
    return { queryClient, router };
  });
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
