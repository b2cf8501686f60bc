import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { PageSpinner } from '../components/Spinner.tsx';
import { ThemeToggle } from '../components/ThemeToggle.tsx';
import { SkipLink } from './SkipLink.tsx';
import { CompanyBrand } from '../features/company/CompanyBrand.tsx';

/** Sign-in, set-up, invitation and reset pages: the product name and one card. */
export function PublicLayout() {
  return (
    <div className="shell">
      <SkipLink />
      <header className="shell-header">
        <span className="brand">
          <CompanyBrand />
        </span>
        <div className="header-actions">
          <ThemeToggle />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="shell-main public-main">
        <Suspense fallback={<PageSpinner />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
