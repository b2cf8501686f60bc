// Redirect URIs as an admin types them: one per line (commas also separate, as the original
// server stored them). The server validates; these notes only warn before it is asked.

export function parseRedirectUris(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,]/)
        .map((uri) => uri.trim())
        .filter(Boolean),
    ),
  ];
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/** What is likely wrong with these URIs, in words; empty when nothing is. */
export function redirectUriWarnings(uris: readonly string[]): string[] {
  return uris.flatMap((uri) => {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return [`${uri} is not an absolute URI: start it with https://.`];
    }
    if (uri.includes('#')) {
      return [`${uri} has a fragment (#…), which a redirect URI may not have.`];
    }
    if (url.protocol === 'http:' && url.hostname === 'localhost') {
      // RFC 8252 §8.3: a name may resolve elsewhere, and only a loopback IP takes any port.
      return [
        `${uri}: use http://127.0.0.1 (or [::1]) rather than localhost, which may resolve to another address and must then match its port exactly.`,
      ];
    }
    if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
      return [
        `${uri} is not encrypted: use https, or a loopback address (127.0.0.1 or [::1]) for an app on the same machine.`,
      ];
    }
    return [];
  });
}
