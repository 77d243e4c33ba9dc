import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

const EMPTY = Buffer.alloc(0);

/**
 * Reads a sequence of byte chunks in pieces of a chosen size, so a parser can take a header,
 * decide, and only then pull the rest. Nothing is read ahead beyond the chunk in hand.
 */
export class ByteStreamReader {
  readonly #iterator: AsyncIterator<Uint8Array>;
  #pending: Buffer = EMPTY;
  #isDone = false;
  /** Bytes handed out so far. */
  position = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#iterator = source[Symbol.asyncIterator]();
  }

  async #fill(): Promise<boolean> {
    if (this.#isDone) return false;
    const next = await this.#iterator.next();
    if (next.done) {
      this.#isDone = true;
      return false;
    }
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    return true;
  }

  /** Exactly `n` bytes, or fewer only when the stream ends first. */
  async read(n: number): Promise<Buffer> {
    while (this.#pending.length < n && (await this.#fill()));
    const out = this.#pending.subarray(0, n);
    this.#pending = this.#pending.subarray(out.length);
    this.position += out.length;
    return out;
  }

  /** The next piece of at most `maxBytes` (whatever is at hand), or null at the end. */
  async next(maxBytes: number): Promise<Buffer | null> {
    if (this.#pending.length === 0 && !(await this.#fill())) return null;
    const out = this.#pending.subarray(0, maxBytes);
    this.#pending = this.#pending.subarray(out.length);
    this.position += out.length;
    return out;
  }

  /** Stops reading: the source is closed (its cleanup runs) and nothing more is inflated. */
  async close(): Promise<void> {
    this.#pending = EMPTY;
    if (this.#isDone) return;
    this.#isDone = true;
    await this.#iterator.return?.();
  }
}

/** True when `bytes` start with the gzip magic number 1f 8b. */
export const isGzip = (bytes: Uint8Array): boolean =>
  bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * The gunzipped bytes of a chunk sequence, inflated as they are pulled: a consumer that stops
 * early stops the inflation and closes the source. A corrupt stream throws zlib's error.
 */
export function gunzipChunks(source: AsyncIterable<Uint8Array>): AsyncIterable<Buffer> {
  // pipeline() forwards an error of either side to the gunzip stream the consumer iterates, and
  // destroying that stream (the consumer returned early) destroys the source too.
  return pipeline(Readable.from(source, { objectMode: false }), createGunzip(), () => undefined);
}

/**
 * `source` with its first `head` bytes put back in front (they were read to sniff the format).
 */
export async function* prepend(head: Buffer, rest: ByteStreamReader): AsyncGenerator<Buffer> {
  try {
    if (head.length > 0) yield head;
    for (let chunk = await rest.next(1 << 16); chunk; chunk = await rest.next(1 << 16)) yield chunk;
  } finally {
    await rest.close();
  }
}

/** Every chunk of a stream joined (callers bound the size: a zip entry's declared size). */
export async function readAllChunks(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    bytes += chunk.length;
  }
  return Buffer.concat(parts, bytes);
}
