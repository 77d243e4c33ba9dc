// No 'server-only' here: this file uses Node APIs only (no secrets, no database), and its tests run
// it behind a plain Node http server (read-multipart-upload.test.ts), where that import throws.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { AppError } from '@medrank/core';
import type { BlobStore, StoredBlob } from '@medrank/storage';
import { formatBytes } from '@medrank/storage';
import Busboy from 'busboy';

export interface MultipartUpload {
  fields: Record<string, string>;
  file: (StoredBlob & { fileName: string }) | null;
}

export interface ReadMultipartUploadOptions {
  blobs: BlobStore;
  maxBytes: number;
  keyPrefix: string;
  /** An upload whose body sends nothing for this long is cancelled (408). */
  idleTimeoutMs: number;
}

const MAX_FIELD_BYTES = 16 * 1024;

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/**
 * Streams a multipart/form-data request: the single `file` part goes straight into the blob
 * store (hashed on the way, never buffered whole), other parts become text fields. A body larger
 * than `maxBytes` is refused from its Content-Length before anything is read, or as soon as the
 * limit is crossed.
 *
 * An upload that cannot finish is torn down, whatever the cause: the client disconnecting
 * (`request.signal` aborts; in Next 16 the body stream also errors with "aborted"), a body that
 * sends nothing for `idleTimeoutMs` (408), a malformed body or a refused part. Tearing down means
 * the parser and the file stream are destroyed, the partial blob is deleted and its descriptor
 * closed, all before the returned promise rejects, so nothing outlives the request. The body is
 * released rather than cancelled: in Node, cancelling it would destroy the socket, and a client
 * that is still there (the idle case) should get the 408 with `Connection: close` (server/http.ts).
 */
