import { sql, type Kysely, type RawBuilder } from 'kysely';
import { openDatabase, type Dialect } from '../src/store/database.ts';
import type { Database } from '../src/store/schema.ts';

export interface InsightSeedReport {
  events: number;
  users: number;
  days: number;
  blocked: number;
  seconds: number;
  method: string;
}

/** The words the seeded text is made of: English, then German; the first of each are common. */
const ENGLISH =
  'the please and report what customer invoice summary draft email project meeting contract review budget policy team quarter sales data table chart deadline travel expense request support ticket server deploy release database query error network access password account login update schedule holiday training manager product feature design market analysis forecast risk audit compliance vendor payment order shipping warehouse inventory price discount offer proposal presentation slide agenda minutes translation letter complaint refund warranty insurance claim legal privacy security incident backup migration cloud storage license renewal onboarding hiring interview salary bonus'.split(
    ' ',
  );
const GERMAN =
  'der bitte und bericht was kunde rechnung zusammenfassung entwurf nachricht projekt besprechung vertrag prüfung haushalt richtlinie mannschaft quartal umsatz daten tabelle diagramm frist reise ausgabe anfrage hilfe vorgang dienst bereitstellung freigabe datenbank abfrage fehler netzwerk zugang kennwort konto anmeldung aktualisierung zeitplan urlaub schulung leitung erzeugnis funktion gestaltung markt analyse prognose risiko revision einhaltung lieferant zahlung bestellung versand lager bestand preis rabatt angebot vorschlag vortrag folie tagesordnung protokoll übersetzung brief beschwerde erstattung garantie versicherung schaden recht datenschutz sicherheit vorfall sicherung umzug wolke speicher lizenz verlängerung einarbeitung einstellung gespräch gehalt prämie'.split(
    ' ',
  );
/** In one event of RARE_EVERY: a word a search finds a hundred times in a million. */
export const RARE_WORD = 'zeppelinhangar';
const RARE_EVERY = 10_007;
/** In one prompt of PHRASE_EVERY: the phrase the bench searches for. */
export const PHRASE = 'api key';
const PHRASE_EVERY = 97;
export const COMMON_WORD = ENGLISH[1]!;
/** Finding types of blocked prompts, each with the scanner that reports it. */
export const FINDINGS = [
  ['secrets', 'aws_access_key'],
  ['personalInformation', 'email_address'],
  ['personalInformation', 'iban'],
  ['promptInjection', 'prompt_injection'],
  ['toxicity', 'insult'],
] as const;
const COUNTRIES =
  'DE US FR GB IT ES NL BE AT CH SE NO DK FI PL CZ PT IE GR HU RO BG HR SI SK LT LV EE CA JP'.split(
    ' ',
  );
export const INSIGHT_USERS = 1000;
export const INSIGHT_GROUPS = 5;
export const INSIGHT_AGENTS = 20;
const MODELS = 5;
const DAYS = 90;
const WORDS_PER_TEXT = 10;
/** One prompt in BLOCK_EVERY (counted in turns) is blocked: 2 %. */
const BLOCK_EVERY = 50;
const TURNS_PER_CONVERSATION = 5;

export const agentIdOf = (index: number) =>
  `00000000-0000-4000-a000-${String(index).padStart(12, '0')}`;
export const groupIdOf = (index: number) =>
  `00000000-0000-4000-b000-${String(index).padStart(12, '0')}`;
