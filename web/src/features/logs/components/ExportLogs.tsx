import { useMutation } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { downloadLogs, EXPORT_LIMIT } from '../api.ts';
import type { LogFilters } from '../filters.ts';

/** Export CSV: the filtered log (not only this page) as a file. */
export function ExportLogs({ filters }: { filters: LogFilters }) {
  const exportLogs = useMutation({ mutationFn: downloadLogs });
  return (
    <div className="log-export">
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          disabled={exportLogs.isPending}
          onClick={() => exportLogs.mutate(filters)}
        >
          {exportLogs.isPending ? 'Exporting…' : 'Export CSV'}
        </button>
        <span className="muted">
          Every event that matches the filters, newest first, up to{' '}
          {EXPORT_LIMIT.toLocaleString('en-US')} rows: narrow the dates for older ones.
        </span>
      </div>
      {exportLogs.isSuccess && (
        <Notice kind="success">Your browser saved {exportLogs.data}.</Notice>
      )}
      <ErrorNotice
        error={exportLogs.error}
        byStatus={{
          403: 'Only company administrators and compliance officers can export the log.',
        }}
      />
    </div>
  );
}
