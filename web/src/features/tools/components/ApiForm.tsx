import { useId } from 'react';
import { Field } from '../../../components/Field.tsx';
import { apiDraftErrors, apiInputOf, type ApiDraft, type ApiInput } from '../api-draft.ts';
import { HTTP_METHODS, MAX_TOOL_RESPONSE_BYTES, MAX_TOOL_TIMEOUT_MS } from '../tool-words.ts';
import { AuthFields } from './AuthFields.tsx';
import { ParametersTable } from './ParametersTable.tsx';
import { NameAndDescription, ToolForm, useToolDraft, type ToolFormProps } from './ToolForm.tsx';

interface Props extends ToolFormProps<ApiInput> {
  initial: ApiDraft;
}

/**
 * A custom API: what it is and where it is, its parameters, its authentication and what of its
 * answer the model gets.
 */
export function ApiForm({ initial, onSubmit, onEdit, ...shown }: Props) {
  const { draft, edit, errors, frame } = useToolDraft(initial, apiDraftErrors, apiInputOf, {
    onSubmit,
    onEdit,
  });
  const aboutId = useId();
  const responseId = useId();
  return (
    <ToolForm frame={frame} {...shown}>
      <section className="card stack" aria-labelledby={aboutId}>
        <h2 id={aboutId} className="tab-heading">
          The API
        </h2>
        <NameAndDescription
          draft={draft}
          errors={errors}
          edit={edit}
          nameHint="The tool's name as the model sees it, such as get_weather."
          descriptionHint="What the API does and when to call it: the model decides from this alone."
        />
        <div className="endpoint-row">
          <div className="field endpoint-method">
            <label htmlFor={`${aboutId}-method`}>Method</label>
            <select
              id={`${aboutId}-method`}
              value={draft.method}
              onChange={(event) => edit({ method: event.target.value as ApiDraft['method'] })}
            >
              {HTTP_METHODS.map((method) => (
                <option key={method}>{method}</option>
              ))}
            </select>
          </div>
          <Field
            label="Base URL"
            type="url"
            required
            maxLength={2000}
            autoComplete="off"
            spellCheck={false}
            className="mono"
            value={draft.baseUrl}
            error={errors.baseUrl}
            onChange={(event) => edit({ baseUrl: event.target.value })}
            hint="Calls go to this host only."
          />
          <Field
            label="Path"
            maxLength={2000}
            autoComplete="off"
            spellCheck={false}
            className="mono"
            placeholder="/orders/{orderId}"
            value={draft.path}
            error={errors.path}
            onChange={(event) => edit({ path: event.target.value })}
            hint="Added to the base URL; {name} marks a path parameter."
          />
        </div>
      </section>
      <ParametersTable
        value={draft.parameters}
        errors={errors}
        onChange={(parameters) => edit({ parameters })}
      />
      <AuthFields value={draft.auth} errors={errors} onChange={(auth) => edit({ auth })} />
      <section className="card stack" aria-labelledby={responseId}>
        <h2 id={responseId} className="tab-heading">
          Response
        </h2>
        <Field
          label="JSONPath (optional)"
          maxLength={1000}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          className="mono"
          placeholder="$.items[*].name"
          value={draft.responsePath}
          onChange={(event) => edit({ responsePath: event.target.value })}
          hint="What of a JSON answer the model gets (RFC 9535); empty: all of it. Other answers are passed as text."
        />
        <div className="form-grid">
          <Field
            label="Largest response (KB)"
            type="number"
            inputMode="decimal"
            min={1}
            max={MAX_TOOL_RESPONSE_BYTES / 1024}
            step="any"
            required
            value={draft.maxResponseKb}
            error={errors.maxResponseKb}
            onChange={(event) => edit({ maxResponseKb: event.target.value })}
            hint="A longer answer makes the call fail (it is not cut). 1 KB = 1024 bytes."
          />
          <Field
            label="Timeout (seconds)"
            type="number"
            inputMode="decimal"
            min={0.1}
            max={MAX_TOOL_TIMEOUT_MS / 1000}
            step="any"
            required
            value={draft.timeoutSeconds}
            error={errors.timeoutSeconds}
            onChange={(event) => edit({ timeoutSeconds: event.target.value })}
            hint="For the whole call, connection to last byte."
          />
        </div>
      </section>
    </ToolForm>
  );
}
