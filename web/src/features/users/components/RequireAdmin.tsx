import type { ReactNode } from 'react';
import { useSession } from '../../../lib/api.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { Notice } from '../../../components/Notice.tsx';

/**
 * The Users and Groups pages are for company administrators (the API answers 403 to anyone
 * else): another person who opens one by its address is told so instead of failing buttons.
 */
export function RequireAdmin({ title, children }: { title: string; children: ReactNode }) {
  const { user } = useSession();
  if (user.roles.includes('CompanyAdmin')) {
    return children;
  }
  return <NotAdmin title={title} />;
}

function NotAdmin({ title }: { title: string }) {
  useDocumentTitle(title);
  return (
    <div className="page">
      <h1>{title}</h1>
      <Notice kind="info">
        Only a company administrator can manage {title.toLowerCase()}. Ask one of your
        administrators if you need a change.
      </Notice>
    </div>
  );
}
