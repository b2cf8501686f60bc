import { STATUS_CODES } from 'node:http';

/** RFC 9457 problem details, with RFC 6749 §5.2 fields on the OAuth2 endpoints (spec §0, §3). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  traceId: string;
  detail?: string;
  error?: string;
  error_description?: string;
  /** Extension members of our own problem types (e.g. the scanners that blocked a text). */
  [extension: string]: unknown;
}

// Each status links the RFC 9110 section that defines it, as the original server does.
const SECTIONS: Record<number, string> = {
  400: 'rfc9110#section-15.5.1',
  401: 'rfc9110#section-15.5.2',
  403: 'rfc9110#section-15.5.4',
  404: 'rfc9110#section-15.5.5',
  405: 'rfc9110#section-15.5.6',
  406: 'rfc9110#section-15.5.7',
  409: 'rfc9110#section-15.5.10',
  410: 'rfc9110#section-15.5.11',
  413: 'rfc9110#section-15.5.14',
  414: 'rfc9110#section-15.5.15',
  415: 'rfc9110#section-15.5.16',
  422: 'rfc9110#section-15.5.21',
  429: 'rfc6585#section-4',
  500: 'rfc9110#section-15.6.1',
  502: 'rfc9110#section-15.6.3',
  503: 'rfc9110#section-15.6.4',
  504: 'rfc9110#section-15.6.5',
};

export function problem(status: number, traceId: string, detail?: string): Problem {
  const section = SECTIONS[status];
  return {
    type: section ? `https://tools.ietf.org/html/${section}` : 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    traceId,
    ...(detail === undefined ? {} : { detail }),
  };
}
