import { lookup } from 'node:dns/promises';
import { parseIpAddress } from './address-ranges.js';
import {
  describeAllowedHosts,
  isHostAllowed,
  judgeAddress,
  normalizeHost,
  type EgressPolicy,
} from './egress-policy.js';

/** Resolves a host name to every address it has (A and AAAA). */
export type HostResolver = (hostname: string) => Promise<string[]>;

/** The system resolver (getaddrinfo, /etc/hosts included), every address. */
export const resolveWithSystemDns: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export type EndpointUrlCheck = { ok: true; url: URL } | { ok: false; message: string };

const MAX_URL_CHARS = 2_048;
const CHAT_COMPLETIONS_PATH = '/chat/completions';

/**
 * The chat-completions URL of a registered endpoint URL: the base URL of an OpenAI-compatible
 * API (`https://api.example.com/v1`, to which `/chat/completions` is appended) or the full
 * `…/chat/completions` URL, kept as it is. A query string stays (some providers need one); the
 * fragment goes.
 */
export function chatCompletionsUrl(url: URL): URL {
  const result = new URL(url.href);
  result.hash = '';
  const path = result.pathname.replace(/\/+$/, '');
  result.pathname = path.endsWith(CHAT_COMPLETIONS_PATH) ? path : `${path}${CHAT_COMPLETIONS_PATH}`;
  return result;
}

/**
 * Checks an endpoint URL against the site's egress policy, resolving its host now: https (http
 * only when every address is in an allowed private range), no credentials in the URL, a host
 * ENDPOINT_ALLOWED_HOSTS allows, and no address in a private or special range the site does not
 * allow. Every request of a run checks the addresses it connects to again (DNS may change).
 * @returns the chat-completions URL (chatCompletionsUrl) or a message for the submitter.
 */
export async function checkEndpointUrl(
  text: string,
  policy: EgressPolicy,
  { resolveHost = resolveWithSystemDns }: { resolveHost?: HostResolver } = {},
): Promise<EndpointUrlCheck> {
  const refuse = (message: string): EndpointUrlCheck => ({ ok: false, message });
  if (text.length > MAX_URL_CHARS)
    return refuse(`the endpoint URL has ${text.length} characters; at most ${MAX_URL_CHARS}`);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return refuse(
      'the endpoint URL is not a URL; expected e.g. https://api.example.com/v1 (the API base) or https://api.example.com/v1/chat/completions',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return refuse(`the endpoint URL must use https; found ${url.protocol.replace(/:$/, '')}`);
  if (url.username !== '' || url.password !== '')
    return refuse(
      'the endpoint URL must not carry a user name or password; give the API key separately (it is sent as a Bearer token)',
    );
  if (policy.allowedHosts.length === 0)
    return refuse(
      'this site accepts no endpoint submissions: no endpoint host is allowed (ENDPOINT_ALLOWED_HOSTS is empty)',
    );
  const host = normalizeHost(url.hostname);
  if (!isHostAllowed(policy, host))
    return refuse(
      `endpoint host ${host} is not one this site allows; allowed: ${describeAllowedHosts(policy)}`,
    );

  let addresses: string[];
  if (parseIpAddress(host)) addresses = [host];
  else {
    try {
      addresses = await resolveHost(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return refuse(`endpoint host ${host} does not resolve${code ? ` (${code})` : ''}`);
    }
    if (addresses.length === 0) return refuse(`endpoint host ${host} resolves to no address`);
  }
  for (const address of addresses) {
    const verdict = judgeAddress(policy, address, url.protocol);
    if (!verdict.ok)
      return refuse(
        address === host
          ? `endpoint host ${host} ${verdict.reason}`
          : `endpoint host ${host} resolves to ${address}, which ${verdict.reason}`,
      );
  }
  return { ok: true, url: chatCompletionsUrl(url) };
}
