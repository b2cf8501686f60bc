import type { ToolDeps } from '../tool-deps.ts';
import type { CustomApiRecord } from '../../store/tools-store.ts';
import type { AgentTool, ToolCallContext, ToolOutput } from '../agent-tool.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { callOutbound } from '../outbound/outbound-call.ts';
import { OutboundError } from '../outbound/outbound-error.ts';
import { buildApiRequest } from './api-request.ts';
import { authenticate } from './api-auth.ts';
import { responseOutput } from './api-response.ts';
import { inputSchemaOf } from './input-schema.ts';
import { dropClientCredentialsToken } from './oauth-tokens.ts';

/** The custom API as a tool of the agent's model: its name, description and arguments. */
export function customApiTool(deps: ToolDeps, api: CustomApiRecord): AgentTool {
  return {
    name: api.name,
    kind: 'api',
    description: api.description,
    inputSchema: inputSchemaOf(api),
    run: (args, context) => callCustomApi(deps, api, args, context),
  };
}

/**
 * One call of the API for the model's arguments. What went wrong that the model, the user or an
 * admin can mend (an argument, a missing token, a refused address, a timeout) is its answer;
 * only faults of ours throw.
 */
export async function callCustomApi(
  deps: ToolDeps,
  api: CustomApiRecord,
  args: unknown,
  context: ToolCallContext,
): Promise<ToolOutput> {
  const secrets: string[] = [];
  try {
    let output = await attempt(deps, api, args, context, secrets);
    // An OAuth2 token may be revoked before it expires: the API's 401 says so; one fresh token.
    if (output.status === 401 && api.auth.kind === 'oauth2ClientCredentials') {
      await dropClientCredentialsToken(deps, {
        api,
        auth: api.auth,
        userId: context.userId,
        signal: context.signal,
      });
      output = await attempt(deps, api, args, context, secrets);
    }
    return scrub(output.output, secrets);
  } catch (error) {
    if (
      error instanceof OutboundError ||
      error instanceof ValidationError ||
      error instanceof NotFoundError
    ) {
      return scrub({ ok: false, error: error.message }, secrets);
    }
    throw error;
  }
}

async function attempt(
  deps: ToolDeps,
  api: CustomApiRecord,
  args: unknown,
  context: ToolCallContext,
  secrets: string[],
): Promise<{ output: ToolOutput; status?: number }> {
  const built = buildApiRequest(api, args);
  if (!built.ok) {
    return { output: built };
  }
  const { request } = built;
  // Belt and braces: the path's values are encoded, so the origin is the base URL's.
  if (request.url.origin !== new URL(api.baseUrl).origin) {
    return { output: { ok: false, error: 'The arguments would change the API host' } };
  }
  const authenticated = await authenticate(deps, api, request, context);
  if (!authenticated.ok) {
    return { output: authenticated };
  }
  secrets.push(...authenticated.secrets);
  const response = await callOutbound(deps.outbound, request, {
    timeoutMs: api.timeoutMs,
    maxResponseBytes: api.maxResponseBytes,
    signal: context.signal,
  });
  return { output: responseOutput(api, response), status: response.status };
}

/** An API may echo what it was sent: the credentials never reach the model or the record. */
function scrub(output: ToolOutput, secrets: string[]): ToolOutput {
  const forms = secrets
    .filter((secret) => secret.length >= 4)
    .flatMap(echoedForms)
    // The longest first: an encoded form may hold the plain one.
    .sort((a, b) => b.length - a.length);
  const hide = (text: string) => forms.reduce((t, form) => t.replaceAll(form, '[secret]'), text);
  return output.ok
    ? { ok: true, text: hide(output.text) }
    : { ok: false, error: hide(output.error) };
}

/**
 * A credential as an echo may carry it: as sent, percent- or form-encoded (a key in the query,
 * echoed in a URL), or escaped inside a JSON string (the answer is re-serialised).
 */
function echoedForms(secret: string): string[] {
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
    ]),
  ];
}
