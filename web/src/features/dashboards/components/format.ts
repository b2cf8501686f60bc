import type { Metric } from '../api.ts';

const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const dollars = new Intl.NumberFormat(undefined, {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 2,
});

/** A metric's value as people read it: dollars for cost, whole numbers otherwise. */
export function formatMetric(metric: Metric, value: number): string {
  return metric === 'cost' ? dollars.format(value) : count.format(value);
}
