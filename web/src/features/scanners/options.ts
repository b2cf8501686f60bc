// Words for the scanners' enumerated values. Each table is typed by the server's OpenAPI
// document, so a value the server adds or drops breaks the build here, not the page.
import type { OnError, ScanAction, ScanDirection, ScannerPolicies, ScanVerdict } from './api.ts';

type Settings<N extends keyof ScannerPolicies> = ScannerPolicies[N]['settings'];

export const ACTION_LABELS: Record<ScanAction, string> = {
  block: 'Block the text',
  redact: 'Redact what was found',
  flag: 'Flag it, let it through',
};

export const VERDICT_LABELS: Record<ScanVerdict, string> = {
  pass: 'Allow',
  flag: 'Flag',
  redact: 'Redact',
  block: 'Block',
};

export const DIRECTION_LABELS: Record<ScanDirection, string> = {
  prompt: 'Prompts',
  answer: 'Answers',
  file: 'Uploaded files',
  title: 'Conversation titles',
};

export const ON_ERROR_LABELS: Record<OnError, string> = {
  allow: 'Let the text through',
  block: 'Block the text',
};

export const UNKNOWN_COUNTRY_LABELS: Record<Settings<'geoGating'>['unknown'], string> = {
  allow: 'Allow',
  block: 'Block',
};

export const SECRET_TYPES: Record<keyof Settings<'secrets'>['types'], string> = {
  apiKey: 'API keys (OpenAI, AWS, GitHub, Stripe…)',
  privateKey: 'Private keys (PEM, OpenSSH)',
  jwt: 'JSON Web Tokens',
  password: 'Passwords in URLs and assignments',
  highEntropy: 'Random-looking tokens',
};

export const PERSONAL_INFORMATION_TYPES: Record<
  keyof Settings<'personalInformation'>['types'],
  string
> = {
  email: 'Email addresses',
  phone: 'Phone numbers',
  creditCard: 'Payment card numbers',
  iban: 'IBANs',
  ssn: 'US Social Security numbers',
  ipAddress: 'IP addresses',
  dateOfBirth: 'Dates of birth',
  address: 'Street addresses',
  personName: 'Person names (also finds firms named after people)',
};

export const INJECTION_SIGNALS: Record<Settings<'promptInjection'>['signals'][number], string> = {
  instructionOverride: 'Instruction overrides (“ignore previous instructions”)',
  rolePlay: 'Jailbreak personas (“you are now DAN”)',
  systemPromptExtraction: 'System-prompt extraction',
  delimiterSmuggling: 'Fake role markers (<|im_start|>, [INST])',
  invisibleText: 'Invisible text (zero-width, bidi characters)',
  encodedPayload: 'Encoded payloads (base64, hex, percent)',
};

export const TOXICITY_CATEGORIES: Record<Settings<'toxicity'>['categories'][number], string> = {
  profanity: 'Profanity',
  insult: 'Insults',
  threat: 'Threats of violence',
  hate: 'Hate',
  sexual: 'Sexual language',
};

export const STEMMER_LANGUAGES: Record<Settings<'topic'>['language'], string> = {
  arabic: 'Arabic',
  armenian: 'Armenian',
  bulgarian: 'Bulgarian',
  danish: 'Danish',
  dutch: 'Dutch',
  english: 'English',
  finnish: 'Finnish',
  french: 'French',
  german: 'German',
  greek: 'Greek',
  hungarian: 'Hungarian',
  indonesian: 'Indonesian',
  irish: 'Irish',
  italian: 'Italian',
  lithuanian: 'Lithuanian',
  nepali: 'Nepali',
  norwegian: 'Norwegian',
  portuguese: 'Portuguese',
  romanian: 'Romanian',
  russian: 'Russian',
  serbian: 'Serbian',
  spanish: 'Spanish',
  swedish: 'Swedish',
  tamil: 'Tamil',
  turkish: 'Turkish',
  ukrainian: 'Ukrainian',
};
