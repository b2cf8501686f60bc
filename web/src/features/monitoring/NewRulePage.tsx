import { Link, useNavigate } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useCreateRule } from './api.ts';
import { NEW_RULE } from './rule-draft.ts';
import { RuleForm } from './components/RuleForm.tsx';
import type { CreatedRuleState } from './states.ts';
import './monitoring.css';

/** /admin/monitoring/rules/new: a rule of any kind; then its page, to add notifications. */
export function NewRulePage() {
  useDocumentTitle('New monitoring rule');
  const create = useCreateRule();
  const navigate = useNavigate();
  return (
    <div className="page monitoring-page">
      <p className="breadcrumb">
        <Link to="/admin/monitoring/rules">All rules</Link>
      </p>
      <h1>New monitoring rule</h1>
      <p className="lead">
        The rule applies to activity recorded from now on. Next, choose who is notified when it
        opens an issue.
      </p>
      <RuleForm
        initial={NEW_RULE}
        label="New rule"
        submitLabel="Create rule"
        pendingLabel="Creating…"
        pending={create.isPending}
        error={create.error}
        onSubmit={(body) =>
          create.mutate(body, {
            onSuccess: (rule) =>
              void navigate(`/admin/monitoring/rules/${rule.id}`, {
                state: { created: true } satisfies CreatedRuleState,
              }),
          })
        }
        onEdit={() => create.reset()}
      />
    </div>
  );
}
