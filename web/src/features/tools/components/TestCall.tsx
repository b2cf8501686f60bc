import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { TextAreaField } from '../../../components/TextAreaField.tsx';
import { useTestApi, type CustomApi } from '../api.ts';
import { exampleArguments } from '../api-draft.ts';
import { parseArguments, prettyJson } from '../json-text.ts';

/**
 * Test call: one real call of the API as saved, with arguments as the model would give them;
 * shows what the model would get, or why the call failed.
 */
export function TestCall({ api }: { api: CustomApi }) {
  const headingId = useId();
  const test = useTestApi();
  const [text, setText] = useState(() => exampleArguments(api.parameters));
  const [problem, setProblem] = useState<string>();
  const result = test.data;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseArguments(text);
    if ('error' in parsed) {
      setProblem(parsed.error);
      test.reset();
      return;
    }
    setProblem(undefined);
    test.mutate({ apiId: api.id, arguments: parsed.value });
  };
  return (
    <section className="card stack test-call" aria-labelledby={headingId}>
      <h2 id={headingId} className="tab-heading">
        Test call
      </h2>
      <p className="muted">
        Calls the API as it is saved (save your changes first), with these arguments as the model
        would give them. The call is real: a POST or DELETE changes what it changes.
      </p>
      <form onSubmit={submit} className="stack" aria-label="Test call">
        <TextAreaField
          label="Arguments (JSON)"
          rows={Math.min(10, Math.max(3, text.split('\n').length))}
          className="mono"
          spellCheck={false}
          autoCapitalize="off"
          value={text}
          error={problem}
          onChange={(event) => setText(event.target.value)}
        />
        <div className="actions">
          <button type="submit" className="button-secondary" disabled={test.isPending}>
            {test.isPending ? 'Calling…' : 'Test call'}
          </button>
        </div>
      </form>
      <div aria-live="polite" className="test-call-result">
        {!test.isPending && result?.ok && (
          <div className="notice notice-success">
            <p>
              <strong>The API answered</strong> in {result.durationMs} ms. The model would get:
            </p>
            <pre className="snippet tool-output">{prettyJson(result.result ?? '')}</pre>
          </div>
        )}
        {!test.isPending && result && !result.ok && (
          <div className="notice notice-error">
            <p>
              <strong>The call failed</strong> after {result.durationMs} ms:
            </p>
            <pre className="snippet tool-output">{result.error ?? 'no reason was given.'}</pre>
          </div>
        )}
        {!test.isPending && <ErrorNotice error={test.error} />}
      </div>
    </section>
  );
}
