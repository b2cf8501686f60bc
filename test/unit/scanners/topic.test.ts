import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/lib/errors.ts';
import { topicScanner, type TopicSettings } from '../../../src/scanners/general/topic.ts';
import type { Detection } from '../../../src/scanners/scanner.ts';
import { detectWith, expectCorpusScore } from '../../helpers/scanner-corpus.ts';

const banned = [{ name: 'Investment advice', phrases: ['stock tips', 'insider trading'] }];

async function scan(text: string, settings: Partial<TopicSettings>): Promise<Detection> {
  return detectWith(topicScanner, text, settings);
}

describe('topic scanner', () => {
  it('meets precision and recall 0.95 on its corpus', async () => {
    await expectCorpusScore(topicScanner, { precision: 0.95, recall: 0.95 });
  });

  it('matches stemmed phrases in order on word boundaries, labelled by topic name', async () => {
    const text = 'Any STOCK Tip? Not tips about stock. Stockholm tips.';
    const { score, findings } = await scan(text, { bannedTopics: banned });
    expect(score).toBe(1);
    expect(findings).toEqual([
      { type: 'bannedTopic', start: 4, end: 13, label: 'Banned topic: Investment advice' },
    ]);
  });

  it('flags a text off topic only when allowed topics are set and none matches', async () => {
    const allowedTopics = [{ name: 'IT', phrases: ['password reset'] }];
    expect(
      (await scan('Resetting passwords? I need a password reset', { allowedTopics })).findings,
    ).toEqual([]);
    expect((await scan('Tell me a joke', { allowedTopics })).findings.map((f) => f.type)).toEqual([
      'offTopic',
    ]);
    expect((await scan('Tell me a joke', {})).score).toBe(0);
  });

  it('stems in the configured language, ignoring accents', async () => {
    const bannedTopics = [{ name: 'Politique', phrases: ['élection présidentielle'] }];
    const { findings } = await scan('Les ELECTIONS presidentielles approchent', {
      language: 'french',
      bannedTopics,
    });
    expect(findings).toHaveLength(1);
  });

  it('rejects a phrase without words, naming the field', async () => {
    const bannedTopics = [{ name: 'x', phrases: ['fine', '!!!'] }];
    await expect(async () => scan('text', { bannedTopics })).rejects.toThrow(
      new ValidationError('topic.settings.bannedTopics[0].phrases[1] has no words to match'),
    );
  });

  it('finishes on a 10 kB input of near-matches and finds the real one', async () => {
    const text = 'stock '.repeat(1_650) + 'stock tips';
    const { findings } = await scan(text, { bannedTopics: banned });
    expect(findings).toHaveLength(1);
  });
});
