import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { PageSpinner } from '../../components/Spinner.tsx';

/**
 * Where the silent token request (lib/auth-token.ts) lands: fetch() reads this URL and never runs
 * the page. A person who opens it in a tab is sent on to the app.
 */
export function AuthCallbackPage() {
  const navigate = useNavigate();
  useEffect(() => {
    void navigate('/', { replace: true });
  }, [navigate]);
  return <PageSpinner />;
}
