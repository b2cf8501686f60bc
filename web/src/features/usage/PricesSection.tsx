import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { SubmitActions } from '../../components/SubmitActions.tsx';
import { ENGINE_NAMES } from '../agents/engines.ts';
import { EditRemoveCell } from './EditRemoveCell.tsx';
import { pricesQuery, useDeletePrice, useSetPrice, type Price } from './api.ts';

const dollars = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 6,
});

/** Model prices per million tokens: set, edit (the form takes the row), remove. */
export function PricesSection() {
  const prices = useQuery(pricesQuery);
  const save = useSetPrice();
  const remove = useDeletePrice();
  const [engine, setEngine] = useState<Price['engine']>('openai');
  const [model, setModel] = useState('');
  const [input, setInput] = useState('');
  const [output, setOutput] = useState('');

  const edit = (price: Price) => {
    setEngine(price.engine);
    setModel(price.model);
    setInput(String(price.inputPerMillion));
    setOutput(String(price.outputPerMillion));
    document.getElementById('price-engine')?.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      engine,
      model: model.trim(),
      inputPerMillion: Number(input),
      outputPerMillion: Number(output),
    });
  };

  return (
    <section className="card section" aria-labelledby="prices-title">
      <h2 id="prices-title">Model prices</h2>
      <p className="muted">
        US dollars per million tokens. Answers are priced when they are recorded; a model without a
        price costs nothing in totals and budgets.
      </p>
      <ErrorNotice error={save.error ?? remove.error} />
      <form onSubmit={submit} className="stack">
        <div className="field-row">
          <div className="field">
            <label htmlFor="price-engine">Engine</label>
            <select
              id="price-engine"
              value={engine}
              onChange={(event) => setEngine(event.target.value as Price['engine'])}
            >
              {ENGINE_NAMES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <Field
            label="Model"
            required
            maxLength={200}
            autoComplete="off"
            value={model}
            onChange={(event) => setModel(event.target.value)}
          />
          <PerMillionField label="Input, $ per 1M tokens" value={input} onChange={setInput} />
          <PerMillionField label="Output, $ per 1M tokens" value={output} onChange={setOutput} />
        </div>
        <SubmitActions
          label="Save price"
          pendingLabel="Saving…"
          pending={save.isPending}
          disabled={!model.trim() || input === '' || output === ''}
        />
      </form>
      <ErrorNotice error={prices.error} />
      {prices.isPending && <Spinner label="Loading prices…" />}
      {prices.data &&
        (prices.data.length === 0 ? (
          <p className="muted">No prices yet: answers have no cost until their model has one.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption>Prices, by engine and model</caption>
              <thead>
                <tr>
                  <th scope="col">Engine</th>
                  <th scope="col">Model</th>
                  <th scope="col" className="numeric">
                    Input / 1M
                  </th>
                  <th scope="col" className="numeric">
                    Output / 1M
                  </th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {prices.data.map((price) => (
                  <tr key={`${price.engine}/${price.model}`}>
                    <td>{price.engine}</td>
                    <th scope="row">{price.model}</th>
                    <td className="numeric">{dollars.format(price.inputPerMillion)}</td>
                    <td className="numeric">{dollars.format(price.outputPerMillion)}</td>
                    <EditRemoveCell
                      what={`the price of ${price.model}`}
                      removeLabel="Remove"
                      removing={remove.isPending}
                      onEdit={() => edit(price)}
                      onRemove={() => remove.mutate({ engine: price.engine, model: price.model })}
                    />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

/** A price in US dollars per million tokens, as typed. */
function PerMillionField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field
      label={label}
      type="number"
      min={0}
      step="any"
      required
      inputMode="decimal"
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
