import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One request the stub received, as parsed. */
export interface StubChatRequest {
  model: string;
  messages: unknown[];
  /** The user message's text parts, joined. */
  text: string;
  /** The decoded bytes of the first `image_url` data URL, if any. */
  imageBytes?: Buffer;
  /** The Authorization header as sent. */
  authorization?: string;
  /** The whole JSON body. */
  body: Record<string, unknown>;
}

/** What a faulty stub sends instead of an answer. */
export interface StubReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface ChatCompletionsStubOptions {
  /** The deterministic rule: the answer text of a request. */
  answer: (request: StubChatRequest) => string;
  /** The first n requests get a 500. */
  failFirst?: number;
  /** Delay before each reply, fixed or per request. */
  delayMs?: number | ((request: StubChatRequest) => number);
  /** Every request gets this status with an OpenAI-style error body. */
  status?: number;
  /** Port on 127.0.0.1; default a free one (tools/dev/stand-in-endpoint.ts picks a fixed one). */
  port?: number;
  /** Per request: a reply that replaces the answer (a status, a body that is not JSON, …). */
  reply?: (request: StubChatRequest, index: number) => StubReply | undefined;
  /** Serve https with this key and certificate (PEM) instead of plain http. */
  tls?: { key: string; cert: string };
}

export interface ChatCompletionsStub {
  /** `http(s)://127.0.0.1:<port>/v1`, the API base to register. */
  url: string;
  /** The requests received so far, in arrival order. */
  requests(): StubChatRequest[];
  /** The most requests that were in flight at once. */
  maxInFlight(): number;
  close(): Promise<void>;
}

function parseRequest(raw: Buffer, authorization: string | undefined): StubChatRequest {
  const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
  let text = '';
  let imageBytes: Buffer | undefined;
  for (const message of messages as { role?: string; content?: unknown }[]) {
    if (message.role !== 'user') continue;
    const parts = Array.isArray(message.content)
      ? (message.content as Record<string, unknown>[])
      : [{ type: 'text', text: message.content }];
    for (const part of parts) {
      if (part.type === 'text' && typeof part.text === 'string') text += part.text;
      const url = (part.image_url as { url?: unknown } | undefined)?.url;
      if (part.type === 'image_url' && typeof url === 'string' && imageBytes === undefined) {
        const comma = url.indexOf(',');
        if (url.startsWith('data:') && comma !== -1)
          imageBytes = Buffer.from(url.slice(comma + 1), 'base64');
      }
    }
  }
  return {
    model: typeof body.model === 'string' ? body.model : '',
    messages,
    text,
    ...(imageBytes === undefined ? {} : { imageBytes }),
    ...(authorization === undefined ? {} : { authorization }),
    body,
  };
}

const errorBody = (status: number, message: string) =>
  JSON.stringify({ error: { message, type: 'stub_error', code: status } });

/**
 * A stand-in for an OpenAI-compatible chat-completions server, for tests only: it listens on
 * 127.0.0.1 on a free port, answers `POST …/chat/completions` from a deterministic rule, and
 * injects faults on request (the first n requests failing, delays, a fixed status, custom
 * replies). It is not a model and never pretends to be one outside tests.
 */
export async function startChatCompletionsStub(
  options: ChatCompletionsStubOptions,
): Promise<ChatCompletionsStub> {
  const received: StubChatRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const handler: http.RequestListener = (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          const send = (status: number, body: string, headers: Record<string, string> = {}) => {
            response.writeHead(status, { 'content-type': 'application/json', ...headers });
            response.end(body);
          };
          if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions'))
            return send(404, errorBody(404, `the stub answers POST …/chat/completions only`));
          let parsed: StubChatRequest;
          try {
            parsed = parseRequest(Buffer.concat(chunks), request.headers.authorization);
          } catch {
            return send(400, errorBody(400, 'the request body is not JSON'));
          }
          const index = received.length;
          received.push(parsed);
          const delay =
            typeof options.delayMs === 'function' ? options.delayMs(parsed) : options.delayMs;
          if (delay) await sleep(delay);
          if (response.destroyed) return;
          const custom = options.reply?.(parsed, index);
          if (custom) return send(custom.status, custom.body, custom.headers);
          if (index < (options.failFirst ?? 0))
            return send(500, errorBody(500, 'injected failure (failFirst)'));
          if (options.status !== undefined)
            return send(options.status, errorBody(options.status, 'injected status'));
          send(
            200,
            JSON.stringify({
              id: `stub-${index}`,
              object: 'chat.completion',
              model: parsed.model,
              choices: [
                {
                  index: 0,
                  message: { role: 'assistant', content: options.answer(parsed) },
                  finish_reason: 'stop',
                },
              ],
            }),
          );
        } finally {
          inFlight--;
        }
      })();
    });
  };
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/v1`,
    requests: () => [...received],
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
