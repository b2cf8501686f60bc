// npm run bench:scanners — each scanner's precision and recall on its labelled corpus
// (test/fixtures/scanners/), its time per text, and all general scanners together on a 10 kB
// prompt: p99 on one core and the longest event-loop stall, judged on the median of three
// rounds. Prints each target as met or not; exits 1 when one is not.
import { existsSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SCANNERS } from '../src/scanners/registry.ts';
import { builtInPolicies } from '../src/scanners/policy.ts';
import { ScannerRunner } from '../src/scanners/run-scanners.ts';
import { Vault } from '../src/scanners/redaction.ts';
import { detectLanguage } from '../src/scanners/general/language-detection.ts';
import { GENERAL_SCANNER_NAMES, type ScannerName } from '../src/vocabulary/scanners.ts';
import {
  loadCorpus,
  scanContext,
  scoreCorpus,
  type CorpusCase,
} from '../test/helpers/scanner-corpus.ts';

const TIMING_RUNS = 300;
const ROUNDS = 3;

interface Target {
  name: string;
  value: number;
  met: boolean;
  shown: string;
}
const targets: Target[] = [];
const atLeast = (name: string, value: number, floor: number) =>
  targets.push({ name, value, met: value >= floor, shown: `${value.toFixed(3)} ≥ ${floor}` });
const atMost = (name: string, value: number, ceiling: number, unit = '') =>
  targets.push({
    name,
    value,
    met: value <= ceiling,
    shown: `${value.toFixed(2)}${unit} ≤ ${ceiling}${unit}`,
  });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/** A 10 kB business prompt: prose in several languages with a few emails, phones and ids. */
function tenKilobytePrompt(): string {
  const paragraphs = [
    'Please summarise the quarterly risk review for the board. Revenue grew by 4% while operating costs stayed flat; the audit team flagged two supplier contracts for renewal. ',
    'Contact Maria Keller at maria.keller@example.com or +44 20 7946 0958 for the procurement figures, and attach the spreadsheet from last week. ',
    "Le comité d'audit se réunira mardi prochain pour examiner les contrats des fournisseurs et le budget de l'année prochaine. ",
    'Der Bericht enthält die Zahlen für das dritte Quartal sowie eine Übersicht der offenen Punkte aus der letzten Sitzung. ',
    'Order 88123-44 shipped on 2026-03-14; invoice INV-2026-0042 is still open. The project code is APOLLO and the room is 4.12. ',
  ];
  let text = '';
  for (let i = 0; text.length < 10_240; i += 1) {
    text += paragraphs[i % paragraphs.length];
  }
  return text.slice(0, 10_240);
}

async function accuracyOfLanguageDetection(cases: CorpusCase[]): Promise<number> {
  const judged = cases.filter(
    (testCase) => testCase.language && testCase.text.trim().split(/\s+/).length >= 8,
  );
  let right = 0;
  for (const testCase of judged) {
    right += (await detectLanguage(testCase.text)) === testCase.language ? 1 : 0;
  }
  return judged.length === 0 ? 0 : right / judged.length;
}

async function corpusReport(): Promise<void> {
  console.log('Scanner        cases  precision  recall  false+   p50 ms   p99 ms');
  for (const scanner of SCANNERS) {
    if (!existsSync(new URL(`../test/fixtures/scanners/${scanner.name}.jsonl`, import.meta.url))) {
      continue;
    }
    const cases = loadCorpus(scanner.name);
    const score = await scoreCorpus(scanner, cases);
    const detect = await scanner.prepare(scanner.defaults.settings, scanner.name);
    const times: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      for (const testCase of cases) {
        const started = performance.now();
        await detect(testCase.text, scanContext(testCase.context));
        times.push(performance.now() - started);
      }
    }
    times.sort((a, b) => a - b);
    console.log(
      `${scanner.name.padEnd(15)}${String(cases.length).padStart(5)}  ${score.precision.toFixed(3).padStart(9)}  ${score.recall.toFixed(3).padStart(6)}  ${score.falsePositiveRate.toFixed(3).padStart(6)}  ${percentile(times, 50).toFixed(3).padStart(7)}  ${percentile(times, 99).toFixed(3).padStart(7)}`,
    );
    if (scanner.name === 'personalInformation' || scanner.name === 'secrets') {
      atLeast(`${scanner.name} precision`, score.precision, 0.95);
      atLeast(`${scanner.name} recall`, score.recall, 0.95);
    }
    if (scanner.name === 'promptInjection') {
      atLeast('promptInjection recall', score.recall, 0.85);
      atMost('promptInjection false positives', score.falsePositiveRate * 100, 5, '%');
    }
    if (scanner.name === 'languageDetection') {
      atLeast(
        'languageDetection accuracy (8+ words)',
        await accuracyOfLanguageDetection(cases),
        0.95,
      );
    }
  }
}

