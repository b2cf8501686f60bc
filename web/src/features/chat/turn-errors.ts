import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { StreamCutError } from './api.ts';
import { blockedBy, describeBlock } from './scans.ts';

export interface TurnNotice {
  kind: 'blocked' | 'error';
  title: string;
  text: string;
}

/** The problem type of a question refused by a used-up hard budget (the API's). */
const BUDGET_EXCEEDED = 'tag:airisk.dev,2026:problem:budget-exceeded';

/** The server's detail as a sentence, to put another after it. */
function sentence(text: string | undefined): string {
  const trimmed = (text ?? '').trim();
  return trimmed === '' || /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function seconds(error: ApiError): string {
  const wait = error.retryAfterSeconds;
  return wait ? `${wait} second${wait === 1 ? '' : 's'}` : 'a moment';
}

/**
 * What to tell the person when a question was not answered. `answering`: the refusal came
 * after the answer had begun (an `error` event), so it was about the answer, not the question.
 * A failed turn stores nothing, so every message says the question can be sent again.
 */
export function describeTurnError(error: unknown, answering: boolean): TurnNotice {
  const blocked = blockedBy(error);
  if (blocked) {
    return answering
      ? {
          kind: 'blocked',
          title: 'The answer was blocked',
          text: `The company’s scanners blocked the agent’s answer: ${describeBlock(blocked)}. It was neither shown nor saved. Ask differently, or ask an administrator to review the scanner settings.`,
        }
      : {
          kind: 'blocked',
          title: 'Your message was not sent',
          text: `The company’s scanners blocked it: ${describeBlock(blocked)}. Nothing reached the agent. Remove what they found and send it again; your message is back in the box below.`,
        };
  }
  if (error instanceof StreamCutError) {
    return {
      kind: 'error',
      title: 'The answer was cut off',
      text: 'The connection to the server was lost before the answer was complete, so nothing was saved. Send your message again.',
    };
  }
  if (error instanceof ApiError) {
    const detail = sentence(error.problem?.detail);
    switch (error.status) {
      case 429:
        if (error.problem?.type === BUDGET_EXCEEDED) {
          const resetsAt = error.problem['resetsAt'];
          return {
            kind: 'error',
            title: 'Budget used up',
            text: `${detail}${typeof resetsAt === 'string' ? ` It resets on ${new Date(resetsAt).toLocaleString()}.` : ''}`,
          };
        }
        return {
          kind: 'error',
          title: 'Too many requests',
          text: `The AI provider is receiving too many requests. Wait ${seconds(error)} and send your message again.`,
        };
      case 502:
        return {
          kind: 'error',
          title: 'The AI provider could not answer',
          text: `${detail || 'The provider refused or failed the request.'} Nothing was saved; send your message again, and tell your administrator if it keeps failing.`,
        };
      case 504:
        return {
          kind: 'error',
          title: 'The AI provider took too long',
          text: 'No answer came in time, so nothing was saved. Send your message again, perhaps shorter.',
        };
      case 404:
        return {
          kind: 'error',
          title: 'Not available',
          text: `${detail || 'This conversation or its agent is no longer available to you.'} Start a new chat.`,
        };
      default:
        break;
    }
  }
  return {
    kind: 'error',
    title: 'Your message was not answered',
    text: `${sentence(errorMessage(error))} Nothing was saved.`,
  };
}

/** What to tell the person about a file the server did not take. */
export function describeUploadError(error: unknown, fileName: string): string {
  const blocked = blockedBy(error);
  if (blocked) {
    return `${fileName} was blocked by the company’s scanners: ${describeBlock(blocked)}. It was not stored; remove what they found and attach it again.`;
  }
  if (error instanceof ApiError) {
    const detail = sentence(error.problem?.detail);
    switch (error.status) {
      case 413:
        return `${fileName} is too large. ${detail} Attach a smaller file, or split it.`.trim();
      case 415:
        return `${fileName} is not a file type the chat can read. Attach a text, Markdown, CSV, JSON, PDF or Word (.docx) file.`;
      case 422:
        return `${fileName} could not be read within the server’s limits. ${detail} Try a shorter or simpler document.`.trim();
      case 503:
        return `The server is busy reading other documents. Wait ${seconds(error)} and attach ${fileName} again.`;
      default:
        break;
    }
  }
  return `${fileName} was not attached: ${sentence(errorMessage(error))}`;
}
