import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { isIP, type LookupFunction } from 'node:net';
import { parseIpAddress } from '../egress/address-ranges.js';
import type { HostResolver } from '../egress/check-endpoint-url.js';
import { judgeAddress, normalizeHost, type EgressPolicy } from '../egress/egress-policy.js';

/** What one POST came to. Never throws for the endpoint's behaviour; `refused` is the policy's. */
export type PostOutcome =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'network'; detail: string }
  | { kind: 'too-large'; maxBytes: number }
  /** The host resolved (or is) an address the policy refuses: DNS changed since the check. */
  | { kind: 'refused'; detail: string }
  /** `signal` fired (the run's budget or its caller). */
  | { kind: 'aborted' };

class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
}

export interface GuardedPostOptions {
  policy: EgressPolicy;
  resolveHost: HostResolver;
  headers: Record<string, string>;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Reused connections (keep-alive); each new connection passes the address check. */
  agent: http.Agent;
  signal?: AbortSignal;
}

/**
 * A keep-alive agent for a run's requests to one URL. An https endpoint's certificate is always
 * verified (chain and host name); `extraCaCertificates` (PEM) are trusted beside Node's bundled
 * roots, not instead of them (Node's `ca` option alone would replace the roots).
 */
export function createAgent(
  url: URL,
  maxSockets: number,
  extraCaCertificates?: string,
): http.Agent {
  const options = { keepAlive: true, maxSockets };
  if (url.protocol !== 'https:') return new http.Agent(options);
  return new https.Agent({
    ...options,
    rejectUnauthorized: true,
    ...(extraCaCertificates ? { ca: [...rootCertificates, extraCaCertificates] } : {}),
  });
}

/**
 * A `lookup` for node:net that resolves with `resolveHost` and fails the connection when ANY
 * address is one the policy refuses. Node calls it for every new connection, so the addresses
 * checked are the ones connected to: a name that resolved to a public address when the URL was
 * checked and to a private one now (DNS rebinding) is refused here.
 */
function guardedLookup(policy: EgressPolicy, resolveHost: HostResolver, protocol: string) {
  const lookup = (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: (error: Error | null, address: unknown, family?: number) => void,
  ) => {
    resolveHost(hostname).then(
      (addresses) => {
        for (const address of addresses) {
          const verdict = judgeAddress(policy, address, protocol);
          if (!verdict.ok)
            return callback(
              new RefusedAddressError(
                `endpoint host ${hostname} now resolves to ${address}, which ${verdict.reason}`,
              ),
              undefined,
            );
        }
        const wanted =
          options.family === 6 || options.family === 'IPv6'
            ? 6
            : options.family === 4 || options.family === 'IPv4'
              ? 4
              : 0;
        const usable = addresses
          .map((address) => ({ address, family: isIP(address) }))
          .filter((entry) => wanted === 0 || entry.family === wanted);
        if (usable.length === 0)
          return callback(
            Object.assign(new Error(`${hostname} has no usable address`), { code: 'ENOTFOUND' }),
            undefined,
          );
        if (options.all) return callback(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: unknown) => callback(error as Error, undefined),
    );
  };
  return lookup as unknown as LookupFunction;
}

/**
 * POSTs `body` to `url` under the egress policy: the addresses connected to are checked (an IP
 * literal here, a name in the lookup), redirects are returned, not followed, the response body is
 * capped at `maxResponseBytes`, and the whole exchange (connection to last byte) at `timeoutMs`.
 */
export function guardedPost(
  url: URL,
  body: Buffer,
  options: GuardedPostOptions,
): Promise<PostOutcome> {
  const { policy, resolveHost, headers, timeoutMs, maxResponseBytes, agent, signal } = options;
  const host = normalizeHost(url.hostname);
  if (parseIpAddress(host)) {
    const verdict = judgeAddress(policy, host, url.protocol);
    if (!verdict.ok)
      return Promise.resolve({
        kind: 'refused',
        detail: `endpoint host ${host} ${verdict.reason}`,
      });
  }
  if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const request = transport.request(url, {
      method: 'POST',
      agent,
      lookup: guardedLookup(policy, resolveHost, url.protocol),
      headers: { ...headers, 'content-length': String(body.length) },
    });
    const timer = setTimeout(() => {
      settle({ kind: 'timeout', timeoutMs });
      request.destroy();
    }, timeoutMs);
    const onAbort = () => {
      settle({ kind: 'aborted' });
      request.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof RefusedAddressError) settle({ kind: 'refused', detail: error.message });
      else settle({ kind: 'network', detail: describeNetworkError(error) });
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxResponseBytes) {
          settle({ kind: 'too-large', maxBytes: maxResponseBytes });
          request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () =>
        settle({
          kind: 'response',
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
      response.on('error', (error: NodeJS.ErrnoException) =>
        settle({ kind: 'network', detail: describeNetworkError(error) }),
      );
    });
    request.end(body);
  });
}

/** The error's code and a short message, never a header or the request. */
function describeNetworkError(error: NodeJS.ErrnoException): string {
  const message = error.message.length > 160 ? `${error.message.slice(0, 160)}…` : error.message;
  return error.code && !message.includes(error.code) ? `${error.code}: ${message}` : message;
}
