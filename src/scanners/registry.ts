import type { Scanner } from './scanner.ts';
import { geoGatingScanner } from './general/geo-gating.ts';
import { allowedFileTypesScanner } from './general/allowed-file-types.ts';
import { languageDetectionScanner } from './general/language-detection.ts';
import { secretsScanner } from './general/secrets.ts';
import { personalInformationScanner } from './general/personal-information.ts';
import { regexScanner } from './general/regex.ts';
import { promptInjectionScanner } from './general/prompt-injection.ts';
import { toxicityScanner } from './general/toxicity.ts';
import { topicScanner } from './general/topic.ts';
import { aiPromptInjectionScanner } from './ai/ai-prompt-injection.ts';
import { aiToxicityScanner } from './ai/ai-toxicity.ts';
import { aiTopicScanner } from './ai/ai-topic.ts';

/** Every scanner, in the order they run (vocabulary/scanners.ts names the order). */
export const SCANNERS: readonly Scanner[] = [
  geoGatingScanner,
  allowedFileTypesScanner,
  languageDetectionScanner,
  secretsScanner,
  personalInformationScanner,
  regexScanner,
  promptInjectionScanner,
  toxicityScanner,
  topicScanner,
  aiPromptInjectionScanner,
  aiToxicityScanner,
  aiTopicScanner,
] as Scanner[];
