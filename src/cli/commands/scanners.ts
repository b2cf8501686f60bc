import { ActivitySignal } from '../../activity/activity-signal.ts';
import type { Command } from 'commander';
import { findAgent, updateAgentScanners } from '../../chat/agents.ts';
import { scannerJudge } from '../../chat/scanner-judge.ts';
import { databaseMasterKey } from '../../store/database-master-key.ts';
import { ValidationError } from '../../lib/errors.ts';
import { companyPolicies, updateCompanyPolicies } from '../../scanners/company-policies.ts';
import { policiesFor, scanWith } from '../../scanners/enforce.ts';
import { combinePatches, parsePolicyPatch, type ScannerPolicies } from '../../scanners/policy.ts';
import { Vault } from '../../scanners/redaction.ts';
import { SCANNERS } from '../../scanners/registry.ts';
import { ScannerRunner } from '../../scanners/run-scanners.ts';
import type { Judge, ScannerPolicy } from '../../scanners/scanner.ts';
import { SCAN_DIRECTIONS, SCANNER_NAMES, type ScanDirection } from '../../vocabulary/scanners.ts';
import { table, withContext, type CliContext } from '../context.ts';

interface SetOptions {
  agent?: string;
  enable?: boolean;
  action?: string;
  threshold?: string;
  onError?: string;
  directions?: string;
  timeoutMs?: string;
  settings?: string;
}

interface TestOptions {
  agent?: string;
  direction?: string;
  only?: string;
}

export function registerScannerCommands(program: Command): void {
  const scanners = program
    .command('scanners')
    .description(
      "the scanners every prompt, answer, upload and title passes: the company's defaults, an agent's own, a test",
    );

  scanners
    .command('defaults')
    .description("show the company's scanner defaults (or an agent's policy with --agent)")
    .option('--agent <id>', "the agent's policy: the defaults with its own changes")
    .action((options: { agent?: string }, command: Command) =>
      withContext(command, async (context) => {
        const agent = options.agent ? await findAgent(context.store, options.agent) : null;
        const policies = agent
          ? await policiesFor(context.store, agent)
          : await companyPolicies(context.store);
        context.print(policies, policyTable(policies));
      }),
    );

  scanners
    .command('set <scanner>')
    .description("change a scanner's defaults, or with --agent that agent's own policy")
    .option('--agent <id>', "change this agent's policy instead of the company's defaults")
    .option('--enable', 'run it')
    .option('--no-enable', 'do not run it')
    .option('--action <action>', 'flag, redact or block')
    .option('--threshold <number>', 'score from 0 to 1 a detection must reach')
    .option('--on-error <policy>', 'when it fails or times out: allow or block')
    .option('--directions <list>', `comma-separated: ${SCAN_DIRECTIONS.join(', ')}`)
    .option('--timeout-ms <n>', 'how long it may take')
    .option('--settings <json>', 'its settings as a JSON object; names left out keep their value')
    .action((name: string, options: SetOptions, command: Command) =>
      withContext(command, async (context) => {
        const patch = parsePolicyPatch(SCANNERS, { [name]: policyChange(options) });
        const policies = options.agent
          ? await setAgentPolicy(context, options.agent, patch)
          : await updateCompanyPolicies(context, patch);
        const where = options.agent ? `agent ${options.agent}` : 'the company defaults';
        context.print(policies, `Updated ${name} in ${where}.\n${policyTable(policies)}`);
      }),
    );

  scanners
    .command('test <text>')
    .description('scan a text as the server would, and show what each scanner found')
    .option('--agent <id>', "under this agent's policy (default: the company's defaults)")
    .option('--direction <direction>', `${SCAN_DIRECTIONS.join(', ')} (default prompt)`)
    .option('--only <list>', 'comma-separated scanner names')
    .action((text: string, options: TestOptions, command: Command) =>
      withContext(command, async (context) => {
        const report = await testScan(context, text, options);
        context.print(report, reportText(report));
      }),
    );
}

