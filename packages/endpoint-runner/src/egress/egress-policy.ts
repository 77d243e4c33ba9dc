import {
  embeddedIpv4,
  formatIpv4,
  isInRange,
  parseCidr,
  parseIpAddress,
  specialRangeOf,
  type AddressRange,
} from './address-ranges.js';

/** A host an endpoint URL may name: exactly, every subdomain of a domain, or any host. */
export type AllowedHost =
  { kind: 'exact'; host: string } | { kind: 'subdomains'; domain: string } | { kind: 'any' };

/**
 * Where the worker may send endpoint requests (docs/endpoint-submissions.md, "Egress"): the hosts
 * a URL may name, and the private or special address ranges it may nevertheless reach (every
 * other such range is refused, whatever the host).
 */
export interface EgressPolicy {
  /** Empty: the site takes no endpoint submissions. */
  allowedHosts: readonly AllowedHost[];
  allowedPrivateRanges: readonly AddressRange[];
}

export interface EgressPolicyEnv {
  /** Comma list: `api.example.com`, `*.example.com` (its subdomains), `*` (any host), IP literals. */
  ENDPOINT_ALLOWED_HOSTS?: string;
  /** Comma list of CIDRs reachable although private or special, e.g. `127.0.0.0/8,::1/128`. */
  ENDPOINT_ALLOWED_PRIVATE_RANGES?: string;
}

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Lower case, without the brackets of an IPv6 literal and without a final dot. */
export function normalizeHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.toLowerCase().replace(/\.$/, '');
}

const listOf = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

function parseAllowedHost(entry: string): AllowedHost {
  const host = normalizeHost(entry);
  if (host === '*') return { kind: 'any' };
  if (host.startsWith('*.') && HOST_NAME.test(host.slice(2)) && host.slice(2).includes('.'))
    return { kind: 'subdomains', domain: host.slice(2) };
  const address = parseIpAddress(host);
  // An address is compared in the form URL parsing gives it (`::1`, not `0:0::1`).
  if (address) {
    const literal = address.family === 6 ? `[${host}]` : host;
    return { kind: 'exact', host: normalizeHost(new URL(`http://${literal}`).hostname) };
  }
  if (HOST_NAME.test(host)) return { kind: 'exact', host };
  throw new Error(
    `ENDPOINT_ALLOWED_HOSTS: "${entry}" is not a host name (api.example.com), a wildcard over a domain's subdomains (*.example.com), * (any host) or an IP address`,
  );
}

/**
 * Reads the egress policy from the environment. Both variables are comma lists; unset or empty
 * ENDPOINT_ALLOWED_HOSTS means no endpoint may be registered (checkEndpointUrl says so).
 * @throws {Error} naming the variable, the entry and what was expected.
 * @example parseEgressPolicy({ ENDPOINT_ALLOWED_HOSTS: 'api.openai.com,*.example.org' })
 */
export function parseEgressPolicy(env: EgressPolicyEnv): EgressPolicy {
  const allowedHosts = listOf(env.ENDPOINT_ALLOWED_HOSTS).map(parseAllowedHost);
  const allowedPrivateRanges = listOf(env.ENDPOINT_ALLOWED_PRIVATE_RANGES).map((entry) => {
    try {
      return parseCidr(entry);
    } catch (error) {
      throw new Error(`ENDPOINT_ALLOWED_PRIVATE_RANGES: ${(error as Error).message}`);
    }
  });
  return { allowedHosts, allowedPrivateRanges };
}

/** Whether a URL's host (as `URL.hostname` gives it) is one the policy allows. */
export function isHostAllowed(policy: EgressPolicy, hostname: string): boolean {
  const host = normalizeHost(hostname);
  const isAddress = parseIpAddress(host) !== null;
  return policy.allowedHosts.some((allowed) => {
    if (allowed.kind === 'any') return true;
    if (allowed.kind === 'exact') return allowed.host === host;
    return !isAddress && host.endsWith(`.${allowed.domain}`);
  });
}

/** How the allowed hosts read in a message. */
export function describeAllowedHosts(policy: EgressPolicy): string {
  return policy.allowedHosts
    .map((h) => (h.kind === 'any' ? '*' : h.kind === 'exact' ? h.host : `*.${h.domain}`))
    .join(', ');
}

export type AddressVerdict = { ok: true; isPrivate: boolean } | { ok: false; reason: string };

/**
 * Whether the worker may connect to `address` for a URL of `protocol`: a private or special
 * address only if one of the policy's allowed ranges holds it (or, for an IPv6 address carrying
 * an IPv4 one, holds that IPv4 address); plain http only to such an allowed private address,
 * so requests and API keys never cross a public network unencrypted.
 * `reason` completes "endpoint host X …".
 */
export function judgeAddress(
  policy: EgressPolicy,
  addressText: string,
  protocol: string,
): AddressVerdict {
  const address = parseIpAddress(normalizeHost(addressText));
  if (!address) return { ok: false, reason: `resolved to "${addressText}", not an IP address` };
  const embedded = embeddedIpv4(address);
  const isAllowed = policy.allowedPrivateRanges.some(
    (range) => isInRange(address, range) || (embedded !== null && isInRange(embedded.ipv4, range)),
  );
  const special = specialRangeOf(address);
  if (special && !isAllowed) {
    const through =
      address.family === 6 && embedded && special.family === 4
        ? `, as ${formatIpv4(embedded.ipv4.value)} through ${embedded.via}`
        : '';
    return {
      ok: false,
      reason: `is in a private address range (${special.cidr}, ${special.purpose}${through}); the site does not allow it`,
    };
  }
  if (protocol === 'http:' && !isAllowed)
    return {
      ok: false,
      reason:
        'is a public address, and plain http is accepted only for addresses in the site’s allowed private ranges; use https',
    };
  return { ok: true, isPrivate: special !== null };
}
