import { useDocumentTitle } from '../../components/use-document-title.ts';
import { RequireAdmin } from '../users/components/RequireAdmin.tsx';
import { PricesSection } from './PricesSection.tsx';
import { BudgetsSection } from './BudgetsSection.tsx';
import '../users/users.css';

/** /admin/usage: model prices and the budgets that cap spend (CompanyAdmin). */
export function UsagePage() {
  return (
    <RequireAdmin title="Usage & budgets">
      <UsagePageContent />
    </RequireAdmin>
  );
}

function UsagePageContent() {
  useDocumentTitle('Usage & budgets');
  return (
    <div className="page people-admin">
      <h1>Usage &amp; budgets</h1>
      <p className="lead">
        What each model costs, and how much a person, a group or an agent may spend.
      </p>
      <PricesSection />
      <BudgetsSection />
    </div>
  );
}
