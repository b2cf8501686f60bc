import { useId } from 'react';
import { Field } from '../../../components/Field.tsx';
import {
  databaseDraftErrors,
  databaseInputOf,
  type DatabaseDraft,
  type DatabaseInput,
} from '../database-draft.ts';
import { MAX_DATABASE_ROWS, MAX_TOOL_TIMEOUT_MS } from '../tool-words.ts';
import { QueriesEditor } from './QueriesEditor.tsx';
import { SecretSelect } from './SecretSelect.tsx';
import { NameAndDescription, ToolForm, useToolDraft, type ToolFormProps } from './ToolForm.tsx';

interface Props extends ToolFormProps<DatabaseInput> {
  initial: DatabaseDraft;
}

/**
 * A custom database: where it is (a secret's connection string), the admin's queries, and
 * whether the model may write its own read-only SQL, within a row cap and a statement timeout.
 */
export function DatabaseForm({ initial, onSubmit, onEdit, ...shown }: Props) {
  const { draft, edit, errors, frame } = useToolDraft(
    initial,
    databaseDraftErrors,
    databaseInputOf,
    { onSubmit, onEdit },
  );
  const aboutId = useId();
  const limitsId = useId();
  return (
    <ToolForm frame={frame} {...shown}>
      <section className="card stack" aria-labelledby={aboutId}>
        <h2 id={aboutId} className="tab-heading">
          The database
        </h2>
        <NameAndDescription
          draft={draft}
          errors={errors}
          edit={edit}
          nameHint="Begins each of its tools' names, such as warehouse_orders."
          descriptionHint="What the database holds: the model reads it with every query's own description."
        />
        <SecretSelect
          label="Connection string"
          value={draft.connectionSecret}
          onChange={(connectionSecret) => edit({ connectionSecret })}
          error={errors.connectionSecret}
          hint={
            <>
              The custom secret holding a PostgreSQL URL (
              <code>postgres://user:password@host:5432/database</code>). Use a role that can only
              read: Test connection warns when it can write.
            </>
          }
        />
      </section>
      <QueriesEditor
        databaseName={draft.name}
        value={draft.queries}
        errors={errors}
        onChange={(queries) => edit({ queries })}
      />
      <section className="card stack" aria-labelledby={limitsId}>
        <h2 id={limitsId} className="tab-heading">
          Model-written SQL and limits
        </h2>
        <label className="switch">
          <input
            type="checkbox"
            checked={draft.allowModelSql}
            onChange={(event) => edit({ allowModelSql: event.target.checked })}
            aria-describedby={`${limitsId}-sql`}
          />
          Let the model write its own SQL
        </label>
        <p className="field-hint" id={`${limitsId}-sql`}>
          Adds the tool <code>{draft.name.trim() || 'database'}_sql</code>: one SELECT of the
          model&rsquo;s, run in a read-only transaction with the limits below. The model sees what
          the role may read, so give the role only the tables it should.
        </p>
        <div className="form-grid">
          <Field
            label="Rows per query at most"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_DATABASE_ROWS}
            step={1}
            required
            value={draft.maxRows}
            error={errors.maxRows}
            onChange={(event) => edit({ maxRows: event.target.value })}
            hint={`Rows beyond it are left out and the model is told so; up to ${MAX_DATABASE_ROWS}.`}
          />
          <Field
            label="Statement timeout (seconds)"
            type="number"
            inputMode="decimal"
            min={0.1}
            max={MAX_TOOL_TIMEOUT_MS / 1000}
            step="any"
            required
            value={draft.timeoutSeconds}
            error={errors.timeoutSeconds}
            onChange={(event) => edit({ timeoutSeconds: event.target.value })}
            hint="A query running longer is cancelled."
          />
        </div>
      </section>
    </ToolForm>
  );
}
