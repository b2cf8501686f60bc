import { Type, type Static } from 'typebox';
import type { Finding, Scanner } from '../scanner.ts';
import { withoutOverlaps } from './match-findings.ts';
import { findApiKeys } from './secrets/api-keys.ts';
import { findHighEntropyTokens } from './secrets/high-entropy.ts';
import { findJsonWebTokens } from './secrets/jwt.ts';
import { findPasswords } from './secrets/password.ts';
import { findPrivateKeys } from './secrets/private-key.ts';
import { typeTogglesSchema } from './type-toggles.ts';

const settingsSchema = Type.Object({
  types: typeTogglesSchema({
    apiKey: {
      enabled: true,
      description:
        'Provider keys by their format: OpenAI, Anthropic, AWS, GitHub, GitLab, Slack, Stripe, Google, Azure, Twilio, SendGrid, npm…',
    },
    privateKey: { enabled: true, description: 'PEM and OpenSSH private key blocks.' },
    jwt: { enabled: true, description: 'JSON Web Tokens (a base64url JSON header with "alg").' },
    password: {
      enabled: true,
      description:
        'Passwords in URLs (scheme://user:password@host) and in assignments (password=…).',
    },
    highEntropy: {
      enabled: true,
      description:
        'Random-looking tokens: after a word such as key, token or secret, or long with mixed case and digits; not UUIDs or labelled hashes.',
    },
  }),
});

type Settings = Static<typeof settingsSchema>;
type FindingType = keyof Settings['types'];

const DEFAULT_SETTINGS: Settings = {
  types: { apiKey: true, privateKey: true, jwt: true, password: true, highEntropy: true },
};
// Most specific first: a GitHub token is not also reported as a random-looking token.
const FINDERS: [FindingType, (text: string) => Finding[]][] = [
  ['privateKey', findPrivateKeys],
  ['jwt', findJsonWebTokens],
  ['apiKey', findApiKeys],
  ['password', findPasswords],
  ['highEntropy', findHighEntropyTokens],
];

export const secretsScanner: Scanner<Settings> = {
  name: 'secrets',
  kind: 'general',
  description:
    'Finds credentials: API keys, private keys, JWTs, passwords and random-looking tokens.',
  settingsSchema,
  defaults: {
    enabled: true,
    action: 'block',
    threshold: 0.5,
    onError: 'allow',
    directions: ['prompt', 'file', 'title'],
    timeoutMs: 1000,
    settings: DEFAULT_SETTINGS,
  },
  actions: ['flag', 'redact', 'block'],
  prepare(settings) {
    const types = { ...DEFAULT_SETTINGS.types, ...settings.types };
    const enabled = FINDERS.filter(([type]) => types[type]).map(([, find]) => find);
    return (text) => {
      const findings = withoutOverlaps(
        enabled.flatMap((find) => find(text)),
        text.length,
      );
      return { score: findings.length > 0 ? 1 : 0, findings };
    };
  },
};
