import { isIP } from 'node:net';
import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';

const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g;
// Groups of up to four hex digits around colons, maybe ending in an IPv4 address (::ffff:1.2.3.4).
const IPV6 =
  /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g;
// "version 1.2.3.4", "v10.0.0.1": four numbers after these words are a version, not an address.
const VERSION_CUE = /(?:\bv|version|versi[oó]n|release|build|rev|firmware|update)\.?\s*$/i;
const CUE_WINDOW = 16;

function toFinding(text: string, match: RegExpExecArray, version: 4 | 6): Finding | null {
  const address = match[0];
  if (isIP(address) !== version) {
    return null;
  }
  // "a::b" is a valid address in form but, without a digit, a C++ or Rust path.
  if (version === 6 && !/\d/.test(address)) {
    return null;
  }
  if (VERSION_CUE.test(text.slice(Math.max(0, match.index - CUE_WINDOW), match.index))) {
    return null;
  }
  return {
    type: 'ipAddress',
    start: match.index,
    end: match.index + address.length,
    label: version === 4 ? 'IPv4 address' : 'IPv6 address',
  };
}

export function findIpAddresses(text: string): Finding[] {
  return [
    ...findMatches(IPV4, text, (match) => toFinding(text, match, 4)),
    ...findMatches(IPV6, text, (match) => toFinding(text, match, 6)),
  ];
}
