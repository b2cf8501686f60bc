import type { Command } from 'commander';
import {
  createAgent,
  deleteAgent,
  listAllAgents,
  updateAgent,
  type AgentView,
} from '../../chat/agents.ts';
import { assignAgent, setDefaultAgent, unassignAgent } from '../../chat/assignments.ts';
import { AGENT_TEMPLATES, isTemplateName } from '../../chat/agent-templates.ts';
import type { AgentInput } from '../../chat/agent-input.ts';
import { databaseMasterKey } from '../../store/database-master-key.ts';
import { ValidationError } from '../../lib/errors.ts';
import { table, withContext, type CliContext } from '../context.ts';
import { resolveGroup } from '../group-ref.ts';
import { resolveAgent } from '../agent-ref.ts';
import { wholeNumber } from '../parse-options.ts';
import { commaList } from '../tool-refs.ts';
import { DEFAULT_TOOL_STEPS, MAX_TOOL_STEPS } from '../../vocabulary/tools.ts';

interface CreateOptions extends Omit<AgentInput, 'apiKey' | 'maxToolSteps'> {
  template?: string;
  apiKeyEnv?: string;
  /** Commander turns an option's null into '', so "default" stays a word until inputFrom. */
  maxToolSteps?: number | 'default';
}

export function registerAgentCommands(program: Command): void {
  const agents = program
    .command('agents')
    .description('manage agents (an engine, a model and a system prompt) and who may use them');

  agents
    .command('templates')
    .description('list the templates agents create --template starts from')
    .action((_options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const rows = Object.entries(AGENT_TEMPLATES).map(([name, t]) => ({ template: name, ...t }));
        context.print(
          rows,
          table(
            ['TEMPLATE', 'ENGINE', 'MODEL', 'DESCRIPTION'],
            rows.map((r) => [r.template, r.engine, r.model, r.description]),
          ),
        );
      }),
    );

  withAgentOptions(
    agents
      .command('create')
      .description('create an agent, from a template or from scratch')
      .option(
        '--template <name>',
        `start from a template: ${Object.keys(AGENT_TEMPLATES).join(', ')}`,
      ),
  ).action((options: CreateOptions, command: Command) =>
    withContext(command, async (context) => {
      const masterKey = databaseMasterKey(context.config);
      const agent = await createAgent({ ...context, masterKey }, inputFrom(options, context.env));
      context.print(
        agent,
        `Created agent ${agent.name} (${agent.id}) on ${agent.engine}.${toolsLine(agent)}`,
      );
    }),
  );

  withAgentOptions(
    agents
      .command('update <agent>')
      .description('change the fields given of an agent (by id or name); the others stay'),
  )
    .option('--no-use-user-key', "stop using each user's own key")
    .action((agentRef: string, options: CreateOptions, command: Command) =>
      withContext(command, async (context) => {
        const input = inputFrom(options, context.env);
        if (Object.values(input).every((value) => value === undefined)) {
          throw new ValidationError(
            'Nothing to change: give an option such as --model, --custom-apis or --max-tool-steps',
          );
        }
        const { id } = await resolveAgent(context, agentRef);
        const masterKey = databaseMasterKey(context.config);
        const agent = await updateAgent({ ...context, masterKey }, id, input);
        context.print(agent, `Updated agent ${agent.name} (${agent.id}).${toolsLine(agent)}`);
      }),
    );

  agents
    .command('list')
    .description('list agents with whom they are assigned to')
    .action((_options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const all = await listAllAgents(context);
        context.print(
          all,
          table(
            ['ID', 'NAME', 'ENGINE', 'MODEL', 'USERS', 'GROUPS'],
            all.map((a) => [
              a.id,
              a.name,
              a.engine,
              a.model,
              a.userIds.join(','),
              a.groupIds.join(','),
            ]),
          ),
        );
      }),
    );

  agents
    .command('delete <agent>')
    .description('delete an agent, by id or name; its conversations stay')
    .action((agentRef: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const agent = await resolveAgent(context, agentRef);
        await deleteAgent(context, agent.id);
        context.print({ id: agent.id, deleted: true }, `Agent ${agent.name} deleted.`);
      }),
    );

  for (const [name, verb] of [
    ['assign', 'let a user, or every member of a group, use'],
    ['unassign', 'take away from a user or a group'],
  ] as const) {
    agents
      .command(`${name} <agent>`)
      .description(`${verb} an agent (by id or name)`)
      .option('--user <userid>', 'the user')
      .option('--group <group>', 'the group, by id or name')
      .action((agentRef: string, options: { user?: string; group?: string }, command: Command) =>
        withContext(command, async (context) => {
          const agent = await resolveAgent(context, agentRef);
          const groupid = options.group && (await resolveGroup(context.store, options.group)).id;
          const input = { agentId: agent.id, userId: options.user, groupId: groupid || undefined };
          await (name === 'assign' ? assignAgent(context, input) : unassignAgent(context, input));
          const who = options.user ? `user ${options.user}` : `group ${options.group}`;
          context.print(
            { ...input, [`${name}ed`]: true },
            `Agent ${agent.name} ${name}ed: ${who}.`,
          );
        }),
      );
  }

  agents
    .command('set-default <userid> <agent>')
    .description("set a user's default agent (by id or name; none clears it)")
    .action((userId: string, agentRef: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const agentid = agentRef === 'none' ? null : (await resolveAgent(context, agentRef)).id;
        await setDefaultAgent(context, { userId, agentId: agentid });
        context.print({ userId, agentId: agentid }, `Default agent of ${userId}: ${agentRef}.`);
      }),
    );
}

