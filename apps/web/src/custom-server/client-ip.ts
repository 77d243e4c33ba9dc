import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import { CLIENT_IP_HEADER } from '../lib/client-ip-header';

export type TrustProxy = (address: string, hopIndex: number) => boolean;

/** Trusts no proxy: the client is whoever opened the socket. */
const TRUST_NONE: TrustProxy = () => false;

/**
 * A trust function for `TRUSTED_PROXIES`: a list of addresses or CIDR ranges (and proxy-addr's
 * names `loopback`, `linklocal`, `uniquelocal`). Empty means no proxy is trusted.
 * @throws {TypeError} when an entry is not an address, a range or one of those names.
 */
export function compileTrustedProxies(entries: readonly string[]): TrustProxy {
  if (entries.length === 0) return TRUST_NONE;
  return proxyAddr.compile([...entries]);
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is `10.0.0.1`. */
function unmapIpv4(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}

/**
 * The client's address: the socket peer, or, when the peer is a trusted proxy, the
 * X-Forwarded-For entry just before the first untrusted hop (read from the right, so a client
 * cannot prepend addresses of its choosing). Null when the socket is already gone.
 */
export function resolveClientIp(
  request: Pick<IncomingMessage, 'headers' | 'socket'>,
  trust: TrustProxy,
): string | null {
  if (!request.socket.remoteAddress) return null;
  // proxy-addr reads `connection.remoteAddress` and the X-Forwarded-For header.
  const address = proxyAddr(
    { headers: request.headers, connection: request.socket } as unknown as IncomingMessage,
    trust,
  );
  return address ? unmapIpv4(address) : null;
}

/**
 * Replaces every client-sent copy of our client-IP header with the address we resolved, so
 * code behind this server can trust it. Without an address the header is simply absent.
 */
export function applyClientIpHeader(
  request: Pick<IncomingMessage, 'headers' | 'socket'>,
  trust: TrustProxy,
): void {
  delete request.headers[CLIENT_IP_HEADER];
  const address = resolveClientIp(request, trust);
  if (address) request.headers[CLIENT_IP_HEADER] = address;
}
