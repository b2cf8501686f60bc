import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../../components/use-document-title.ts';

/** The one card a public page shows, titled for the tab and for screen readers. */
export function AuthCard({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  useDocumentTitle(title);
  return (
    <section className="card auth-card" aria-labelledby="auth-card-title">
      <h1 id="auth-card-title">{title}</h1>
      {intro && <p className="lead">{intro}</p>}
      {children}
    </section>
  );
}
