import { ValidationError } from '../../lib/errors.ts';

const TEMPLATE = /\{([^{}]*)\}/g;
const MAX_PATH_CHARS = 1000;

/**
 * The `{name}`s of an API's path, after checking the path: empty or starting with "/", no query
 * or fragment (fixed query parameters say those), braces only around a parameter's name.
 */
export function pathParameterNames(path: string): string[] {
  if (path !== '' && !path.startsWith('/')) {
    throw new ValidationError(`path must start with "/" (or be empty), got "${path}"`);
  }
  if (path.length > MAX_PATH_CHARS || /[?#\s\\]/.test(path)) {
    throw new ValidationError(
      `path must be at most ${MAX_PATH_CHARS} characters without "?", "#", "\\" or spaces: query parameters are declared with "in": "query"`,
    );
  }
  const names = [...path.matchAll(TEMPLATE)].map((match) => match[1] ?? '');
  if (
    /[{}]/.test(path.replace(TEMPLATE, '')) ||
    names.some((name) => !/^[A-Za-z0-9_.-]{1,64}$/.test(name))
  ) {
    throw new ValidationError(
      `path has a stray brace: write {name} around a path parameter's name, got "${path}"`,
    );
  }
  return names;
}

/**
 * The path with each `{name}` replaced by its value, percent-encoded as one segment's content
 * (RFC 3986 §3.3): a value cannot add a segment ("/"), start a query ("?") or change the host.
 * "." and ".." are refused by the caller: a URL parser would climb the path with them.
 */
export function fillPath(path: string, values: ReadonlyMap<string, string>): string {
  return path.replace(TEMPLATE, (_, name: string) => encodeURIComponent(values.get(name) ?? ''));
}
