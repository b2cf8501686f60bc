import type { Totals } from '../api.ts';
import { formatMetric } from './format.ts';

const FIGURES: readonly { key: keyof Totals; label: string }[] = [
  { key: 'messages', label: 'Messages' },
  { key: 'prompts', label: 'Questions' },
  { key: 'answers', label: 'Answers' },
  { key: 'activeUsers', label: 'Active users' },
  { key: 'tokens', label: 'Tokens' },
  { key: 'cost', label: 'Cost' },
  { key: 'blocks', label: 'Blocked' },
  { key: 'errors', label: 'Provider errors' },
  { key: 'files', label: 'Files' },
];

/** Every total as a stat card: a description list, so each number is read with its name. */
export function TotalsCards({ totals }: { totals: Totals }) {
  return (
    <dl className="stat-cards">
      {FIGURES.map(({ key, label }) => (
        <div key={key} className="stat-card">
          <dt>{label}</dt>
          <dd>{formatMetric(key === 'cost' ? 'cost' : 'messages', totals[key])}</dd>
        </div>
      ))}
    </dl>
  );
}
