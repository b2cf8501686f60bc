import type { Scanner } from '../../src/scanners/scanner.ts';

/** The settings a scanner's schema gives by default, property by property. */
export function schemaDefaults(scanner: Scanner): Record<string, unknown> {
  const properties = scanner.settingsSchema.properties as Record<string, { default?: unknown }>;
  return Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [key, schema.default]),
  );
}
