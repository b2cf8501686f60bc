import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/lib/errors.ts';
import { toxicityScanner, type ToxicitySettings } from '../../../src/scanners/general/toxicity.ts';
import type { Detection } from '../../../src/scanners/scanner.ts';
import { detectWith, expectCorpusScore } from '../../helpers/scanner-corpus.ts';

async function scan(text: string, settings: Partial<ToxicitySettings> = {}): Promise<Detection> {
  return detectWith(toxicityScanner, text, settings);
}

describe('toxicity scanner', () => {
  it('meets precision and recall 0.9 on its corpus', async () => {
    await expectCorpusScore(toxicityScanner, { precision: 0.9, recall: 0.9 });
  });

  it('grades: one swear word stays under the threshold, two pass it, a threat scores 1', async () => {
    expect((await scan('Shit, I forgot the attachment.')).score).toBeLessThan(0.5);
    expect((await scan('This shit is fucked.')).score).toBeGreaterThanOrEqual(0.5);
    expect((await scan('I will kill you')).score).toBe(1);
    expect((await scan('you are an idiot')).score).toBeCloseTo(0.6);
  });

  it('reports an insult on its original span, absorbing the swear word in it', async () => {
    const text = 'ok. Fuck   you, seriously';
    const { findings } = await scan(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.type).toBe('insult');
    expect(text.slice(findings[0]?.start, findings[0]?.end)).toBe('Fuck   you');
    expect(findings[0]?.label).not.toMatch(/fuck/i);
  });

  it('sees obfuscated profanity through obscenity', async () => {
    const { findings } = await scan('sh1t and fuuuuck');
    expect(findings.map((finding) => finding.type)).toEqual(['profanity', 'profanity']);
  });

  it('matches blocked words whole and ignores allowed ones', async () => {
    const blocked = await scan('Project Bluefalcon leaked; bluefalcons are birds', {
      blockedWords: ['BlueFalcon'],
    });
    expect(blocked.findings.map((finding) => finding.type)).toEqual(['blockedWord']);
    expect(blocked.score).toBe(1);
    expect((await scan('you dick', { allowedWords: ['dick'] })).findings).toEqual([]);
  });

  it('looks only for the enabled categories', async () => {
    const { findings } = await scan('I will kill you, idiot. You are an idiot.', {
      categories: ['threat'],
    });
    expect(findings.map((finding) => finding.type)).toEqual(['threat']);
  });

  it('rejects a word with nothing to match, naming the field', async () => {
    await expect(async () =>
      toxicityScanner.prepare(
        { ...toxicityScanner.defaults.settings, blockedWords: ['ok', ' \u200b '] },
        'toxicity.settings',
      ),
    ).rejects.toThrow(
      new ValidationError('toxicity.settings.blockedWords[1] has no letters or digits to match'),
    );
  });

  it('finishes on a 10 kB adversarial input and detects it', async () => {
    const text = 'you '.repeat(1_250) + 'f\u200bu\u200bc\u200bk you '.repeat(500);
    const { score, findings } = await scan(text.slice(0, 10_000));
    expect(score).toBeGreaterThanOrEqual(0.5);
    expect(findings.length).toBeGreaterThan(0);
  });
});