/** The options create and update share: the agent's settings. */
function withAgentOptions(command: Command): Command {
  return command
    .option('--name <name>', 'the agent name (unique in any case)')
    .option('--description <text>', 'what the agent is for')
    .option('--engine <engine>', 'demo, openai, azure-openai, mistral, google, llama or bedrock')
    .option('--model <model>', 'the model id (Azure OpenAI: the deployment name)')
    .option('--endpoint <url>', "the provider's base URL")
    .option('--region <region>', 'AWS region (bedrock)')
    .option('--api-key-env <variable>', 'read the API key from this environment variable')
    .option('--use-user-key', "use each user's own key (SetUserToken) instead of one for all")
    .option('--system-prompt <text>', 'instructions the model always receives')
    .option('--temperature <number>', 'from 0 to 2', Number)
    .option('--max-messages <n>', 'history messages sent to the model (default 20)', wholeNumber)
    .option('--max-output-tokens <n>', 'longest answer in tokens', wholeNumber)
    .option(
      '--custom-apis <names>',
      "the custom APIs it may call, comma-separated; replaces its list ('' for none)",
      commaList,
    )
    .option(
      '--custom-databases <names>',
      "the custom databases it may query, comma-separated; replaces its list ('' for none)",
      commaList,
    )
    .option(
      '--max-tool-steps <n>',
      `model steps an answer with tools may take: 1 to ${MAX_TOOL_STEPS}, or default (${DEFAULT_TOOL_STEPS})`,
      (value: string) => (value === 'default' ? value : wholeNumber(value)),
    );
}

/** The agent's tools, for the human output. */
function toolsLine(agent: AgentView): string {
  const tools = [...agent.customApis, ...agent.customDatabases];
  return tools.length === 0 ? '' : ` Tools from: ${tools.join(', ')}.`;
}

function inputFrom(
  { template, apiKeyEnv, maxToolSteps, ...options }: CreateOptions,
  env: CliContext['env'],
): AgentInput {
  if (template !== undefined && !isTemplateName(template)) {
    throw new ValidationError(
      `Unknown template "${template}": templates are ${Object.keys(AGENT_TEMPLATES).join(', ')}`,
    );
  }
  const apiKey = apiKeyEnv === undefined ? undefined : env[apiKeyEnv];
  if (apiKeyEnv !== undefined && !apiKey) {
    throw new ValidationError(`The environment variable ${apiKeyEnv} is not set`);
  }
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return {
    ...(template && AGENT_TEMPLATES[template]),
    ...given,
    apiKey,
    maxToolSteps: maxToolSteps === 'default' ? null : maxToolSteps,
  };
}
