import { useId, useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field.tsx';
import {
  DIMENSIONS,
  KINDS,
  METRICS,
  metricLabel,
  type DashboardElement,
  type Dimension,
  type ElementKind,
  type Metric,
} from '../api.ts';

/** The form that adds an element: its kind, metric, dimension (top N and charts) and title. */
export function AddElement({ onAdd }: { onAdd: (element: DashboardElement) => void }) {
  const [kind, setKind] = useState<ElementKind>('topN');
  const [metric, setMetric] = useState<Metric>('messages');
  const [dimension, setDimension] = useState<Dimension | ''>('agent');
  const [title, setTitle] = useState('');
  const ids = useId();
  const usesDimension = kind === 'topN' || kind === 'chart';
  const needsDimension = kind === 'topN';
  // A top N needs a dimension: the chart's "nothing" falls back to users.
  const chosenDimension = needsDimension && !dimension ? 'user' : dimension;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const split = usesDimension ? chosenDimension || undefined : undefined;
    const dimensionLabel = DIMENSIONS.find((one) => one.value === split)?.label.toLowerCase();
    const fallback =
      kind === 'totals'
        ? 'Totals'
        : `${metricLabel(metric)}${dimensionLabel ? ` by ${dimensionLabel}` : ''}${kind === 'map' ? ' by country' : ''}`;
    onAdd({
      title: title.trim() || fallback,
      query: {
        kind,
        metric,
        ...(split ? { dimension: split } : {}),
        ...(kind === 'topN' ? { limit: 10 } : {}),
      },
    });
    setTitle('');
  };

  return (
    <form className="card add-element" onSubmit={submit}>
      <h2>Add an element</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${ids}-kind`}>Kind</label>
          <select
            id={`${ids}-kind`}
            value={kind}
            onChange={(event) => setKind(event.target.value as ElementKind)}
          >
            {KINDS.map((one) => (
              <option key={one.value} value={one.value}>
                {one.label}
              </option>
            ))}
          </select>
        </div>
        {kind !== 'totals' && (
          <div className="field">
            <label htmlFor={`${ids}-metric`}>Metric</label>
            <select
              id={`${ids}-metric`}
              value={metric}
              onChange={(event) => setMetric(event.target.value as Metric)}
            >
              {METRICS.map((one) => (
                <option key={one.value} value={one.value}>
                  {one.label}
                </option>
              ))}
            </select>
          </div>
        )}
        {usesDimension && (
          <div className="field">
            <label htmlFor={`${ids}-dimension`}>{needsDimension ? 'By' : 'Split by'}</label>
            <select
              id={`${ids}-dimension`}
              value={chosenDimension}
              required={needsDimension}
              onChange={(event) => setDimension(event.target.value as Dimension | '')}
            >
              {!needsDimension && <option value="">Nothing (one line)</option>}
              {DIMENSIONS.map((one) => (
                <option key={one.value} value={one.value}>
                  {one.label}
                </option>
              ))}
            </select>
          </div>
        )}
        <Field
          label="Title"
          value={title}
          maxLength={100}
          placeholder="Named after what it shows"
          onChange={(event) => setTitle(event.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button-secondary">
          Add element
        </button>
      </div>
    </form>
  );
}
