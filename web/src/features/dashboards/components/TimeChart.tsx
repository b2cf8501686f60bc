import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { Spinner } from '../../../components/Spinner.tsx';
import type { ElementResult, Metric } from '../api.ts';
import { formatMetric } from './format.ts';

// The chart library loads with the first chart, not with the app.
const LineChart = lazy(() => import('./LineChart.tsx'));

/** A metric per day as a line chart, with its figures as a table for who cannot see it. */
export function TimeChart({
  result,
  metric,
  title,
}: {
  result: ElementResult;
  metric: Metric;
  title: string;
}) {
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const dates = useMemo(() => result.dates ?? [], [result.dates]);
  const series = useMemo(() => result.series ?? [], [result.series]);
  return (
    <>
      <Suspense fallback={<Spinner label="Loading the chart…" />}>
        <LineChart
          dates={dates}
          series={series}
          label={`${title}: line chart from ${result.range.since} to ${result.range.until}; the data table has the figures`}
        />
      </Suspense>
      <button
        type="button"
        className="button-quiet button-small"
        aria-expanded={showTable}
        aria-controls={tableId}
        onClick={() => setShowTable((shown) => !shown)}
      >
        {showTable ? 'Hide data table' : 'Show data table'}
      </button>
      <div id={tableId} hidden={!showTable} className="table-scroll">
        {showTable && (
          <table className="data-table">
            <caption className="visually-hidden">{title}, per day</caption>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                {series.map((one) => (
                  <th scope="col" key={one.key} className="numeric">
                    {one.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {dates.map((day, index) => (
                <tr key={day}>
                  <th scope="row">{day}</th>
                  {series.map((one) => (
                    <td key={one.key} className="numeric">
                      {formatMetric(metric, one.values[index] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
