import { createBrowserRouter, Navigate } from 'react-router';
import { PageSpinner } from '../components/Spinner.tsx';
import { AuthCallbackPage } from '../features/auth/AuthCallbackPage.tsx';
import { AppLayout } from './AppLayout.tsx';
import { PublicLayout } from './PublicLayout.tsx';
import { RequireSession } from './RequireSession.tsx';
import { PageError, RouteError } from './RouteError.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

// Every page but the shell loads on demand: the first load stays small (≤ 250 kB gzipped).
export function createAppRouter() {
  return createBrowserRouter([
    {
      HydrateFallback: PageSpinner,
      ErrorBoundary: RouteError,
      children: [
        // The silent token request lands here inside fetch(); a person never sees it.
        { path: 'auth/callback', Component: AuthCallbackPage },
        {
          Component: PublicLayout,
          children: [
            {
              path: 'signin',
              lazy: async () => ({
                Component: (await import('../features/auth/SignInPage.tsx')).SignInPage,
              }),
            },
            {
              path: 'setup',
              lazy: async () => ({
                Component: (await import('../features/auth/SetupPage.tsx')).SetupPage,
              }),
            },
            {
              path: 'invite',
              lazy: async () => ({
                Component: (await import('../features/auth/InvitePage.tsx')).InvitePage,
              }),
            },
            { path: '*', Component: NotFoundPage },
            {
              path: 'reset',
              lazy: async () => ({
                Component: (await import('../features/auth/ResetPage.tsx')).ResetPage,
              }),
            },
          ],
        },
        {
          Component: RequireSession,
          children: [
            {
              Component: AppLayout,
              children: [
                {
                  // A failing page keeps the header: the person can still go elsewhere.
                  ErrorBoundary: PageError,
                  children: [
                    { index: true, element: <Navigate to="/chat" replace /> },
                    {
                      path: 'chat/*',
                      lazy: async () => ({
                        Component: (await import('../features/chat/index.ts')).ChatPage,
                      }),
                    },
                    {
                      path: 'account',
                      lazy: async () => ({
                        Component: (await import('../features/account/AccountPage.tsx'))
                          .AccountPage,
                      }),
                    },
                    {
                      path: 'invite-people',
                      lazy: async () => ({
                        Component: (await import('../features/people/InvitePeoplePage.tsx'))
                          .InvitePeoplePage,
                      }),
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ]);
}
