import { useEffect, useRef } from 'react';
import { Link, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { rulesQuery, useUpdateRule } from './api.ts';
import { useAgentName } from '../../lib/agent-names.ts';
import { describeRule } from './rule-words.ts';
import { SeverityBadge } from './components/Badges.tsx';
import { MonitoringNav } from './components/MonitoringNav.tsx';
import { deletedRuleName, FORBIDDEN } from './states.ts';
import './monitoring.css';

/** /admin/monitoring/rules: what opens issues; a rule's page changes it and who hears of it. */
export function RulesPage() {
  useDocumentTitle('Monitoring rules');
  const rules = useQuery(rulesQuery);
  const agentName = useAgentName();
  const setEnabled = useUpdateRule();
  const deleted = deletedRuleName(useLocation().state);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (deleted) {
      heading.current?.focus();
    }
  }, [deleted]);

  return (
    <div className="page monitoring-page">
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          Monitoring rules
        </h1>
        <Link className="button" to="new">
          New rule
        </Link>
      </div>
      <MonitoringNav />
      <p className="lead">
        Each rule watches the activity record as it grows and opens an issue when what it describes
        happens; its notifications announce the issue.
      </p>
      {deleted && (
        <Notice kind="success">
          The rule <strong>{deleted}</strong> is deleted, with its issues.
        </Notice>
      )}
      {rules.isPending && <Spinner label="Loading the rules…" />}
      <ErrorNotice error={rules.error} byStatus={FORBIDDEN} />
      <ErrorNotice
        error={setEnabled.error}
        byStatus={{ 404: 'This rule was deleted meanwhile: the list shows the rules left.' }}
      />
      {rules.data &&
        (rules.data.length === 0 ? (
          <div className="card empty-state">
            <p>
              No rule yet, so no issue can open. Start with one that counts blocked messages by each
              person: a few within an hour usually means someone needs a hand.
            </p>
            <Link className="button" to="new">
              Create the first rule
            </Link>
          </div>
        ) : (
          <ul className="rule-list" aria-label="Rules, by name">
            {rules.data.map((rule) => (
              <li key={rule.id} className="card rule-card">
                <h2>
                  <Link to={rule.id}>{rule.name}</Link>
                </h2>
                <p className="rule-badges">
                  <SeverityBadge severity={rule.severity} />
                  <span className={`badge ${rule.enabled ? 'rule-on' : 'rule-off'}`}>
                    {rule.enabled ? 'Enabled' : 'Disabled'}
                  </span>
                </p>
                <p className="rule-summary">{describeRule(rule.definition, agentName)}</p>
                <div className="actions">
                  <button
                    type="button"
                    className="button-secondary button-small"
                    disabled={setEnabled.isPending}
                    onClick={() => setEnabled.mutate({ ruleId: rule.id, enabled: !rule.enabled })}
                  >
                    {rule.enabled ? 'Disable' : 'Enable'}
                    <span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <Link to={`/admin/monitoring?rule=${encodeURIComponent(rule.id)}&status=all`}>
                    Issues<span className="visually-hidden"> of {rule.name}</span>
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}
