// What the editor knows of each scanner: its name for people, the actions the server accepts for
// it (src/scanners/*: `actions`), and how to edit each of its settings. The common fields
// (enabled, action, threshold, …) are the same for all and need no entry.
import type { ScannerName } from './api.ts';
import type { CatalogEntry, ScannerSpec } from './catalog-types.ts';
import {
  INJECTION_SIGNALS,
  PERSONAL_INFORMATION_TYPES,
  SECRET_TYPES,
  STEMMER_LANGUAGES,
  TOXICITY_CATEGORIES,
  UNKNOWN_COUNTRY_LABELS,
} from './options.ts';

const LIST_HINT = 'One per line.';

const agentSettings = [
  {
    key: 'agentId',
    label: 'Scanner agent',
    hint: 'The agent that judges each text. Without one, every scan fails and “When it fails or times out” decides.',
    input: { kind: 'agent' },
  },
  {
    key: 'instructions',
    label: 'Your own criteria (optional)',
    hint: 'Added to the built-in instructions the scanner agent gets.',
    input: { kind: 'longText', maxLength: 4000 },
  },
] as const;

const CATALOG: { [N in ScannerName]: CatalogEntry<N> } = {
  geoGating: {
    label: 'Location (geo-gating)',
    kind: 'general',
    about: "Refuses requests by the country of the client's address.",
    actions: ['flag', 'block'],
    settings: [
      {
        key: 'allowCountries',
        label: 'Allowed countries',
        hint: `Two-letter country codes such as FR. ${LIST_HINT} Empty allows every country.`,
        input: { kind: 'lines', letterCase: 'upper', names: 'region' },
      },
      {
        key: 'denyCountries',
        label: 'Blocked countries',
        hint: `Two-letter country codes. ${LIST_HINT} A blocked country wins over an allowed one.`,
        input: { kind: 'lines', letterCase: 'upper', names: 'region' },
      },
      {
        key: 'unknown',
        label: 'Unknown location',
        hint: 'Private, loopback and unlisted addresses have no known country.',
        input: { kind: 'select', options: UNKNOWN_COUNTRY_LABELS },
      },
    ],
  },
  allowedFileTypes: {
    label: 'Allowed file types',
    kind: 'general',
    about: 'Refuses uploads whose type or size is not accepted.',
    actions: ['block'],
    settings: [
      {
        key: 'mediaTypes',
        label: 'Accepted media types',
        hint: `Such as application/pdf; text/* accepts every text type. ${LIST_HINT}`,
        input: { kind: 'lines', letterCase: 'lower' },
      },
      {
        key: 'maxBytes',
        label: 'Largest upload (bytes)',
        hint: '0 leaves only the server’s own limit.',
        input: { kind: 'number', min: 0, max: 1024 ** 3 },
      },
    ],
  },
  languageDetection: {
    label: 'Language',
    kind: 'general',
    about: 'Refuses prompts written in a language that is not allowed.',
    actions: ['flag', 'block'],
    settings: [
      {
        key: 'allowedLanguages',
        label: 'Allowed languages',
        hint: `Two-letter language codes such as en, fr, de. ${LIST_HINT} Empty allows every language.`,
        input: { kind: 'lines', letterCase: 'lower', names: 'language' },
      },
      {
        key: 'minWords',
        label: 'Fewest words judged',
        hint: 'Shorter texts are not judged: too short to tell their language.',
        input: { kind: 'number', min: 1, max: 100 },
      },
    ],
  },
  secrets: {
    label: 'Secrets',
    kind: 'general',
    about: 'Finds credentials: API keys, private keys, tokens and passwords.',
    actions: ['flag', 'redact', 'block'],
    settings: [
      { key: 'types', label: 'Look for', input: { kind: 'toggles', options: SECRET_TYPES } },
    ],
  },
  personalInformation: {
    label: 'Personal information',
    kind: 'general',
    about: 'Finds personal data: email, phone, card, IBAN, address, names…',
    actions: ['flag', 'redact', 'block'],
    settings: [
      {
        key: 'types',
        label: 'Look for',
        input: { kind: 'toggles', options: PERSONAL_INFORMATION_TYPES },
      },
      {
        key: 'defaultCountry',
        label: 'Country of national phone numbers',
        hint: 'Two-letter code, such as US: numbers written without + are read as this country’s.',
        input: { kind: 'text', letterCase: 'upper', maxLength: 2 },
      },
    ],
  },
  regex: {
    label: 'Company patterns (regex)',
    kind: 'general',
    about: "Finds the company's own patterns: code names, customer ids, internal hosts.",
    actions: ['flag', 'redact', 'block'],
    settings: [{ key: 'patterns', label: 'Patterns', input: { kind: 'patterns' } }],
  },
  promptInjection: {
    label: 'Prompt injection',
    kind: 'general',
    about: 'Finds attempts to override or reveal the agent’s instructions.',
    actions: ['flag', 'block'],
    settings: [
      {
        key: 'signals',
        label: 'Signals looked for',
        input: { kind: 'choices', options: INJECTION_SIGNALS },
      },
    ],
  },
  toxicity: {
    label: 'Toxicity',
    kind: 'general',
    about: 'Finds profanity, insults, threats, hate and sexual language.',
    actions: ['flag', 'redact', 'block'],
    settings: [
      {
        key: 'categories',
        label: 'Categories looked for',
        input: { kind: 'choices', options: TOXICITY_CATEGORIES },
      },
      {
        key: 'blockedWords',
        label: 'Further blocked words',
        hint: `Matched whole, ignoring case and accents. ${LIST_HINT}`,
        input: { kind: 'lines' },
      },
      {
        key: 'allowedWords',
        label: 'Words never counted as toxic',
        hint: `For words of your trade that look rude. ${LIST_HINT}`,
        input: { kind: 'lines' },
      },
    ],
  },
  topic: {
    label: 'Topics',
    kind: 'general',
    about: 'Banned topics, and texts outside the allowed ones, by phrase lists.',
    actions: ['flag', 'block'],
    settings: [
      {
        key: 'bannedTopics',
        label: 'Banned topics',
        hint: 'A phrase matches whole words in order, ignoring case, accents and word endings.',
        input: { kind: 'topics' },
      },
      {
        key: 'allowedTopics',
        label: 'Allowed topics',
        hint: 'When there are any, a text that matches none of them is off topic.',
        input: { kind: 'topics' },
      },
      {
        key: 'language',
        label: 'Language of the phrases',
        hint: 'Its word endings are ignored.',
        input: { kind: 'select', options: STEMMER_LANGUAGES },
      },
    ],
  },
  aiPromptInjection: {
    label: 'Prompt injection (AI)',
    kind: 'ai',
    about: 'A scanner agent judges whether the text tries to manipulate the assistant.',
    actions: ['flag', 'block'],
    settings: agentSettings,
  },
  aiToxicity: {
    label: 'Toxicity (AI)',
    kind: 'ai',
    about: 'A scanner agent judges whether the text is toxic.',
    actions: ['flag', 'block'],
    settings: agentSettings,
  },
  aiTopic: {
    label: 'Topics (AI)',
    kind: 'ai',
    about: 'A scanner agent judges whether the text is about a banned topic or off topic.',
    actions: ['flag', 'block'],
    settings: [
      ...agentSettings,
      {
        key: 'bannedTopics',
        label: 'Banned topics',
        hint: `In plain words, such as elections. ${LIST_HINT}`,
        input: { kind: 'lines' },
      },
      {
        key: 'allowedTopics',
        label: 'Allowed topics',
        hint: `When there are any, the only topics allowed. ${LIST_HINT}`,
        input: { kind: 'lines' },
      },
    ],
  },
};

/** The scanners in the order they run: the general ones, then the AI ones. */
export const SCANNER_ORDER = Object.keys(CATALOG) as ScannerName[];

export function scannerSpec(name: ScannerName): ScannerSpec {
  return { name, ...CATALOG[name] };
}

export function scannerLabel(name: string): string {
  return name in CATALOG ? CATALOG[name as ScannerName].label : name;
}
