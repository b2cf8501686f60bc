import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Field } from '../../../components/Field.tsx';
import { savedSearchesQuery, useDeleteSearch, useSaveSearch } from '../api.ts';
import { filtersOfCriteria, type SearchFilters } from '../criteria.ts';

/** Searches saved by name, shared by every compliance reader: save this one, load, delete. */
export function SavedSearches({
  filters,
  onLoad,
}: {
  filters: SearchFilters;
  onLoad: (filters: SearchFilters) => void;
}) {
  const saved = useQuery(savedSearchesQuery);
  const save = useSaveSearch();
  const remove = useDeleteSearch();
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ name: name.trim(), filters }, { onSuccess: () => setName('') });
  };
  return (
    <section className="card saved-searches" aria-labelledby="saved-searches-heading">
      <h2 id="saved-searches-heading">Saved searches</h2>
      {saved.data && saved.data.length > 0 && (
        <ul className="item-list">
          {saved.data.map((search) => (
            <li key={search.id}>
              <button
                type="button"
                className="button-quiet"
                onClick={() => onLoad(filtersOfCriteria(search.criteria))}
              >
                {search.name}
              </button>
              <button
                type="button"
                className="button-quiet button-small"
                aria-label={`Delete ${search.name}`}
                disabled={remove.isPending}
                onClick={() => remove.mutate(search.id)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="actions" onSubmit={submit}>
        <Field
          label="Name of this search"
          required
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" className="button-secondary" disabled={save.isPending}>
          Save search
        </button>
      </form>
      <ErrorNotice error={saved.error ?? save.error ?? remove.error} />
    </section>
  );
}
