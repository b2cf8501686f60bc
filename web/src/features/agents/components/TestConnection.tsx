import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useTestConnection, type ConnectionTest } from '../api.ts';

type Test = ReturnType<typeof useTestConnection>;

/** Test connection: one real call to the provider with the settings on the form, saved or not. */
export function TestConnectionButton({
  test,
  request,
}: {
  test: Test;
  request: () => ConnectionTest;
}) {
  return (
    <button
      type="button"
      className="button-secondary"
      disabled={test.isPending}
      onClick={() => test.mutate(request())}
    >
      {test.isPending ? 'Testing…' : 'Test connection'}
    </button>
  );
}

/** The provider's answer or its error, read out when it comes. */
export function TestConnectionResult({ test }: { test: Test }) {
  const result = test.data;
  return (
    <div aria-live="polite" className="test-connection-result">
      {test.isPending && <p className="muted">Calling the provider…</p>}
      {!test.isPending && result?.ok && (
        <div className="notice notice-success">
          <strong>Connected</strong> in {result.latencyMs} ms — the model answered:{' '}
          <q className="model-answer">{result.answer ?? ''}</q>
        </div>
      )}
      {!test.isPending && result && !result.ok && (
        <div className="notice notice-error">
          <strong>The connection failed</strong> after {result.latencyMs} ms:{' '}
          {result.error ?? 'the provider gave no reason.'}
        </div>
      )}
      {!test.isPending && <ErrorNotice error={test.error} />}
    </div>
  );
}
