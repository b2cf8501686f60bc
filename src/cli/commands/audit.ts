import type { Command } from 'commander';
import { listAuditEvents } from '../../audit/audit-log.ts';
import { table, withContext } from '../context.ts';
import { wholeNumber } from '../parse-options.ts';

/** A time as ISO 8601 or Unix seconds. */
function parseTime(value: string): number {
  const seconds = /^\d+$/.test(value) ? Number(value) : Date.parse(value) / 1000;
  if (!Number.isFinite(seconds)) {
    throw new Error(`"${value}" is neither an ISO 8601 time nor Unix seconds`);
  }
  return Math.floor(seconds);
}

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('the security audit log, newest first')
    .option('--since <time>', 'ISO 8601 time or Unix seconds (inclusive)', parseTime)
    .option('--until <time>', 'ISO 8601 time or Unix seconds (exclusive)', parseTime)
    .option('--event <name>', 'only this event, e.g. token_denied')
    .option('--results <n>', 'how many (default 20, at most 1000)', wholeNumber)
    .option('--skip <n>', 'how many to skip', wholeNumber)
    .action(
      (
        options: {
          since?: number;
          until?: number;
          event?: string;
          results?: number;
          skip?: number;
        },
        command: Command,
      ) =>
        withContext(command, async (context) => {
          const events = (await listAuditEvents(context, options)).map((event) => ({
            ...event,
            at: new Date(event.at * 1000).toISOString(),
          }));
          context.print(
            events,
            table(
              ['AT', 'EVENT', 'OUTCOME', 'CLIENT', 'USER', 'IP', 'REASON'],
              events.map((e) => [
                e.at,
                e.event,
                e.outcome,
                e.clientId ?? '',
                e.userId ?? '',
                e.ip ?? '',
                e.reason ?? '',
              ]),
            ),
          );
        }),
    );
}
