// A policy field's value in a few words, for "Default: …" and the scanner's summary line.
import type { SettingInput } from './catalog-types.ts';
import type { CommonField } from './patch.ts';
import { ACTION_LABELS, DIRECTION_LABELS, ON_ERROR_LABELS } from './options.ts';

const MAX_SHOWN = 6;

function list(items: readonly string[]): string {
  if (items.length === 0) {
    return 'none';
  }
  const shown = items.slice(0, MAX_SHOWN).join(', ');
  return items.length > MAX_SHOWN ? `${shown} and ${items.length - MAX_SHOWN} more` : shown;
}

function labelled(values: readonly string[], labels: Readonly<Record<string, string>>): string {
  return list(values.map((value) => labels[value] ?? value));
}

export function describeCommon(field: CommonField, value: unknown): string {
  switch (field) {
    case 'enabled':
      return value ? 'on' : 'off';
    case 'action':
      return ACTION_LABELS[value as keyof typeof ACTION_LABELS] ?? String(value);
    case 'onError':
      return ON_ERROR_LABELS[value as keyof typeof ON_ERROR_LABELS] ?? String(value);
    case 'directions':
      return labelled(value as string[], DIRECTION_LABELS);
    case 'threshold':
      return String(value);
    case 'timeoutMs':
      return `${String(value)} ms`;
  }
}

/** `agentName` names an agent by its id (the AI scanners' scanner agent). */
export function describeSetting(
  input: SettingInput,
  value: unknown,
  agentName: (id: string) => string,
): string {
  switch (input.kind) {
    case 'lines':
      return list(value as string[]);
    case 'choices':
      return labelled(value as string[], input.options);
    case 'toggles': {
      const on = Object.entries(value as Record<string, boolean>).filter(([, enabled]) => enabled);
      return labelled(
        on.map(([kind]) => kind),
        input.options,
      );
    }
    case 'select':
      return input.options[value as string] ?? String(value);
    case 'number':
      return String(value);
    case 'text':
    case 'longText':
      return value === '' ? 'none' : `“${String(value)}”`;
    case 'agent':
      return value === '' ? 'none' : agentName(value as string);
    case 'patterns':
      return list((value as { name: string }[]).map((pattern) => pattern.name));
    case 'topics':
      return list((value as { name: string }[]).map((topic) => topic.name));
  }
}
