import { useMutation } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { downloadExport, type ExportFormat } from '../api.ts';
import type { SearchFilters } from '../criteria.ts';

const FORMATS: readonly [ExportFormat, string][] = [
  ['csv', 'Export CSV'],
  ['jsonl', 'Export JSON Lines'],
];

/** Every event the search matches (not only the loaded ones) as a file; the server audits it. */
export function ExportSearch({ filters }: { filters: SearchFilters }) {
  const exportSearch = useMutation({ mutationFn: downloadExport });
  return (
    <div className="compliance-export">
      <div className="actions">
        {FORMATS.map(([format, label]) => (
          <button
            key={format}
            type="button"
            className="button-secondary"
            disabled={exportSearch.isPending}
            onClick={() => exportSearch.mutate({ filters, format })}
          >
            {label}
          </button>
        ))}
        <span className="muted">Every matching event, newest first, with its full text.</span>
      </div>
      {exportSearch.isSuccess && (
        <Notice kind="success">Your browser saved {exportSearch.data}.</Notice>
      )}
      <ErrorNotice error={exportSearch.error} />
    </div>
  );
}
