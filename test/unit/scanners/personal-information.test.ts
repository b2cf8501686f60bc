import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/lib/errors.ts';
import { personalInformationScanner as scanner } from '../../../src/scanners/general/personal-information.ts';
import {
  detectWith,
  expectCorpusScore,
  expectEachWithin,
  prepareWith,
} from '../../helpers/scanner-corpus.ts';
import { schemaDefaults } from '../../helpers/scanner-settings.ts';

const FIELD = 'personalInformation.settings';

async function detect(text: string, settings: Record<string, unknown> = {}) {
  return detectWith(scanner, text, settings as Partial<typeof scanner.defaults.settings>);
}

describe('personalInformation scanner', () => {
  it('reaches precision and recall of 0.95 on its corpus', async () => {
    await expectCorpusScore(scanner, { precision: 0.95, recall: 0.95 });
  });

  it('reports UTF-16 offsets of the matched text, with labels that do not quote it', async () => {
    const text = 'Écrivez à léa@exemple.fr 😀 ou appelez le +33 6 12 34 56 78';
    const { score, findings } = await detect(text);
    expect(score).toBe(1);
    expect(findings.map(({ type, start, end }) => [type, text.slice(start, end)])).toEqual([
      ['email', 'léa@exemple.fr'],
      ['phone', '+33 6 12 34 56 78'],
    ]);
    for (const finding of findings) {
      expect(finding.label).not.toContain(text.slice(finding.start, finding.end));
    }
  });

  it('reports a card number once, not also as a phone number', async () => {
    const { findings } = await detect('Card 4539 0123 4567 8905');
    expect(findings.map((finding) => finding.type)).toEqual(['creditCard']);
  });

  it('leaves person names alone by default and finds them when turned on', async () => {
    const text = 'Please forward this to Maria García.';
    expect((await detect(text)).findings).toEqual([]);
    const { findings } = await detect(text, { types: { personName: true } });
    expect(findings.map(({ start, end }) => text.slice(start, end))).toEqual(['Maria García']);
  });

  it('ignores a type turned off and keeps the others on', async () => {
    const text = 'Mail ana@example.org from 10.0.0.5';
    const { findings } = await detect(text, { types: { email: false } });
    expect(findings.map((finding) => finding.type)).toEqual(['ipAddress']);
  });

  it('reads national phone numbers of the default country only', async () => {
    const text = 'Tel. 030 1234567';
    expect((await detect(text)).findings).toEqual([]);
    expect((await detect(text, { defaultCountry: 'DE' })).findings).toHaveLength(1);
  });

  it('refuses a country without phone numbering, naming the field', () => {
    expect(() =>
      scanner.prepare({ ...scanner.defaults.settings, defaultCountry: 'ZZ' }, FIELD),
    ).toThrow(
      new ValidationError(
        `${FIELD}.defaultCountry "ZZ" is not a country code with phone numbering`,
      ),
    );
  });

  it('has settings defaults equal to its schema defaults', () => {
    expect(schemaDefaults(scanner)).toEqual(scanner.defaults.settings);
  });

  it('finishes 10 kB of adversarial input quickly', async () => {
    const inputs = [
      '1234 5678 9012 3456 7890 '.repeat(400),
      'a'.repeat(10_000),
      '+1 415 555 0132, '.repeat(600),
      'Aaaa Bbbb '.repeat(1000),
      '1:2:'.repeat(2500),
      'born 1 '.repeat(1500),
      `${'a.'.repeat(4000)}@`,
    ];
    const detector = await prepareWith(scanner, {
      types: { ...scanner.defaults.settings.types, personName: true },
    });
    await expectEachWithin(detector, inputs, 200);
  });
});
