import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { errorMessage } from '../lib/errors.ts';
import { useDocumentTitle } from '../components/use-document-title.ts';

function ErrorCard() {
  const error = useRouteError();
  useDocumentTitle('Something went wrong');
  // After an upgrade the old page asks for chunks that no longer exist: a reload fixes it.
  const staleChunk =
    error instanceof TypeError && /dynamically imported module|import/i.test(error.message);
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : staleChunk
      ? 'A newer version of AIRisk is available.'
      : errorMessage(error);
  return (
    <div className="card">
      <h1>Something went wrong</h1>
      <p role="alert">{message}</p>
      <p>
        <a href={location.href}>Reload the page</a> or <Link to="/">go to the start page</Link>.
      </p>
    </div>
  );
}

/** A page that failed to load or render, inside the signed-in shell (the header stays). */
export function PageError() {
  return (
    <div className="page">
      <ErrorCard />
    </div>
  );
}

/** The last resort: the shell itself failed. */
export function RouteError() {
  return (
    <main id="main" className="shell-main public-main">
      <ErrorCard />
    </main>
  );
}
