import { createBrowserRouter, Navigate } from 'react-router';
import { PageSpinner } from '../components/Spinner.tsx';
import { AuthCallbackPage } from '../features/auth/AuthCallbackPage.tsx';
import { AppLayout } from './AppLayout.tsx';
import { PublicLayout } from './PublicLayout.tsx';
import { RequireSession } from './RequireSession.tsx';
import { PageError, RouteError } from './RouteError.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

// The admin console's pages (features/admin/sections.ts lists them for the navigation).
const adminRoutes = [
  {
    path: 'users',
    lazy: async () => ({
      Component: (await import('../features/users/UsersPage.tsx')).UsersPage,
    }),
  },
  {
    path: 'users/invite',
    lazy: async () => ({
      Component: (await import('../features/people/InvitePeoplePage.tsx')).InvitePeoplePage,
    }),
  },
  {
    path: 'users/:userId',
    lazy: async () => ({ Component: (await import('../features/users/UserPage.tsx')).UserPage }),
  },
  {
    path: 'groups',
    lazy: async () => ({
      Component: (await import('../features/groups/GroupsPage.tsx')).GroupsPage,
    }),
  },
  {
    path: 'groups/:groupId',
    lazy: async () => ({
      Component: (await import('../features/groups/GroupPage.tsx')).GroupPage,
    }),
  },
  {
    path: 'agents',
    lazy: async () => ({
      Component: (await import('../features/agents/AgentsPage.tsx')).AgentsPage,
    }),
  },
  {
    path: 'agents/new',
    lazy: async () => ({
      Component: (await import('../features/agents/NewAgentPage.tsx')).NewAgentPage,
    }),
  },
  {
    path: 'agents/:agentId',
    lazy: async () => ({
      Component: (await import('../features/agents/AgentPage.tsx')).AgentPage,
    }),
  },
  {
    path: 'custom-apis',
    lazy: async () => ({
      Component: (await import('../features/tools/CustomApisPage.tsx')).CustomApisPage,
    }),
  },
  {
    path: 'custom-apis/new',
    lazy: async () => ({
      Component: (await import('../features/tools/NewCustomApiPage.tsx')).NewCustomApiPage,
    }),
  },
  {
    path: 'custom-apis/import',
    lazy: async () => ({
      Component: (await import('../features/tools/ImportOpenApiPage.tsx')).ImportOpenApiPage,
    }),
  },
  {
    path: 'custom-apis/:apiId',
    lazy: async () => ({
      Component: (await import('../features/tools/CustomApiPage.tsx')).CustomApiPage,
    }),
  },
  {
    path: 'custom-databases',
    lazy: async () => ({
      Component: (await import('../features/tools/CustomDatabasesPage.tsx')).CustomDatabasesPage,
    }),
  },
  {
    path: 'custom-databases/new',
    lazy: async () => ({
      Component: (await import('../features/tools/NewCustomDatabasePage.tsx'))
        .NewCustomDatabasePage,
    }),
  },
  {
    path: 'custom-databases/:databaseId',
    lazy: async () => ({
      Component: (await import('../features/tools/CustomDatabasePage.tsx')).CustomDatabasePage,
    }),
  },
  {
    path: 'scanners',
    lazy: async () => ({
      Component: (await import('../features/scanners/ScannerDefaultsPage.tsx')).ScannerDefaultsPage,
    }),
  },
  {
    path: 'clients',
    lazy: async () => ({
      Component: (await import('../features/clients/ClientsPage.tsx')).ClientsPage,
    }),
  },
  {
    path: 'usage',
    lazy: async () => ({ Component: (await import('../features/usage/UsagePage.tsx')).UsagePage }),
  },
  {
    path: 'logs',
    lazy: async () => ({ Component: (await import('../features/logs/LogsPage.tsx')).LogsPage }),
  },
  {
    path: 'dashboards',
    lazy: async () => ({
      Component: (await import('../features/dashboards/DashboardsPage.tsx')).DashboardsPage,
    }),
  },
  {
    path: 'dashboards/:dashboardId',
    lazy: async () => ({
      Component: (await import('../features/dashboards/DashboardPage.tsx')).DashboardPage,
    }),
  },
  {
    path: 'monitoring',
    lazy: async () => ({
      Component: (await import('../features/monitoring/IssuesPage.tsx')).IssuesPage,
    }),
  },
  {
    path: 'monitoring/rules',
    lazy: async () => ({
      Component: (await import('../features/monitoring/RulesPage.tsx')).RulesPage,
    }),
  },
  {
    path: 'monitoring/rules/new',
    lazy: async () => ({
      Component: (await import('../features/monitoring/NewRulePage.tsx')).NewRulePage,
    }),
  },
  {
    path: 'monitoring/rules/:ruleId',
    lazy: async () => ({
      Component: (await import('../features/monitoring/RulePage.tsx')).RulePage,
    }),
  },
  {
    path: 'monitoring/issues/:issueId',
    lazy: async () => ({
      Component: (await import('../features/monitoring/IssuePage.tsx')).IssuePage,
    }),
  },
  {
    path: 'compliance',
    lazy: async () => ({
      Component: (await import('../features/compliance/CompliancePage.tsx')).CompliancePage,
    }),
  },
  {
    path: 'compliance/conversations/:conversationId',
    lazy: async () => ({
      Component: (await import('../features/compliance/ConversationPage.tsx')).ConversationPage,
    }),
  },
  {
    path: 'company',
    lazy: async () => ({
      Component: (await import('../features/company/CompanyPage.tsx')).CompanyPage,
    }),
  },
  // A wrong address under /admin stays in the signed-in console, with its navigation.
  { path: '*', Component: NotFoundPage },
];

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
                      path: 'admin',
                      lazy: async () => ({
                        Component: (await import('../features/admin/AdminLayout.tsx')).AdminLayout,
                      }),
                      children: adminRoutes,
                    },
                    // Where the page was before the admin console: old links still work.
                    {
                      path: 'invite-people',
                      element: <Navigate to="/admin/users/invite" replace />,
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