export async function readMultipartUpload(
  request: Request,
  { blobs, maxBytes, keyPrefix, idleTimeoutMs }: ReadMultipartUploadOptions,
): Promise<MultipartUpload> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new AppError(
      'BAD_REQUEST',
      `expected a multipart/form-data body with a "file" part, got "${contentType || 'no content type'}"`,
    );
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  // Multipart framing adds a little to the file's own size.
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `upload is ${formatBytes(declared)}; the limit is ${formatBytes(maxBytes)}`,
    );
  }
  const body = request.body;
  if (!body) throw new AppError('BAD_REQUEST', 'request body is empty: expected a "file" part');

  // Busboy reads the boundary from the Content-Type when it is built, and throws if there is none:
  // a malformed header is the client's mistake (400), found before anything is read.
  let busboy: Busboy.Busboy;
  try {
    busboy = Busboy({
      headers: { 'content-type': contentType },
      limits: {
        files: 1,
        fields: 20,
        parts: 22,
        fieldSize: MAX_FIELD_BYTES,
        fileSize: maxBytes + 1,
      },
    });
  } catch (error) {
    throw new AppError(
      'BAD_REQUEST',
      `malformed multipart Content-Type (${error instanceof Error ? error.message : 'unreadable'}): expected "multipart/form-data; boundary=…"`,
    );
  }

  // One controller ends everything; the first reason wins and is what the caller gets.
  const controller = new AbortController();
  const { signal } = controller;
  // Expected failures are AppErrors; anything else (a full disk) travels as is, so the route's
  // error handler logs it and answers a generic 500.
  const stop = (reason: unknown) => {
    if (!signal.aborted) controller.abort(reason);
  };
  const onClientGone = () =>
    stop(
      new AppError(
        'BAD_REQUEST',
        'the connection closed before the upload was complete; nothing was stored',
      ),
    );
  if (request.signal.aborted) onClientGone();
  request.signal.addEventListener('abort', onClientGone, { once: true });

  let idleTimer: NodeJS.Timeout | undefined;
  const armIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(
      () =>
        stop(
          new AppError(
            'REQUEST_TIMEOUT',
            `no upload data arrived for ${idleTimeoutMs >= 1000 ? `${Math.round(idleTimeoutMs / 1000)} s` : `${idleTimeoutMs} ms`}, so the upload was cancelled and nothing was stored; send the file again`,
          ),
        ),
      idleTimeoutMs,
    );
  };

  // Destroying the parser destroys the file stream it is feeding, which ends the blob write.
  signal.addEventListener('abort', () => busboy.destroy(), { once: true });

  const fields: Record<string, string> = {};
  let stored: Promise<StoredBlob & { fileName: string }> | null = null;
  let fileCount = 0;
  busboy.on('field', (name, value, info) => {
    if (info.valueTruncated)
      stop(new AppError('BAD_REQUEST', `field "${name}" is longer than ${MAX_FIELD_BYTES} bytes`));
    fields[name] = value;
  });
  busboy.on('file', (name, stream, info) => {
    // Tearing down destroys this stream with an error, possibly before the blob write has
    // attached its own handlers (it first creates the folder): without a listener that would be
    // an uncaught exception. The blob write still sees the error through its pipeline.
    stream.on('error', () => undefined);
    fileCount++;
    if (name !== 'file' || fileCount > 1) {
      stream.resume();
      stop(
        new AppError(
          'BAD_REQUEST',
          `unexpected file part "${name}": send exactly one part named "file"`,
        ),
      );
      return;
    }
    const filename = info.filename ?? '';
    const extension = /\.([a-z0-9]{1,8})$/i.exec(filename)?.[1]?.toLowerCase() ?? 'bin';
    stored = blobs
      .put(stream, { keyPrefix, extension, maxBytes, signal })
      .then((blob) => ({ ...blob, fileName: filename.slice(0, 255) || 'upload' }));
    stored.catch(stop);
  });
  busboy.on('filesLimit', () => stop(new AppError('BAD_REQUEST', 'send exactly one file')));
  busboy.on('partsLimit', () => stop(new AppError('BAD_REQUEST', 'too many form parts')));
  busboy.on('fieldsLimit', () => stop(new AppError('BAD_REQUEST', 'too many form fields')));
  busboy.on('error', (error: unknown) =>
    stop(
      new AppError(
        'BAD_REQUEST',
        `malformed multipart body: ${error instanceof Error ? error.message : String(error)}`,
      ),
    ),
  );

  const reader = body.getReader();
  // A pending read rejects when the lock is released, so an abort never waits for the client.
  const releaseReader = () => reader.releaseLock();
  signal.addEventListener('abort', releaseReader, { once: true });
  const feed = async () => {
    armIdleTimer();
    for (;;) {
      const chunk = await reader.read().catch((error: unknown) => {
        if (!signal.aborted) onClientGone();
        throw error;
      });
      if (chunk.done) break;
      armIdleTimer();
      if (!busboy.write(chunk.value)) await once(busboy, 'drain', { signal });
    }
    clearTimeout(idleTimer);
    busboy.end();
    await finished(busboy, { signal });
  };

  try {
    const fed = await settle(feed());
    if (!fed.ok && !signal.aborted)
      stop(
        fed.error instanceof AppError
          ? fed.error
          : new AppError('BAD_REQUEST', 'the upload body could not be read'),
      );
    // Wait for the blob write to settle even when failing: by the time this function returns or
    // throws, the partial file is gone and its descriptor is closed.
    const file = stored ? await settle<StoredBlob & { fileName: string }>(stored) : null;
    if (signal.aborted) {
      if (file?.ok) await blobs.remove(file.value.key);
      throw signal.reason;
    }
    if (file && !file.ok) throw file.error;
    return { fields, file: file?.value ?? null };
  } finally {
    clearTimeout(idleTimer);
    request.signal.removeEventListener('abort', onClientGone);
    signal.removeEventListener('abort', releaseReader);
    if (!signal.aborted) reader.releaseLock();
  }
}
