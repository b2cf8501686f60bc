import { Type, type TObject, type TBoolean } from 'typebox';

/**
 * The `types` setting of a scanner that reports several kinds of finding: one switch per kind,
 * each with its default and what it finds, so admins turn one kind off without listing the rest.
 */
export function typeTogglesSchema<T extends string>(
  kinds: Record<T, { description: string; enabled: boolean }>,
): TObject<Record<T, TBoolean>> {
  const entries = Object.entries(kinds) as [T, { description: string; enabled: boolean }][];
  const properties = Object.fromEntries(
    entries.map(([kind, { description, enabled }]) => [
      kind,
      Type.Boolean({ default: enabled, description }),
    ]),
  ) as Record<T, TBoolean>;
  const defaults = Object.fromEntries(entries.map(([kind, { enabled }]) => [kind, enabled]));
  return Type.Object(properties, {
    default: defaults,
    description: 'Which kinds of finding to look for: true looks, false ignores.',
  });
}
