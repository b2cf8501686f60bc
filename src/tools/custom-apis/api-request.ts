import type { CustomApiRecord } from '../../store/tools-store.ts';
import type { OutboundRequest } from '../outbound/send-once.ts';
import { fillPath } from './api-path.ts';
import { article, asText, describeValue, isOfType } from '../parameter-values.ts';

export type BuiltRequest = { ok: true; request: OutboundRequest } | { ok: false; error: string };

// Node refuses other characters in a header value (line breaks would split the request).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The HTTP request for the model's arguments: each parameter where the admin said, a fixed one
 * always the admin's value, a left-out one its default. What the model got wrong comes back as
 * an error it can correct; auth is added afterwards (api-auth.ts).
 */
export function buildApiRequest(api: CustomApiRecord, rawArguments: unknown): BuiltRequest {
  const args = rawArguments ?? {};
  if (typeof args !== 'object' || Array.isArray(args)) {
    return { ok: false, error: 'The arguments must be a JSON object' };
  }
  const given = args as Record<string, unknown>;
  const settable = api.parameters.filter((p) => !p.fixed).map((p) => p.name);
  const unknown = Object.keys(given).filter((name) => !settable.includes(name));
  if (unknown.length > 0) {
    const takes = settable.length > 0 ? `it takes ${settable.join(', ')}` : 'it takes none';
    return {
      ok: false,
      error: `Unknown argument ${unknown.map((n) => `"${n}"`).join(', ')}: ${takes}`,
    };
  }
  const missing: string[] = [];
  const pathValues = new Map<string, string>();
  const query: [string, string][] = [];
  const headers: Record<string, string> = {
    accept: 'application/json, text/*;q=0.9, */*;q=0.1',
    'user-agent': 'AIRisk custom API',
  };
  const body: Record<string, unknown> = {};
  for (const parameter of api.parameters) {
    const value = parameter.fixed
      ? parameter.default
      : (given[parameter.name] ?? parameter.default);
    if (value === null || value === undefined) {
      if (parameter.required) {
        missing.push(parameter.name);
      }
      continue;
    }
    if (!isOfType(parameter.type, value)) {
      return {
        ok: false,
        error: `Argument "${parameter.name}" must be ${article(parameter.type)}, got ${describeValue(value)}`,
      };
    }
    const text = asText(value);
    switch (parameter.in) {
      case 'path':
        if (text === '' || text === '.' || text === '..') {
          return {
            ok: false,
            error: `Argument "${parameter.name}" cannot be "${text}": it is a part of the URL's path`,
          };
        }
        pathValues.set(parameter.name, text);
        break;
      case 'query':
        for (const item of Array.isArray(value) ? value : [value]) {
          query.push([parameter.name, asText(item)]);
        }
        break;
      case 'header':
        if (!HEADER_VALUE.test(text)) {
          return {
            ok: false,
            error: `Argument "${parameter.name}" has characters a header cannot carry (line breaks, control characters)`,
          };
        }
        headers[parameter.name.toLowerCase()] = text;
        break;
      case 'body':
        body[parameter.name] = value;
        break;
    }
  }
  if (missing.length > 0) {
    return {
      ok: false,
      error: `Missing required argument${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    };
  }
  const url = new URL(api.baseUrl + fillPath(api.path, pathValues));
  for (const [name, value] of query) {
    url.searchParams.append(name, value);
  }
  const hasBody = api.parameters.some((p) => p.in === 'body');
  if (hasBody) {
    headers['content-type'] ??= 'application/json';
  }
  return {
    ok: true,
    request: { url, method: api.method, headers, body: hasBody ? JSON.stringify(body) : undefined },
  };
}
