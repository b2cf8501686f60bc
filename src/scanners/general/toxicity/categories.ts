export const TOXICITY_CATEGORIES = ['profanity', 'insult', 'threat', 'hate', 'sexual'] as const;
export type ToxicityCategory = (typeof TOXICITY_CATEGORIES)[number];

/**
 * What one finding of a category adds to the score. Threats and hate decide alone; an insult or
 * sexual content passes the default threshold (0.5) alone; a plain swear word does not, two do.
 */
export const CATEGORY_WEIGHTS: Record<ToxicityCategory, number> = {
  threat: 1,
  hate: 1,
  insult: 0.6,
  sexual: 0.6,
  profanity: 0.3,
};

export const CATEGORY_LABELS: Record<ToxicityCategory | 'blockedWord', string> = {
  profanity: 'Profanity',
  insult: 'Insult aimed at someone',
  threat: 'Threat of violence',
  hate: 'Hateful slur or statement',
  sexual: 'Sexually explicit language',
  blockedWord: 'Word blocked by the company',
};
