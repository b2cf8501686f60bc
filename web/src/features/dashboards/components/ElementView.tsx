import { lazy, Suspense } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Spinner } from '../../../components/Spinner.tsx';
import { DIMENSIONS, elementQuery, metricLabel, type DashboardElement } from '../api.ts';
import { formatMetric } from './format.ts';
import { RankedTable } from './RankedTable.tsx';
import { TimeChart } from './TimeChart.tsx';
import { TotalsCards } from './TotalsCards.tsx';

// The world's shapes load with the first map, not with the app.
const WorldMap = lazy(() => import('./WorldMap.tsx'));

/** One element's figures over the page's range, drawn as its kind asks. */
export function ElementView({
  element,
  lastDays,
}: {
  element: DashboardElement;
  lastDays: number;
}) {
  const result = useQuery(elementQuery(element.query, lastDays));
  if (result.isPending) {
    return <Spinner label={`Loading ${element.title}…`} />;
  }
  if (result.error) {
    return <ErrorNotice error={result.error} />;
  }
  const data = result.data;
  const metric = data.metric;
  const format = (value: number) => formatMetric(metric, value);
  switch (data.kind) {
    case 'totals':
      return data.totals ? <TotalsCards totals={data.totals} /> : null;
    case 'chart':
      return <TimeChart result={data} metric={metric} title={element.title} />;
    case 'map':
      return (
        <>
          <Suspense fallback={<Spinner label="Loading the map…" />}>
            <WorldMap
              values={new Map(data.rows?.map((row) => [row.key.toUpperCase(), row.value]))}
              label={`${element.title}: world map; the table below has the figures`}
              format={format}
            />
          </Suspense>
          <RankedTable
            rows={data.rows ?? []}
            caption={`${element.title}, by country`}
            keyHeading="Country"
            valueHeading={metricLabel(metric)}
            format={format}
          />
        </>
      );
    case 'topN':
      return (
        <RankedTable
          rows={data.rows ?? []}
          caption={element.title}
          keyHeading={DIMENSIONS.find((one) => one.value === data.dimension)?.label ?? 'Name'}
          valueHeading={metricLabel(metric)}
          format={format}
        />
      );
  }
}
