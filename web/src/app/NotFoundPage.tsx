import { Link } from 'react-router';
import { useDocumentTitle } from '../components/use-document-title.ts';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <div className="card auth-card">
      <h1>Page not found</h1>
      <p>This address is not a page of AIRisk. Check the link, or start again from the chat.</p>
      <p>
        <Link to="/chat">Go to the chat</Link>
      </p>
    </div>
  );
}
