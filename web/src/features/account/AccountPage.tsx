import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useSession } from '../../lib/api.ts';
import { ProfileSection } from './components/ProfileSection.tsx';
import { PasswordSection } from './components/PasswordSection.tsx';
import { TwoFactorSection } from './components/TwoFactorSection.tsx';
import { ProviderKeysSection } from './components/ProviderKeysSection.tsx';
import { SessionsSection } from './components/SessionsSection.tsx';

/** /account: the person's own profile, password, second factor, provider keys and sessions. */
export function AccountPage() {
  useDocumentTitle('Account');
  const { user } = useSession();
  return (
    <div className="page">
      <h1>Account</h1>
      <p className="lead">
        Signed in as <strong>{user.email}</strong>
        {user.roles.length > 0 && <> ({user.roles.join(', ')})</>}.
      </p>
      <ProfileSection />
      <PasswordSection />
      <TwoFactorSection />
      <ProviderKeysSection />
      <SessionsSection />
    </div>
  );
}
