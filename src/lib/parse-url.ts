/**
 * The URL, or undefined when the text is not one. `new URL` throws, and whatever a client sends
 * must end in a 400 that names it, never in an exception escaping a handler.
 */
export function parseUrl(text: string, base?: string): URL | undefined {
  return URL.canParse(text, base) ? new URL(text, base) : undefined;
}
