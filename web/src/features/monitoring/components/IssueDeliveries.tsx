import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { deliveriesQuery } from '../api.ts';

const STATUS_WORDS = { pending: 'Being sent', delivered: 'Delivered', failed: 'Failed' } as const;

/** Who was told the issue opened (the rule's notifications), and whether it reached them. */
export function IssueDeliveries({ issueId }: { issueId: string }) {
  const deliveries = useQuery(deliveriesQuery(issueId));
  return (
    <section className="card" aria-labelledby="issue-deliveries">
      <h2 id="issue-deliveries">Notifications</h2>
      <ErrorNotice error={deliveries.error} />
      {deliveries.data &&
        (deliveries.data.length === 0 ? (
          <p className="muted">
            Nobody was notified: the rule had no notification when this issue opened. Add one on the
            rule&apos;s page.
          </p>
        ) : (
          <ul className="item-list">
            {deliveries.data.map((delivery) => (
              <li key={delivery.id}>
                <div>
                  <span className="mono">{delivery.address}</span>
                  <div className="muted">
                    {delivery.kind === 'webhook' ? 'Webhook' : 'Email'} ·{' '}
                    {delivery.attempts === 1 ? '1 attempt' : `${delivery.attempts} attempts`}
                    {delivery.nextAttemptAt &&
                      ` · next attempt ${formatDateTime(delivery.nextAttemptAt)}`}
                    {delivery.lastError && ` · ${delivery.lastError}`}
                  </div>
                </div>
                <span className={`badge delivery-${delivery.status}`}>
                  {STATUS_WORDS[delivery.status]}
                </span>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
