import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { ExternalScoreRequest } from './external-scorer-protocol.js';

export interface LocalScorerReply {
  status?: number;
  /** Sent verbatim (so a test can send `NaN`, which JSON.stringify cannot). */
  body?: string;
  delayMs?: number;
}

export interface LocalScorer {
  url: string;
  /** Raw request bodies in arrival order. */
  bodies: string[];
  maxInFlight: number;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

/**
 * A real HTTP scorer on 127.0.0.1 (an ephemeral port) for tests and for trying the protocol by
 * hand: `reply` sees each parsed request and its arrival index. Not used by scoring itself.
 */
export async function startLocalScorer(
  reply: (request: ExternalScoreRequest, index: number) => LocalScorerReply,
): Promise<LocalScorer> {
  const bodies: string[] = [];
  let inFlight = 0;
  const closing = new AbortController();
  const scorer: LocalScorer = { url: '', bodies, maxInFlight: 0, close };
  const server = createServer((req, res) => {
    inFlight++;
    scorer.maxInFlight = Math.max(scorer.maxInFlight, inFlight);
    void (async () => {
      try {
        const text = await readBody(req);
        const index = bodies.push(text) - 1;
        const {
          status = 200,
          body = '',
          delayMs = 0,
        } = reply(JSON.parse(text) as ExternalScoreRequest, index);
        if (delayMs > 0) await delay(delayMs, undefined, { signal: closing.signal });
        if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end(body);
      } catch {
        if (!res.destroyed) res.writeHead(400).end();
      } finally {
        inFlight--;
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  scorer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`;
  return scorer;

  function close(): Promise<void> {
    closing.abort();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new Error('request too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Fraction of the reference's distinct space-separated tokens that the candidate contains; null for an empty reference. */
export function tokenOverlapFraction(reference: string, candidate: string): number | null {
  const referenceTokens = new Set(reference.split(' ').filter(Boolean));
  if (referenceTokens.size === 0) return null;
  const candidateTokens = new Set(candidate.split(' ').filter(Boolean));
  let shared = 0;
  for (const token of referenceTokens) shared += Number(candidateTokens.has(token));
  return shared / referenceTokens.size;
}

/** A correct scorer's reply: token-overlap fraction per item, as the protocol asks. */
export function overlapReply(
  request: ExternalScoreRequest,
  version = 'overlap-1',
): LocalScorerReply {
  const scores = request.items.map(({ id, reference, candidate }) => ({
    id,
    value: tokenOverlapFraction(reference, candidate),
  }));
  return {
    body: JSON.stringify({
      protocol: request.protocol,
      scores,
      scorer: { name: 'token-overlap', version },
    }),
  };
}
