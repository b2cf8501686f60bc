import { useRef } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useTestRule } from '../api.ts';

/** Sends a test notification to each of the rule's addresses now, and says how each went. */
export function TestRule({ ruleId }: { ruleId: string }) {
  const test = useTestRule();
  const results = useRef<HTMLDivElement>(null);
  return (
    <div className="rule-test">
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          disabled={test.isPending}
          onClick={() =>
            test.mutate(ruleId, {
              onSuccess: () => requestAnimationFrame(() => results.current?.focus()),
            })
          }
        >
          {test.isPending ? 'Sending…' : 'Send a test notification'}
        </button>
      </div>
      <ErrorNotice error={test.error} />
      {test.data && (
        <div ref={results} tabIndex={-1} role="status" className="test-results">
          <p>
            {test.data.every((result) => result.delivered)
              ? 'Every address got the test notification.'
              : 'Some addresses did not get the test notification: check them, or the receiver.'}
          </p>
          <ul>
            {test.data.map((result) => (
              <li key={result.targetId}>
                <span className="mono">{result.address}</span>:{' '}
                {result.delivered ? 'delivered' : `not delivered (${result.error ?? 'no answer'})`}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
