import { describe, expect, it } from 'vitest';
import { secretsScanner as scanner } from '../../../src/scanners/general/secrets.ts';
import {
  detectWith,
  expectCorpusScore,
  expectEachWithin,
  prepareWith,
} from '../../helpers/scanner-corpus.ts';
import { schemaDefaults } from '../../helpers/scanner-settings.ts';

// Fake, format-valid values (see the corpus notes).
const GITHUB_TOKEN = `ghp_${'FAKEkey0Ab'.repeat(4).slice(0, 36)}`;

async function detect(text: string, settings: Record<string, unknown> = {}) {
  return detectWith(scanner, text, settings as Partial<typeof scanner.defaults.settings>);
}

describe('secrets scanner', () => {
  it('reaches precision and recall of 0.95 on its corpus', async () => {
    await expectCorpusScore(scanner, { precision: 0.95, recall: 0.95 });
  });

  it('reports the key alone, named by provider, without quoting it', async () => {
    const text = `token 😀 ${GITHUB_TOKEN} here`;
    const { score, findings } = await detect(text);
    expect(score).toBe(1);
    expect(findings).toEqual([
      { type: 'apiKey', start: 9, end: 9 + GITHUB_TOKEN.length, label: 'GitHub token' },
    ]);
    expect(text.slice(9, 9 + GITHUB_TOKEN.length)).toBe(GITHUB_TOKEN);
  });

  it('reports only the password of a URL', async () => {
    const text = 'postgres://app:S3cr3t!Pass@db:5432/orders';
    const { findings } = await detect(text);
    expect(findings.map(({ type, start, end }) => [type, text.slice(start, end)])).toEqual([
      ['password', 'S3cr3t!Pass'],
    ]);
  });

  it('covers a whole private key block, END line included', async () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(4);
    const text = `x\n-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\ny`;
    const { findings } = await detect(text);
    expect(findings).toHaveLength(1);
    expect(text.slice(findings[0]!.start, findings[0]!.end)).toBe(text.slice(2, -2));
  });

  it('ignores a type turned off and keeps the others on', async () => {
    const text = `${GITHUB_TOKEN} password=Winter2024!`;
    const { findings } = await detect(text, { types: { apiKey: false } });
    expect(findings.map((finding) => finding.type)).toEqual(['password']);
  });

  it('does not flag UUIDs, labelled hashes or commit ids', async () => {
    const text =
      'id 123e4567-e89b-12d3-a456-426614174000, sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, commit 3f786850e387550fdab836ed7e6dc881de23001b';
    expect((await detect(text)).findings).toEqual([]);
  });

  it('has settings defaults equal to its schema defaults', () => {
    expect(schemaDefaults(scanner)).toEqual(scanner.defaults.settings);
  });

  it('finishes 10 kB of adversarial input quickly', async () => {
    const inputs = [
      'key: sk-ant- ghp_ AKIA eyJ password=  -----BEGIN PRIVATE KEY----- '.repeat(150),
      '-----BEGIN RSA PRIVATE KEY-----\nA: '.repeat(300),
      `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(10_000)}`,
      'eyJ'.repeat(3300),
      'a:b@'.repeat(2500),
      'password = '.repeat(900),
      'Qx9'.repeat(3300),
    ];
    const detector = await prepareWith(scanner);
    await expectEachWithin(detector, inputs, 200);
  });
});
