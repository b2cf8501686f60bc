import type { Command } from 'commander';
import { ValidationError } from '../../lib/errors.ts';
import { isoTime } from '../../lib/iso-time.ts';
import { exportActivity, searchActivity } from '../../compliance/compliance-search.ts';
import type { SearchCriteria } from '../../compliance/criteria.ts';
import { activityCsv, activityJsonLines, resultView } from '../../compliance/results.ts';
import { collect, wholeNumber } from '../parse-options.ts';
import { table, withContext, type CliContext } from '../context.ts';
import { registerHoldCommands } from './compliance-holds.ts';

interface SearchOptions {
  user?: string[];
  group?: string[];
  agent?: string[];
  since?: string;
  until?: string;
  kind?: string[];
  scanner?: string[];
  verdict?: string[];
  findingType?: string[];
  rating?: string[];
  limit?: number;
  export?: string;
}

/** A time as ISO 8601 or Unix seconds, as ISO 8601 (what criteria hold). */
function isoOf(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new ValidationError(`"${value}" is neither an ISO 8601 time nor Unix seconds`);
  }
  return isoTime(Math.floor(ms / 1000));
}

/** People, groups and agents as admins name them (email, name), as the ids criteria hold. */
async function criteriaOf(
  { store }: CliContext,
  text: string | undefined,
  options: SearchOptions,
): Promise<SearchCriteria> {
  const userIds = await Promise.all(
    (options.user ?? []).map(async (email) => {
      const user = await store.users.findByEmail(email);
      if (!user) {
        throw new ValidationError(`No user has the email ${email}`);
      }
      return user.id;
    }),
  );
  const groups = await store.groups.findByNames(options.group ?? []);
  const missingGroup = (options.group ?? []).find(
    (name) => !groups.some((group) => group.name.toLowerCase() === name.toLowerCase()),
  );
  if (missingGroup !== undefined) {
    throw new ValidationError(`No group is named ${missingGroup}`);
  }
  const agents = options.agent ? await store.agents.list() : [];
  const agentIds = (options.agent ?? []).map((name) => {
    const agent = agents.find((a) => a.name.toLowerCase() === name.toLowerCase() || a.id === name);
    if (!agent) {
      throw new ValidationError(`No agent is named ${name}`);
    }
    return agent.id;
  });
  const ratings = (options.rating ?? []).map(wholeNumber);
  if (ratings.some((rating) => !(rating >= 1 && rating <= 5))) {
    throw new ValidationError('--rating must be a whole number from 1 to 5');
  }
  return {
    text,
    userIds,
    groupIds: groups.map((group) => group.id),
    agentIds,
    since: isoOf(options.since),
    until: isoOf(options.until),
    kinds: options.kind,
    scanners: options.scanner,
    verdicts: options.verdict,
    findingTypes: options.findingType,
    ratings,
  };
}

export function registerComplianceCommands(program: Command): void {
  const compliance = program
    .command('compliance')
    .description('search the activity record; place and release holds');
  registerHoldCommands(compliance);
  compliance
    .command('search [text]')
    .description(
      'activity of every user, newest first: words ANDed, "quoted phrases", a trailing * for a prefix',
    )
    .option('--user <email>', 'only this user (repeatable)', collect)
    .option('--group <name>', 'only the current members of this group (repeatable)', collect)
    .option('--agent <name>', 'only this agent (repeatable)', collect)
    .option('--since <time>', 'ISO 8601 time or Unix seconds (inclusive)')
    .option('--until <time>', 'ISO 8601 time or Unix seconds (exclusive)')
    .option('--kind <kind>', 'prompt, answer, blocked, file_upload… (repeatable)', collect)
    .option('--scanner <name>', 'a scanner that did not pass the text (repeatable)', collect)
    .option('--verdict <verdict>', 'pass, flag, redact or block (repeatable)', collect)
    .option('--finding-type <type>', 'a finding type, e.g. apiKey (repeatable)', collect)
    .option('--rating <n>', 'a feedback rating, 1 to 5 (repeatable)', collect)
    .option('--limit <n>', 'how many (default 20, at most 100)', wholeNumber)
    .option('--export <format>', 'every match to stdout as csv or jsonl (audited)')
    .action((text: string | undefined, options: SearchOptions, command: Command) =>
      withContext(command, async (context) => {
        const criteria = await criteriaOf(context, text, options);
        if (options.export !== undefined) {
          const format = options.export;
          if (format !== 'csv' && format !== 'jsonl') {
            throw new ValidationError('--export must be csv or jsonl');
          }
          const pages = await exportActivity(context, { userId: null, ip: null }, criteria, format);
          const lines = format === 'csv' ? activityCsv(pages) : activityJsonLines(pages);
          for await (const chunk of lines) {
            context.stdout.write(chunk);
          }
          return;
        }
        const limit = options.limit;
        if (limit !== undefined && !(limit >= 1 && limit <= 100)) {
          throw new ValidationError('--limit must be a whole number from 1 to 100');
        }
        const page = await searchActivity(context, criteria, { limit });
        const results = page.results.map(resultView);
        context.print(
          results,
          table(
            ['ID', 'AT', 'KIND', 'USER', 'AGENT', 'VERDICT', 'FINDINGS', 'TEXT'],
            results.map((r) => [
              String(r.id),
              r.at,
              r.kind,
              r.user?.email ?? r.user?.id ?? '',
              r.agent?.name ?? r.agent?.id ?? '',
              r.verdict,
              r.findingTypes.join(' '),
              r.snippet.text.replaceAll(/\s+/g, ' '),
            ]),
          ),
        );
      }),
    );
}