/** What a company would give the scanners that find nothing until told what to look for. */
const COMPANY_SETTINGS: Partial<Record<ScannerName, Record<string, unknown>>> = {
  topic: {
    bannedTopics: [
      { name: 'Investment advice', phrases: ['stock tips', 'which shares to buy', 'crypto'] },
      { name: 'Weapons', phrases: ['build a weapon', 'explosives', 'firearm'] },
      { name: 'Layoffs', phrases: ['redundancy list', 'who will be fired'] },
    ],
    allowedTopics: [{ name: 'Finance', phrases: ['audit', 'budget', 'invoice', 'revenue'] }],
  },
  regex: {
    patterns: [
      { name: 'Project code name', pattern: '\\b(?:APOLLO|HERMES|ZEUS)\\b' },
      { name: 'Employee id', pattern: '\\bEMP-\\d{6}\\b', action: 'redact' },
      { name: 'Customer account', pattern: '\\bACC[0-9]{8}\\b' },
    ],
  },
  languageDetection: { allowedLanguages: ['en', 'fr', 'de'] },
};

interface Round {
  /** Each scan's time, sorted. */
  times: number[];
  stallMs: number;
  perScanner: Map<ScannerName, number[]>;
}

/** Every general scanner enabled, as a company could configure them. */
async function tenKilobyteReport(): Promise<void> {
  const policies = builtInPolicies(SCANNERS);
  for (const name of GENERAL_SCANNER_NAMES) {
    const policy = policies[name];
    const settings = { ...policy.settings, ...COMPANY_SETTINGS[name] };
    policies[name] = { ...policy, enabled: true, action: 'flag', settings };
  }
  const runner = new ScannerRunner(SCANNERS);
  const prompt = tenKilobytePrompt();
  const context = { ...scanContext(), clientIp: '81.2.69.160' };
  const scanOnce = () => runner.scan(policies, prompt, context, new Vault(), GENERAL_SCANNER_NAMES);
  for (let i = 0; i < 50; i += 1) {
    await scanOnce();
  }
  const timeRound = async (): Promise<Round> => {
    const perScanner = new Map<ScannerName, number[]>();
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const times: number[] = [];
    for (let run = 0; run < TIMING_RUNS; run += 1) {
      const started = performance.now();
      const outcome = await scanOnce();
      times.push(performance.now() - started);
      for (const result of outcome.results) {
        const durations = perScanner.get(result.scanner) ?? [];
        durations.push(result.durationMs);
        perScanner.set(result.scanner, durations);
      }
      // Other requests get their turn between scans, as they would in the server.
      await nextTurn();
    }
    delay.disable();
    return { times: times.sort((a, b) => a - b), stallMs: delay.max / 1e6, perScanner };
  };
  const rounds: Round[] = [];
  console.log(
    `\nAll general scanners on a 10 kB prompt, ${ROUNDS} rounds of ${TIMING_RUNS} scans:`,
  );
  for (let index = 0; index < ROUNDS; index += 1) {
    const round = await timeRound();
    rounds.push(round);
    console.log(
      `  round ${index + 1}: p50 ${percentile(round.times, 50).toFixed(2)} ms, p99 ${percentile(round.times, 99).toFixed(2)} ms; longest event-loop stall ${round.stallMs.toFixed(1)} ms`,
    );
  }
  // Other tenants of a shared machine slow whole rounds: the median round measures the code.
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const p99 = median(rounds.map((round) => percentile(round.times, 99)));
  const stallMs = median(rounds.map((round) => round.stallMs));
  console.log('  per scanner, all rounds:');
  for (const name of rounds[0]!.perScanner.keys()) {
    const durations = rounds.flatMap((round) => round.perScanner.get(name) ?? []);
    durations.sort((a, b) => a - b);
    console.log(
      `    ${name.padEnd(20)} p50 ${percentile(durations, 50).toFixed(3)} ms, p99 ${percentile(durations, 99).toFixed(3)} ms`,
    );
  }
  atMost('all general scanners, 10 kB, p99 (median round)', p99, 5, ' ms');
  atMost('event-loop stall (median round)', stallMs, 10, ' ms');
}

await corpusReport();
await tenKilobyteReport();
console.log('\nTargets');
for (const target of targets) {
  console.log(`  ${target.met ? 'met    ' : 'NOT MET'}  ${target.name}: ${target.shown}`);
}
process.exitCode = targets.every((target) => target.met) ? 0 : 1;
