/**
 * Security people quote injections to talk about them ("attackers write 'ignore previous
 * instructions'"). A phrase counts for less when the text talks about attacks, templates or
 * examples AND the phrase itself is quoted or reported. Patterns run on folded text.
 */
const DISCUSSION_CUES =
  /\b(?:prompt injections?|injections?|jailbreak(?:s|ing)?|attack(?:s|ers?)?|adversarial|malicious|red team(?:ing)?|security|detect(?:s|ed|ion|ing|or)?|classifier|defen[cs]e|defend|mitigat[a-z]*|owasp|examples?|research(?:ers)?|paper|article|phrases?|tokens?|tokenizer|chatml|template|attaques?|securite|exemples?|angriff[a-z]*|angreifer|attaquants?|atacantes?|attaccanti|sicherheit|beispiel[a-z]*|ataques?|seguridad|ejemplos?|attacco|sicurezza|esempio|seguranca|exemplo)\b/;
const REPORTED =
  /(?:["'`“”‘’«»„]|\b(?:such as|like|e\.g\.|for example|for instance|saying|says|said|say|writes?|wrote|typed?|types|typing|contains?|containing|phrases?|strings?|the (?:model|ai|assistant|llm|bot|chatbot) to|comme|par exemple|telles? que|wie|z\.b\.|zum beispiel|como|por ejemplo|ad esempio|tipo))[ :,]*["'`“”‘’«»„]? ?$/;
const LOOK_BEHIND = 40;

export function isDiscussion(folded: string): boolean {
  return DISCUSSION_CUES.test(folded);
}

/** Whether the phrase starting at `start` of the folded text is quoted or reported speech. */
export function isReported(folded: string, start: number): boolean {
  return REPORTED.test(folded.slice(Math.max(0, start - LOOK_BEHIND), start));
}
