import type { Command } from 'commander';
import type { CustomApiView } from '../../tools/custom-apis/custom-apis.ts';
import { ValidationError } from '../../lib/errors.ts';
import { API_AUTH_KINDS, PARAMETER_LOCATIONS, PARAMETER_TYPES } from '../../vocabulary/tools.ts';
import { collect, wholeNumber } from '../parse-options.ts';
import { given, readDefinitionFile } from '../tool-refs.ts';

// The options `airisk apis create` and `update` share: a definition file and/or the common fields,
// the options winning over the file, so a file can be reused with one field changed.

export interface ApiOptions {
  file?: string;
  name?: string;
  description?: string;
  baseUrl?: string;
  method?: string;
  path?: string;
  param?: string[];
  responsePath?: string;
  maxResponseBytes?: number;
  timeoutMs?: number;
  auth?: string;
  authSecret?: string;
  authIn?: string;
  authName?: string;
  authUsername?: string;
  authTokenUrl?: string;
  authClientId?: string;
  authScope?: string;
  authProvider?: string;
  authHeader?: string;
  authScheme?: string;
}

export function withApiOptions(command: Command): Command {
  return command
    .option('--file <path>', 'a JSON or YAML file with the fields (as apis show --json gives)')
    .option('--name <name>', 'the tool name the model sees, e.g. get_order')
    .option('--description <text>', 'told to the model: what it does and when to call it')
    .option('--base-url <url>', 'http(s) URL the path is appended to; calls go to its host only')
    .option('--method <method>', 'GET (default), POST, PUT, PATCH or DELETE')
    .option('--path <path>', '{name} marks a path parameter, e.g. /orders/{orderId}')
    .option(
      '--param <spec>',
      `a parameter as NAME:IN[:TYPE][:required], IN one of ${PARAMETER_LOCATIONS.join('|')}, TYPE one of ${PARAMETER_TYPES.join('|')} (default string); repeat for each; replaces the file's`,
      collect,
    )
    .option('--response-path <jsonpath>', "what of a JSON answer the model gets, e.g. '$.order'")
    .option('--max-response-bytes <n>', 'a longer answer fails the call', wholeNumber)
    .option('--timeout-ms <n>', 'for the whole call', wholeNumber)
    .option('--auth <kind>', `how calls authenticate: ${API_AUTH_KINDS.join(', ')}`)
    .option('--auth-secret <secret>', 'the custom secret with the key, password or token')
    .option('--auth-in <where>', 'apiKey: header (default) or query')
    .option('--auth-name <name>', 'apiKey: the header or query parameter, e.g. X-API-Key')
    .option('--auth-username <name>', 'basic: the user name')
    .option('--auth-token-url <url>', "oauth2ClientCredentials: the server's token endpoint")
    .option('--auth-client-id <id>', 'oauth2ClientCredentials: the client id')
    .option('--auth-scope <scope>', 'oauth2ClientCredentials: the scope asked for')
    .option('--auth-provider <name>', "userToken: the SetUserToken provider of the user's token")
    .option('--auth-header <name>', 'userToken: the header it goes in (default Authorization)')
    .option('--auth-scheme <scheme>', 'userToken: written before it (default Bearer)');
}

/** The file's fields with the options' over them, and where they came from (for messages). */
export function apiDefinitionOf(options: ApiOptions): {
  input: Record<string, unknown>;
  source: string;
} {
  const { file, param, responsePath, method } = options;
  const input = {
    ...(file === undefined ? {} : readDefinitionFile(file)),
    ...given({
      name: options.name,
      description: options.description,
      baseUrl: options.baseUrl,
      method: method?.toUpperCase(),
      path: options.path,
      parameters: param?.map(parameterOf),
      responsePath: responsePath === undefined ? undefined : responsePath.trim() || null,
      maxResponseBytes: options.maxResponseBytes,
      timeoutMs: options.timeoutMs,
      auth: authOf(options),
    }),
  };
  return { input, source: file === undefined ? 'The options' : `${file} with the options` };
}

/** "orderId:path:integer:required" → { name, in, type, required }. */
function parameterOf(spec: string): Record<string, unknown> {
  const [name = '', location = '', type, required, ...rest] = spec.split(':');
  if (name === '' || location === '' || rest.length > 0 || (required && required !== 'required')) {
    throw new ValidationError(
      `--param "${spec}" is not NAME:IN[:TYPE][:required], e.g. orderId:path:integer or limit:query:integer`,
    );
  }
  return { name, in: location, ...(type && { type }), ...(required && { required: true }) };
}

/** The auth the options describe; undefined when they name none. */
function authOf(options: ApiOptions): Record<string, unknown> | undefined {
  const kind = options.auth;
  const fields = given({
    secret: options.authSecret,
    in: options.authIn,
    name: options.authName,
    username: options.authUsername,
    tokenUrl: options.authTokenUrl,
    clientId: options.authClientId,
    scope: options.authScope,
    provider: options.authProvider,
    header: options.authHeader,
    scheme: options.authScheme,
  });
  if (kind === undefined) {
    if (Object.keys(fields).length > 0) {
      throw new ValidationError(
        `--auth-… options describe an auth: give its kind too (--auth ${API_AUTH_KINDS.join('|')})`,
      );
    }
    return undefined;
  }
  return { kind, ...fields };
}

/** The API as an admin reads it on a terminal. */
export function describeApi(api: CustomApiView): string {
  const parameters = api.parameters.map(
    (p) =>
      `  ${p.name} (${p.in}, ${p.type}${p.required ? ', required' : ''}${p.fixed ? `, fixed ${JSON.stringify(p.default)}` : ''})${p.description ? `: ${p.description}` : ''}`,
  );
  const { kind, ...auth } = api.auth;
  const authText = Object.entries(auth)
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ');
  return [
    `${api.name} (${api.id}): ${api.method} ${api.baseUrl}${api.path}`,
    api.description,
    `Parameters:${parameters.length === 0 ? ' none' : `\n${parameters.join('\n')}`}`,
    `Auth: ${kind}${authText ? ` (${authText})` : ''}`,
    `Response: ${api.responsePath ?? 'all of it'}, at most ${api.maxResponseBytes} bytes, within ${api.timeoutMs} ms`,
    `Used by: ${api.usedBy.map((agent) => agent.name).join(', ') || 'no agent'}`,
  ].join('\n');
}
