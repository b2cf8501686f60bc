import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { rulesQuery, useDeleteRule, useForgetRule, useUpdateRule, type Rule } from './api.ts';
import { draftOf } from './rule-draft.ts';
import { useAgentName } from '../../lib/agent-names.ts';
import { describeRule } from './rule-words.ts';
import { SeverityBadge } from './components/Badges.tsx';
import { RuleForm } from './components/RuleForm.tsx';
import { RuleTargets } from './components/RuleTargets.tsx';
import { FORBIDDEN, isCreatedRule, type DeletedRuleState } from './states.ts';
import './monitoring.css';

/** /admin/monitoring/rules/:ruleId: a rule's settings, its notifications, and deleting it. */
export function RulePage() {
  const { ruleId = '' } = useParams();
  const rules = useQuery(rulesQuery);
  const rule = rules.data?.find((candidate) => candidate.id === ruleId);
  useDocumentTitle(rule ? `${rule.name} – Monitoring rules` : 'Monitoring rule');
  return (
    <div className="page monitoring-page">
      <p className="breadcrumb">
        <Link to="/admin/monitoring/rules">All rules</Link>
      </p>
      {rules.isPending && <Spinner label="Loading the rule…" />}
      <ErrorNotice error={rules.error} byStatus={FORBIDDEN} />
      {rules.data && !rule && (
        <Notice kind="error">
          This rule does not exist (any more): it may have been deleted. Go back to all rules.
        </Notice>
      )}
      {rule && <RuleView key={rule.id} rule={rule} />}
    </div>
  );
}

function RuleView({ rule }: { rule: Rule }) {
  const agentName = useAgentName();
  const created = isCreatedRule(useLocation().state);
  const navigate = useNavigate();
  const update = useUpdateRule();
  const remove = useDeleteRule();
  const forget = useForgetRule();
  const [deleting, setDeleting] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (created) {
      heading.current?.focus();
    }
  }, [created]);

  return (
    <>
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          {rule.name}
        </h1>
      </div>
      <p className="rule-badges">
        <SeverityBadge severity={rule.severity} />
        <span className={`badge ${rule.enabled ? 'rule-on' : 'rule-off'}`}>
          {rule.enabled ? 'Enabled' : 'Disabled'}
        </span>
      </p>
      <p className="rule-summary">{describeRule(rule.definition, agentName)}</p>
      <p>
        <Link to={`/admin/monitoring?rule=${encodeURIComponent(rule.id)}&status=all`}>
          The issues this rule opened
        </Link>
      </p>
      {created && (
        <Notice kind="success">
          The rule is created and watches new activity. Choose who is notified of its issues below.
        </Notice>
      )}
      <RuleTargets rule={rule} />
      <RuleForm
        initial={draftOf(rule)}
        label="Rule settings"
        heading="Settings"
        submitLabel="Save rule"
        pendingLabel="Saving…"
        pending={update.isPending}
        error={update.error}
        onSubmit={(body) => update.mutate({ ruleId: rule.id, ...body })}
        onEdit={() => update.reset()}
      >
        {update.isSuccess && (
          <Notice kind="success">Saved. Issues already open keep their title and severity.</Notice>
        )}
      </RuleForm>
      <section className="card danger-zone" aria-labelledby="rule-delete">
        <h2 id="rule-delete">Delete the rule</h2>
        <p>
          Its issues, their history and its notifications are deleted with it. To stop it for a
          while, disable it instead.
        </p>
        <button
          type="button"
          className="button-secondary danger-text"
          onClick={() => setDeleting(true)}
        >
          Delete rule
        </button>
      </section>
      {deleting && (
        <ConfirmDialog
          title={`Delete “${rule.name}”?`}
          confirmLabel="Delete rule"
          workingLabel="Deleting…"
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await remove.mutateAsync(rule.id);
            await navigate('/admin/monitoring/rules', {
              state: { deletedRule: rule.name } satisfies DeletedRuleState,
            });
            await forget(rule.id);
          }}
        >
          Its issues, their history and its notifications are deleted with it.
        </ConfirmDialog>
      )}
    </>
  );
}
