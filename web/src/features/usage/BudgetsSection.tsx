import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { SubmitActions } from '../../components/SubmitActions.tsx';
import { EditRemoveCell } from './EditRemoveCell.tsx';
import {
  budgetsQuery,
  useDeleteBudget,
  useSaveBudget,
  type Budget,
  type BudgetInput,
} from './api.ts';

type Terms = Omit<BudgetInput, 'limit'> & { limit: string };

const EMPTY: Terms = {
  scope: 'user',
  targetId: '',
  period: 'month',
  metric: 'cost',
  limit: '',
  enforcement: 'hard',
};

const OPTIONS = {
  scope: ['user', 'group', 'agent'],
  period: ['day', 'month'],
  metric: ['cost', 'tokens'],
  enforcement: ['hard', 'soft'],
} as const;

const LABELS = {
  scope: 'Applies to',
  period: 'Period (UTC)',
  metric: 'Measures',
  enforcement: 'When used up',
} as const;

const WORDS: Record<string, string> = {
  cost: 'Cost (US dollars)',
  tokens: 'Tokens',
  hard: 'Refuse new questions',
  soft: 'Only report',
  day: 'Day',
  month: 'Month',
  user: 'A user',
  group: 'A group (its members together)',
  agent: 'An agent',
};

function amount(budget: Pick<Budget, 'metric'>, value: number): string {
  return budget.metric === 'cost'
    ? value.toLocaleString('en-US', { style: 'currency', currency: 'USD' })
    : `${value.toLocaleString('en-US')} tokens`;
}

/** Budgets with their standing this period; create, edit (the form takes the row), delete. */
export function BudgetsSection() {
  const budgets = useQuery(budgetsQuery);
  const save = useSaveBudget();
  const remove = useDeleteBudget();
  const [terms, setTerms] = useState<Terms>(EMPTY);
  const [editing, setEditing] = useState<string | undefined>();
  const set = (changes: Partial<Terms>) => setTerms((current) => ({ ...current, ...changes }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { ...terms, targetId: terms.targetId.trim(), limit: Number(terms.limit), budgetId: editing },
      {
        onSuccess: () => {
          setTerms(EMPTY);
          setEditing(undefined);
        },
      },
    );
  };
  const edit = (budget: Budget) => {
    setEditing(budget.id);
    setTerms({ ...budget, limit: String(budget.limit) });
    document.getElementById('budget-scope')?.focus();
  };

  return (
    <section className="card section" aria-labelledby="budgets-title">
      <h2 id="budgets-title">Budgets</h2>
      <p className="muted">
        A hard budget refuses a person&apos;s next question once what was spent in its day or month
        reaches the limit; it resets at the start of the next UTC day or month.
      </p>
      <ErrorNotice error={save.error ?? remove.error} />
      <form onSubmit={submit} className="stack" aria-label={editing ? 'Edit budget' : 'New budget'}>
        <div className="field-row">
          {(Object.keys(OPTIONS) as (keyof typeof OPTIONS)[]).map((name) => (
            <div className="field" key={name}>
              <label htmlFor={`budget-${name}`}>{LABELS[name]}</label>
              <select
                id={`budget-${name}`}
                value={terms[name]}
                onChange={(event) => set({ [name]: event.target.value })}
              >
                {OPTIONS[name].map((value) => (
                  <option key={value} value={value}>
                    {WORDS[value]}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <Field
            label={`${terms.scope === 'user' ? 'User' : terms.scope === 'group' ? 'Group' : 'Agent'} id`}
            required
            autoComplete="off"
            value={terms.targetId}
            onChange={(event) => set({ targetId: event.target.value })}
            hint="Copy it from the user's, group's or agent's page."
          />
          <Field
            label={terms.metric === 'cost' ? 'Limit, US dollars' : 'Limit, tokens'}
            type="number"
            min={0}
            step={terms.metric === 'cost' ? 'any' : 1}
            inputMode="decimal"
            required
            value={terms.limit}
            onChange={(event) => set({ limit: event.target.value })}
          />
        </div>
        <SubmitActions
          label={editing ? 'Save budget' : 'Create budget'}
          pendingLabel="Saving…"
          pending={save.isPending}
          disabled={!terms.targetId.trim() || !(Number(terms.limit) > 0)}
        >
          {editing && (
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setEditing(undefined);
                setTerms(EMPTY);
              }}
            >
              Cancel
            </button>
          )}
        </SubmitActions>
      </form>
      <ErrorNotice error={budgets.error} />
      {budgets.isPending && <Spinner label="Loading budgets…" />}
      {budgets.data &&
        (budgets.data.length === 0 ? (
          <p className="muted">No budgets yet: spend is recorded, but nothing is capped.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption>Budgets and what was spent this period</caption>
              <thead>
                <tr>
                  <th scope="col">Applies to</th>
                  <th scope="col">Period</th>
                  <th scope="col" className="numeric">
                    Spent / limit
                  </th>
                  <th scope="col">When used up</th>
                  <th scope="col">Resets</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {budgets.data.map((budget) => (
                  <tr key={budget.id}>
                    <th scope="row">
                      {budget.scope} <code>{budget.targetId}</code>
                    </th>
                    <td>{WORDS[budget.period]}</td>
                    <td className="numeric">
                      <meter
                        min={0}
                        max={budget.limit}
                        value={Math.min(budget.spent, budget.limit)}
                        aria-label={`Spent of the limit of budget ${budget.id}`}
                      />{' '}
                      {amount(budget, budget.spent)} / {amount(budget, budget.limit)}
                    </td>
                    <td>{WORDS[budget.enforcement]}</td>
                    <td>
                      <time dateTime={budget.resetsAt}>
                        {new Date(budget.resetsAt).toLocaleString()}
                      </time>
                    </td>
                    <EditRemoveCell
                      what={`budget of ${budget.targetId}`}
                      removeLabel="Delete"
                      removing={remove.isPending}
                      onEdit={() => edit(budget)}
                      onRemove={() => remove.mutate(budget.id)}
                    />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
