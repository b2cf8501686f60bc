import { useMemo } from 'react';
import { geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import codes from 'i18n-iso-countries/codes.json';

// A choropleth of the world by country (Natural Earth 1:110m, ≈ 100 kB): loaded only with a map
// element. The ranked table beside it is its text alternative; the map itself is one image.

const WIDTH = 960;
const HEIGHT = 470;
/** ColorBrewer "Blues", lightest to darkest: readable on light and dark surfaces. */
const SHADES = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
/** Natural Earth's ISO 3166-1 numeric ids → alpha-2, the API's country keys. */
const ALPHA2 = new Map(codes.map(([alpha2, , numeric]) => [numeric, alpha2]));
const ANTARCTICA = '010';

const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const countries = feature(topology, topology.objects.countries).features.filter(
  (country) => country.id !== ANTARCTICA,
);
const path = geoPath(
  geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: 'FeatureCollection', features: countries }),
);

export interface WorldMapProps {
  /** Values by ISO 3166-1 alpha-2 code. */
  values: Map<string, number>;
  /** The map's accessible name. */
  label: string;
  format: (value: number) => string;
}

export default function WorldMap({ values, label, format }: WorldMapProps) {
  const largest = Math.max(0, ...values.values());
  const shapes = useMemo(
    () =>
      countries.map((country) => ({
        id: String(country.id ?? country.properties.name),
        name: country.properties.name,
        code: ALPHA2.get(String(country.id)),
        d: path(country) ?? '',
      })),
    [],
  );
  return (
    <svg className="world-map" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      {shapes.map((shape) => {
        const value = shape.code ? values.get(shape.code) : undefined;
        const shade =
          value && largest > 0
            ? SHADES[Math.min(SHADES.length - 1, Math.floor((value / largest) * SHADES.length))]
            : undefined;
        return (
          <path key={shape.id} d={shape.d} className={shade ? undefined : 'no-data'} fill={shade}>
            <title>{`${shape.name}: ${value ? format(value) : 'none'}`}</title>
          </path>
        );
      })}
    </svg>
  );
}