function policyChange(options: SetOptions): Partial<ScannerPolicy> {
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  let settings: unknown;
  try {
    settings = options.settings === undefined ? undefined : JSON.parse(options.settings);
  } catch {
    throw new ValidationError(`--settings must be a JSON object, e.g. '{"patterns": []}'`);
  }
  const change = {
    enabled: options.enable,
    action: options.action,
    threshold: number(options.threshold),
    onError: options.onError,
    directions: options.directions?.split(',').map((direction) => direction.trim()),
    timeoutMs: number(options.timeoutMs),
    settings,
  };
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
}

async function setAgentPolicy(
  context: CliContext,
  agentId: string,
  patch: ReturnType<typeof parsePolicyPatch>,
): Promise<ScannerPolicies> {
  const agent = await findAgent(context.store, agentId);
  const updated = await updateAgentScanners(
    context,
    agentId,
    combinePatches(agent.scanners, patch),
  );
  return policiesFor(context.store, { ...agent, scanners: updated.scanners });
}

async function testScan(context: CliContext, text: string, options: TestOptions) {
  const direction = (options.direction ?? 'prompt') as ScanDirection;
  if (!SCAN_DIRECTIONS.includes(direction)) {
    throw new ValidationError(`--direction must be one of ${SCAN_DIRECTIONS.join(', ')}`);
  }
  const only = options.only?.split(',').map((name) => name.trim());
  const unknown = only?.find((name) => !(SCANNER_NAMES as readonly string[]).includes(name));
  if (unknown) {
    throw new ValidationError(
      `Unknown scanner ${unknown}: scanners are ${SCANNER_NAMES.join(', ')}`,
    );
  }
  const agent = options.agent ? await findAgent(context.store, options.agent) : null;
  const deps = {
    ...context,
    // A dry run records nothing, so nobody listens.
    activitySignal: new ActivitySignal(),
    runner: new ScannerRunner(SCANNERS, (name, error) =>
      context.stderr.write(`warning: scanner ${name} failed: ${(error as Error).message}\n`),
    ),
    // Only an AI scanner needs the master key (to unseal its agent's provider key).
    judge: (...args: Parameters<Judge>) =>
      scannerJudge({
        store: context.store,
        clock: context.clock,
        masterKey: databaseMasterKey(context.config),
        timeoutMs: context.config.engineTimeoutSeconds * 1000,
      })(...args),
  };
  const outcome = await scanWith(
    deps,
    await policiesFor(context.store, agent),
    {
      text,
      direction,
      userId: null,
      agent,
      conversationId: null,
      clientIp: null,
      ...(only && { only: only as (typeof SCANNER_NAMES)[number][] }),
    },
    new Vault(),
  );
  return { verdict: outcome.verdict, results: outcome.results, redactedText: outcome.text };
}

function policyTable(policies: ScannerPolicies): string {
  return table(
    ['SCANNER', 'KIND', 'ENABLED', 'ACTION', 'THRESHOLD', 'ON ERROR', 'DIRECTIONS'],
    SCANNERS.map((scanner) => {
      const policy = policies[scanner.name];
      return [
        scanner.name,
        scanner.kind,
        policy.enabled ? 'yes' : 'no',
        policy.action,
        String(policy.threshold),
        policy.onError,
        policy.directions.join(','),
      ];
    }),
  );
}

function reportText(report: Awaited<ReturnType<typeof testScan>>): string {
  const rows = report.results.map((result) => [
    result.scanner,
    result.verdict,
    result.score.toFixed(2),
    result.error ?? result.findings.map((finding) => finding.label).join('; '),
  ]);
  return [
    `Verdict: ${report.verdict}`,
    table(['SCANNER', 'VERDICT', 'SCORE', 'FINDINGS'], rows),
    `Redacted text: ${report.redactedText}`,
  ].join('\n');
}
