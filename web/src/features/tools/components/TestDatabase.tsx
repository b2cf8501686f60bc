import { useId } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useTestDatabase } from '../api.ts';

/**
 * Test connection: connects with the saved settings, has every query planned, and lists what
 * the role could do beyond reading (each a reason to connect as a read-only role).
 */
export function TestDatabase({ databaseId }: { databaseId: string }) {
  const headingId = useId();
  const test = useTestDatabase();
  const result = test.data;
  const warnings = result?.warnings ?? [];
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId} className="tab-heading">
        Test connection
      </h2>
      <p className="muted">
        Connects as the agents would, with the saved settings (save your changes first), and has
        PostgreSQL check each query without running it.
      </p>
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          disabled={test.isPending}
          onClick={() => test.mutate(databaseId)}
        >
          {test.isPending ? 'Connecting…' : 'Test connection'}
        </button>
      </div>
      <div aria-live="polite" className="test-call-result">
        {!test.isPending && result?.ok && (
          <div className="notice notice-success">
            <strong>Connected.</strong> Every query can run.
          </div>
        )}
        {!test.isPending && result && !result.ok && (
          <div className="notice notice-error">
            <strong>The test failed:</strong> {result.error ?? 'no reason was given.'}
          </div>
        )}
        {!test.isPending && warnings.length > 0 && (
          <div className="notice notice-info">
            <p>
              <strong>Warning:</strong> the role can do more than read. Connect as a read-only role
              instead:
            </p>
            <ul>
              {warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          </div>
        )}
        {!test.isPending && <ErrorNotice error={test.error} />}
      </div>
    </section>
  );
}
