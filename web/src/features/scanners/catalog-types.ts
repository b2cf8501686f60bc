// The shapes of the scanner catalog (catalog.ts): how a setting is edited, and what the editor
// knows of a scanner. Typed by the server's OpenAPI document, so a setting the catalog names must
// be one the scanner has, and an action one the server accepts for it.
import type { ScanAction, ScannerName, ScannerPolicies, ScannerPoliciesPatch } from './api.ts';

/** How one setting is edited. */
export type SettingInput =
  /** A list of strings, one per line; `names` shows what the codes are (FR → France). */
  | { kind: 'lines'; letterCase?: 'upper' | 'lower'; names?: 'region' | 'language' }
  /** Some of the options (a list of enum values), as checkboxes. */
  | { kind: 'choices'; options: Record<string, string> }
  /** An on/off switch per option (an object of booleans), as checkboxes. */
  | { kind: 'toggles'; options: Record<string, string> }
  | { kind: 'select'; options: Record<string, string> }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'text'; letterCase?: 'upper'; maxLength: number }
  | { kind: 'longText'; maxLength: number }
  /** An agent's id, picked from every agent (or none). */
  | { kind: 'agent' }
  /** The regex scanner's patterns: name, RE2 pattern, flags, own action. */
  | { kind: 'patterns' }
  /** The topic scanner's topics: a name and its phrases. */
  | { kind: 'topics' };

export interface SettingSpec<S> {
  key: keyof S & string;
  label: string;
  hint?: string;
  input: SettingInput;
}

type ActionOf<N extends ScannerName> = NonNullable<NonNullable<ScannerPoliciesPatch[N]>['action']>;

export interface CatalogEntry<N extends ScannerName> {
  label: string;
  kind: 'general' | 'ai';
  about: string;
  /** The actions the server accepts for this scanner. */
  actions: readonly ActionOf<N>[];
  settings: readonly SettingSpec<ScannerPolicies[N]['settings']>[];
}

/** A scanner's entry as the editor reads it (the catalog's types check the names). */
export interface ScannerSpec {
  name: ScannerName;
  label: string;
  kind: 'general' | 'ai';
  about: string;
  actions: readonly ScanAction[];
  settings: readonly { key: string; label: string; hint?: string; input: SettingInput }[];
}
