import { STATUS_CODES } from 'node:http';
import { query, type JsonValue } from 'jsonpath-rfc9535';
import type { CustomApiRecord } from '../../store/tools-store.ts';
import type { OutboundResponse } from '../outbound/send-once.ts';
import type { ToolOutput } from '../agent-tool.ts';
import { MAX_TOOL_RESULT_CHARS } from '../../vocabulary/tools.ts';

const ERROR_EXCERPT_CHARS = 500;
const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;
const TEXT_TYPE =
  /^(text\/|application\/([\w.+-]*\+)?(xml|json|javascript|x-www-form-urlencoded|yaml|csv)\b)/i;

/**
 * What the model reads of the API's answer: a JSON body through the API's responsePath (RFC 9535
 * JSONPath, evaluated without eval: jsonpath-rfc9535), other text as it is, all of it at most
 * MAX_TOOL_RESULT_CHARS. A non-2xx status is an error naming it with the start of the body.
 */
export function responseOutput(api: CustomApiRecord, response: OutboundResponse): ToolOutput {
  const status =
    `${response.status} ${response.statusText || STATUS_CODES[response.status] || ''}`.trim();
  const type = String(response.headers['content-type'] ?? '');
  const isText = type === '' || TEXT_TYPE.test(type);
  const text = isText ? response.body.toString('utf8') : '';
  if (response.status < 200 || response.status > 299) {
    const excerpt = text.trim().slice(0, ERROR_EXCERPT_CHARS);
    return { ok: false, error: `The API answered ${status}${excerpt ? `: ${excerpt}` : ''}` };
  }
  if (!isText) {
    return {
      ok: false,
      error: `The API answered ${status} with ${type} (${response.body.length} bytes), which is not text: this tool cannot read it`,
    };
  }
  if (text.trim() === '') {
    return { ok: true, text: `The API answered ${status} with no content` };
  }
  const selected = JSON_TYPE.test(type) ? selectJson(text, api.responsePath) : text;
  return { ok: true, text: capped(selected) };
}

/** One match gives its value, any other count the list of them (RFC 9535 §2.6: a nodelist). */
function selectJson(text: string, responsePath: string | null): string {
  let document: JsonValue;
  try {
    document = JSON.parse(text) as JsonValue;
  } catch {
    // Said to be JSON but not: the model may still make sense of the text.
    return text;
  }
  if (responsePath === null) {
    return JSON.stringify(document);
  }
  const nodes = query(document, responsePath);
  return JSON.stringify(nodes.length === 1 ? nodes[0] : nodes);
}

function capped(text: string): string {
  if (text.length <= MAX_TOOL_RESULT_CHARS) {
    return text;
  }
  const note = `\n[cut: the answer had ${text.length} characters; tools keep ${MAX_TOOL_RESULT_CHARS}]`;
  return text.slice(0, MAX_TOOL_RESULT_CHARS - note.length) + note;
}
