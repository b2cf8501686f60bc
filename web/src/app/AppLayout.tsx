import { Suspense, useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../lib/api.ts';
import { PageSpinner } from '../components/Spinner.tsx';
import { ThemeToggle } from '../components/ThemeToggle.tsx';
import { SkipLink } from './SkipLink.tsx';
import { sectionsFor } from '../features/admin/sections.ts';
import { CompanyBrand } from '../features/company/CompanyBrand.tsx';

/**
 * Moving to another part of the app (Chat → Account) puts the keyboard and screen-reader focus
 * at the start of the new page, as a page load would; moves inside a part keep their focus.
 */
function useFocusOnSectionChange() {
  const main = useRef<HTMLElement>(null);
  const section = useLocation().pathname.split('/')[1];
  const previous = useRef(section);
  useEffect(() => {
    if (previous.current !== section) {
      previous.current = section;
      main.current?.focus();
    }
  }, [section]);
  return main;
}

/** The signed-in shell: header with the product, the pages this person may use, sign-out. */
export function AppLayout() {
  const { user, signOut } = useSession();
  const main = useFocusOnSectionChange();
  const hasAdminSections = sectionsFor(user.roles).length > 0;
  return (
    <div className="shell">
      <SkipLink />
      <header className="shell-header">
        <Link to="/chat" className="brand">
          <CompanyBrand />
        </Link>
        <nav aria-label="Main" className="main-nav">
          <ul>
            <li>
              <NavLink to="/chat">Chat</NavLink>
            </li>
            <li>
              <NavLink to="/account">Account</NavLink>
            </li>
            {hasAdminSections && (
              <li>
                <NavLink to="/admin">Admin</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="header-actions">
          <ThemeToggle />
          <button type="button" className="button-quiet" onClick={() => void signOut()}>
            Sign out
            <span className="visually-hidden"> ({user.email})</span>
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="shell-main">
        <Suspense fallback={<PageSpinner />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
