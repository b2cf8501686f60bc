import type { ElementResult } from '../api.ts';

type Row = NonNullable<ElementResult['rows']>[number];

/**
 * Ranked values (top N, or countries for a map) as a table with a bar each: the bar is drawn
 * with CSS only and hidden from screen readers, which read the number.
 */
export function RankedTable({
  rows,
  caption,
  keyHeading,
  valueHeading,
  format,
}: {
  rows: Row[];
  caption: string;
  keyHeading: string;
  valueHeading: string;
  format: (value: number) => string;
}) {
  if (rows.length === 0) {
    return <p className="muted">Nothing recorded in this range.</p>;
  }
  const largest = Math.max(...rows.map((row) => row.value), 0);
  return (
    <div className="table-scroll">
      <table className="data-table ranked-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{keyHeading}</th>
            <th scope="col" className="numeric">
              {valueHeading}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label || 'Unknown'}</th>
              <td className="numeric">
                <div className="ranked-cell">
                  <span className="ranked-value">{format(row.value)}</span>
                  <meter
                    className="ranked-bar"
                    aria-hidden="true"
                    min={0}
                    max={largest || 1}
                    value={row.value}
                  />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
