import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

/**
 * Where the server's outbound calls (custom APIs, their OAuth2 token endpoints) may connect: any
 * public address, and the private, loopback, link-local… ranges the server administrator listed
 * in AIRISK_OUTBOUND_ALLOWED_NETWORKS. A company admin describes APIs but cannot open the
 * server's own network: that list is the server admin's.
 */
export interface OutboundPolicy {
  readonly allowedNetworks: readonly string[];
  /** Agents that check the address each connection is about to use, after DNS resolution. */
  readonly httpAgent: HttpAgent;
  readonly httpsAgent: HttpsAgent;
}

export function createOutboundPolicy(allowedNetworks: readonly string[]): OutboundPolicy {
  const filter = {
    allowPrivateIPAddress: false,
    allowMetaIPAddress: false,
    allowIPAddressList: allowedNetworks.map(plainWhenSingleIpv4),
    // A kept-alive socket would skip the next call's check; each call connects and is checked
    // anew, so a name that resolves elsewhere later (DNS rebinding) is caught at that connect.
    keepAlive: false,
  };
  return {
    allowedNetworks,
    httpAgent: new RequestFilteringHttpAgent(filter),
    httpsAgent: new RequestFilteringHttpsAgent(filter),
  };
}

/**
 * The library compares a plain address as text and a CIDR range with ipaddr.js, which warns on
 * the console when the families differ (an IPv6 target against an IPv4 range). A single IPv4
 * address is therefore given plain: "127.0.0.1/32" → "127.0.0.1".
 */
function plainWhenSingleIpv4(network: string): string {
  const [address = '', prefix] = network.split('/');
  return prefix === '32' && address.includes('.') ? address : network;
}