export const userIdOf = (index: number) =>
  `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;

/**
 * SQL expressions over the event's index `i` (a 64-bit integer on both stores). Each event
 * belongs to turn i/2 (prompt, then answer) of conversation i/10; a conversation has one user,
 * agent and language. Words are drawn by a multiplicative hash, squared so that the first words
 * of each language are common and the last rare.
 */
const turn = '(i / 2)';
const conversation = `(i / ${2 * TURNS_PER_CONVERSATION})`;
const user = `((${conversation} * 7919) % ${INSIGHT_USERS})`;
const agent = `(${conversation} % ${INSIGHT_AGENTS})`;
const blocked = `(i % 2 = 0 and ${turn} % ${BLOCK_EVERY} = 7)`;
const finding = `((${turn} / ${BLOCK_EVERY}) % ${FINDINGS.length})`;

function wordAt(k: number): string {
  const hash = `((i * 2654435761 + ${k * 40503 + 12345}) % 1000)`;
  return `(select word from bench_vocab where idx = ${conversation} % 2 * ${ENGLISH.length} + ${hash} * ${hash} * ${ENGLISH.length} / 1000000)`;
}

function textExpression(concat: (parts: string[]) => string): string {
  const words = Array.from({ length: WORDS_PER_TEXT }, (_, k) => wordAt(k));
  const parts: string[] = [];
  for (const [k, word] of words.entries()) {
    parts.push(k === 0 ? word : `' '`, ...(k === 0 ? [] : [word]));
  }
  parts.push(
    `case when i % ${PHRASE_EVERY} = 0 then ' ${PHRASE}' else '' end`,
    `case when i % ${RARE_EVERY} = 3 then ' ${RARE_WORD}' else '' end`,
  );
  return concat(parts);
}

const caseOf = (index: string, values: readonly string[]) =>
  `case ${index} ${values.map((value, at) => `when ${at} then '${value}'`).join(' ')} end`;

function eventsSelect(dialect: Dialect, start: number, span: number, events: number): string {
  const text = textExpression((parts) => parts.join(' || '));
  const id = (prefix: string, index: string) =>
    dialect === 'sqlite'
      ? `format('00000000-0000-4000-${prefix}-%012d', ${index})`
      : `'00000000-0000-4000-${prefix}-' || lpad((${index})::text, 12, '0')`;
  const scanner = caseOf(
    finding,
    FINDINGS.map(([name]) => name),
  );
  const type = caseOf(
    finding,
    FINDINGS.map(([, name]) => name),
  );
  const series =
    dialect === 'sqlite'
      ? `(with recursive s(i) as (select 0 union all select i + 1 from s where i < ${events - 1}) select i from s)`
      : `(select generate_series(0::bigint, ${events - 1}::bigint) as i)`;
  return `select ${start} + i * ${span} / ${events},
    case when ${blocked} then 'blocked' when i % 2 = 0 then 'prompt' else 'answer' end,
    ${id('8000', user)}, ${id('a000', agent)}, ${id('c000', conversation)}, ${id('d000', 'i')},
    'demo', 'model-' || (${agent} % ${MODELS}),
    '10.0.' || (${user} / 250) || '.' || (${user} % 250),
    ${caseOf(`(${user} % ${COUNTRIES.length})`, COUNTRIES)},
    case when ${blocked} then 'block' else 'pass' end,
    case when ${blocked} then '["' || ${scanner} || '"]' else '[]' end,
    case when ${blocked} then '["' || ${type} || '"]' else '[]' end,
    case when i % 2 = 0 then 20 + i % 200 else null end,
    case when i % 2 = 1 then 50 + i % 700 else null end,
    case when i % 2 = 1 then 100 + i % 3000 else null end,
    case when i % 2 = 1 and ${turn} % 37 = 3 then 1 + ${turn} % 5 else null end,
    ${text}, '{}'
    from ${series} as series`;
}

const insertEvents = `insert into activity_events (at, kind, user_id, agent_id, conversation_id,
  message_id, engine, model, client_ip, country, verdict, scanners, finding_types, prompt_tokens,
  completion_tokens, cost_micros, feedback_rating, text, details) `;

function statements(dialect: Dialect, now: number, events: number): RawBuilder<unknown>[] {
  const vocabulary = JSON.stringify([...ENGLISH, ...GERMAN]);
  const start = now - DAYS * 86_400;
  const id = (prefix: string, index: string) =>
    dialect === 'sqlite'
      ? `format('00000000-0000-4000-${prefix}-%012d', ${index})`
      : `'00000000-0000-4000-${prefix}-' || lpad((${index})::text, 12, '0')`;
  const small = (count: number) =>
    dialect === 'sqlite'
      ? `(with recursive s(i) as (select 0 union all select i + 1 from s where i < ${count - 1}) select i from s)`
      : `(select generate_series(0, ${count - 1}) as i)`;
  const first = (column: string) =>
    dialect === 'sqlite' ? `json_extract(${column}, '$[0]')` : `(${column}::json ->> 0)`;
  const vocab =
    dialect === 'sqlite'
      ? sql`insert into bench_vocab select cast(key as integer), value from json_each(${vocabulary})`
      : sql`insert into bench_vocab select n - 1, w from json_array_elements_text(${vocabulary}::json) with ordinality as v(w, n)`;
  return [
    sql.raw(
      dialect === 'sqlite'
        ? 'create temp table bench_vocab (idx integer primary key, word text not null)'
        : 'create temp table bench_vocab (idx bigint primary key, word text not null)',
    ),
    vocab,
    sql.raw(`insert into groups (id, name, name_normalized, description, created_at)
      select ${id('b000', 'i')}, 'Group ' || i, 'group ' || i, '', ${now} from ${small(INSIGHT_GROUPS)} as g`),
    sql.raw(`insert into group_members (group_id, user_id, added_at)
      select ${id('b000', `i % ${INSIGHT_GROUPS}`)}, ${id('8000', 'i')}, ${now} from ${small(INSIGHT_USERS)} as m`),
    sql.raw(`insert into agents (id, name, name_normalized, description, engine, model,
        use_user_key, system_prompt, max_messages, created_at, updated_at)
      select ${id('a000', 'i')}, 'Agent ' || i, 'agent ' || i, '', 'demo', 'model-' || (i % ${MODELS}),
        0, '', 20, ${now}, ${now} from ${small(INSIGHT_AGENTS)} as a`),
    sql.raw(insertEvents + eventsSelect(dialect, start, DAYS * 86_400, events)),
    sql.raw(`insert into activity_findings (seq, scanner, finding_type)
      select seq, ${first('scanners')}, ${first('finding_types')}
      from activity_events where verdict = 'block'`),
    // The triggers queued every event for the monitoring rules, as if none had been evaluated;
    // evaluating a million at the server's start is not what the bench measures.
    sql.raw('delete from activity_queue'),
    sql.raw('drop table bench_vocab'),
  ];
}

const settle: Record<Dialect, string[]> = {
  sqlite: ['analyze'],
  postgres: [
    'vacuum (analyze) activity_events, activity_findings, activity_daily, users, groups, group_members, agents',
  ],
};

const methods: Record<Dialect, string> = {
  sqlite:
    'INSERT … SELECT over a WITH RECURSIVE series (FTS5, daily-sum and queue triggers firing), then ANALYZE',
  postgres:
    'INSERT … SELECT over generate_series (tsvector column and GIN index kept, daily-sum and queue trigger firing), then VACUUM (ANALYZE)',
};

/**
 * `events` activity events over the last 90 days, written straight into the migrated database
 * at `url` as the recording would have written them (their findings too; the database's
 * triggers add the daily sums), by INSERT … SELECT: bench set-up, not the product path. The users (INSIGHT_USERS of
 * bench/scale-seed.ts's) must exist; the groups and agents are made here.
 */
export async function seedInsight(
  url: string,
  searchPath: string | undefined,
  events: number,
  progress: (message: string) => void,
): Promise<InsightSeedReport> {
  const started = performance.now();
  const { db, dialect } = openDatabase(url, { searchPath });
  try {
    const now = Math.floor(Date.now() / 1000);
    await db.transaction().execute(async (trx) => {
      for (const statement of statements(dialect, now, events)) {
        await statement.execute(trx);
      }
    });
    progress(`${events} events inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const statement of settle[dialect]) {
      await sql.raw(statement).execute(db);
    }
    if (dialect === 'postgres') {
      await sql`checkpoint`.execute(db).catch(() => undefined);
    }
    return {
      events,
      users: INSIGHT_USERS,
      days: DAYS,
      blocked: await countBlocked(db),
      seconds: (performance.now() - started) / 1000,
      method: methods[dialect],
    };
  } finally {
    await db.destroy();
  }
}

async function countBlocked(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('activityEvents')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('kind', '=', 'blocked')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
