import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

// uPlot draws on a canvas: small (≈ 50 kB) and fast with long ranges. Loaded only with a chart.

/** Distinct in light and dark themes, in a colour-blind-safe order (Okabe–Ito). */
const COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442'];
const HEIGHT = 240;
const DAY = 86_400;
const DAY_STEPS = [1, 2, 7, 14, 28, 56, 91, 182, 365].map((days) => days * DAY);

export interface LineChartProps {
  /** UTC days, 'YYYY-MM-DD'. */
  dates: string[];
  series: { label: string; values: number[] }[];
  /** The chart's accessible name. */
  label: string;
}

export default function LineChart({ dates, series, label }: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) {
      return;
    }
    // The canvas takes the page's text colour when it draws: redrawn when the theme changes.
    const ink = () => getComputedStyle(element).color;
    const axis = { stroke: ink, grid: { stroke: 'rgba(128, 128, 128, 0.25)' } };
    const chart = new uPlot(
      {
        width: element.clientWidth,
        height: HEIGHT,
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
        scales: { x: { time: true } },
        // One line needs no legend: the element's title names it.
        legend: { show: series.length > 1 },
        // Whole days on the time axis: the data has one point a day.
        axes: [{ ...axis, incrs: DAY_STEPS }, axis],
        series: [
          {},
          ...series.map((one, index) => ({
            label: one.label,
            stroke: COLORS[index % COLORS.length],
            width: 2,
          })),
        ],
      },
      [dates.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000), ...series.map((s) => s.values)],
      element,
    );
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: element.clientWidth, height: HEIGHT }),
    );
    resize.observe(element);
    const redraw = () => chart.redraw(false, false);
    const theme = new MutationObserver(redraw);
    theme.observe(document.documentElement, { attributeFilter: ['data-theme'] });
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', redraw);
    return () => {
      scheme.removeEventListener('change', redraw);
      theme.disconnect();
      resize.disconnect();
      chart.destroy();
    };
  }, [dates, series]);
  return <div ref={box} className="line-chart" role="img" aria-label={label} />;
}
