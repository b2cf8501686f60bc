import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';

// Well-known provider key formats. Each body is bounded, and every pattern is anchored on a
// literal prefix, so a 10 kB text costs one pass per pattern.
const PROVIDERS: { label: string; pattern: string }[] = [
  { label: 'Anthropic API key', pattern: 'sk-ant-[A-Za-z0-9_-]{32,200}' },
  {
    label: 'OpenAI API key',
    pattern: 'sk-(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_-]{0,200}\\d)[A-Za-z0-9_-]{32,200}',
  },
  { label: 'AWS access key ID', pattern: '(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}' },
  {
    label: 'AWS secret access key',
    pattern:
      '(?<=(?:aws_?secret_?access_?key|secret_?access_?key|SecretAccessKey)["\']?\\s{0,3}[:=]\\s{0,3}["\']?)[A-Za-z0-9/+]{40}',
  },
  { label: 'GitHub token', pattern: 'gh[pousr]_[A-Za-z0-9]{36,251}' },
  { label: 'GitHub fine-grained token', pattern: 'github_pat_[A-Za-z0-9_]{50,255}' },
  { label: 'GitLab token', pattern: 'gl(?:pat|dt|rt|cbt|ptt)-[A-Za-z0-9_-]{20,64}' },
  { label: 'Slack token', pattern: 'xox[abposr]-[A-Za-z0-9-]{10,250}' },
  {
    label: 'Slack webhook URL',
    pattern:
      'https://hooks\\.slack\\.com/services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32}',
  },
  { label: 'Stripe secret key', pattern: '(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,250}' },
  { label: 'Google API key', pattern: 'AIza[0-9A-Za-z_-]{35}' },
  {
    label: 'Azure storage account key',
    pattern: '(?<=AccountKey=)[A-Za-z0-9+/]{40,100}={0,2}',
  },
  { label: 'Twilio API key', pattern: 'SK[0-9a-f]{32}' },
  { label: 'SendGrid API key', pattern: 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}' },
  { label: 'npm token', pattern: 'npm_[A-Za-z0-9]{36}' },
  { label: 'Hugging Face token', pattern: 'hf_[A-Za-z0-9]{34}' },
  { label: 'PyPI token', pattern: 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,250}' },
  { label: 'DigitalOcean token', pattern: 'do[opr]_v1_[a-f0-9]{64}' },
  { label: 'Shopify token', pattern: 'shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}' },
  { label: 'Mailgun API key', pattern: 'key-[0-9a-z]{32}' },
];
const API_KEY = new RegExp(
  `(?<![A-Za-z0-9_-])(?:${PROVIDERS.map(({ pattern }) => `(${pattern})`).join('|')})(?![A-Za-z0-9_-])`,
  'g',
);

export function findApiKeys(text: string): Finding[] {
  return findMatches(API_KEY, text, (match) => {
    const provider = PROVIDERS[match.slice(1).findIndex((group) => group !== undefined)];
    return {
      type: 'apiKey',
      start: match.index,
      end: match.index + match[0].length,
      label: provider?.label ?? 'API key',
    };
  });
}
