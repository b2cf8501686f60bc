import { Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useOptionalSession } from '../lib/api.ts';
import { PageSpinner } from '../components/Spinner.tsx';
import { signInPath } from './sign-in-path.ts';

function SessionGate() {
  const session = useOptionalSession();
  const location = useLocation();
  if (!session) {
    return <Navigate to={signInPath(location)} replace />;
  }
  return <Outlet />;
}

/** The app's pages need a live session: without one the person signs in first. */
export function RequireSession() {
  return (
    <Suspense fallback={<PageSpinner />}>
      <SessionGate />
    </Suspense>
  );
}
