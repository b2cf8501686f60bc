import { useSuspenseQuery } from '@tanstack/react-query';
import { useSession } from '../../lib/api.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { Notice } from '../../components/Notice.tsx';
import { companySettingsQuery } from './api.ts';
import { NameSection } from './components/NameSection.tsx';
import { LogoSection } from './components/LogoSection.tsx';
import { NewUsersSection } from './components/NewUsersSection.tsx';
import { SsoSection } from './components/SsoSection.tsx';
import { SmtpSection } from './components/SmtpSection.tsx';
import './company.css';

/** /admin/company: the company's name and logo, new users, single sign-on and the mail server. */
export function CompanyPage() {
  useDocumentTitle('Company');
  const { user } = useSession();
  if (!user.roles.includes('CompanyAdmin')) {
    return (
      <div className="page">
        <h1>Company</h1>
        <Notice kind="info">
          Only company administrators change the company’s settings. Ask one of them for a change.
        </Notice>
      </div>
    );
  }
  return <CompanySettingsPage />;
}

function CompanySettingsPage() {
  const { data: settings } = useSuspenseQuery(companySettingsQuery);
  return (
    <div className="page company-page">
      <div className="page-header">
        <h1>Company</h1>
      </div>
      <p className="lead">
        Each part saves on its own and applies at once, on every server: the name and logo on the
        next page shown, single sign-on at the next sign-in, the mail server at the next mail.
      </p>
      <NameSection settings={settings} />
      <LogoSection settings={settings} />
      <NewUsersSection settings={settings} />
      <SsoSection settings={settings} />
      <SmtpSection settings={settings} />
    </div>
  );
}
