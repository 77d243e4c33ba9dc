import 'server-only';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError } from '@medrank/core';
import type { BlobStore, StoredBlob } from '@medrank/storage';
import { formatBytes } from '@medrank/storage';
import Busboy from 'busboy';

export interface MultipartUpload {
  fields: Record<string, string>;
  file: (StoredBlob & { fileName: string }) | null;
}

const MAX_FIELD_BYTES = 16 * 1024;

/**
 * Streams a multipart/form-data request: the single `file` part goes straight into the blob
 * store (hashed on the way, never buffered whole), other parts become text fields. A body larger
 * than `maxBytes` is refused from its Content-Length before anything is read, or as soon as the
 * limit is crossed.
 */
export async function readMultipartUpload(
  request: Request,
  { blobs, maxBytes, keyPrefix }: { blobs: BlobStore; maxBytes: number; keyPrefix: string },
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
  if (!request.body)
    throw new AppError('BAD_REQUEST', 'request body is empty: expected a "file" part');

  const busboy = Busboy({
    headers: { 'content-type': contentType },
    limits: { files: 1, fields: 20, parts: 22, fieldSize: MAX_FIELD_BYTES, fileSize: maxBytes + 1 },
  });
  const fields: Record<string, string> = {};
  let stored: Promise<(StoredBlob & { fileName: string }) | null> = Promise.resolve(null);
  let fileCount = 0;

  const done = new Promise<void>((resolve, reject) => {
    busboy.on('field', (name, value, info) => {
      if (info.valueTruncated)
        reject(
          new AppError('BAD_REQUEST', `field "${name}" is longer than ${MAX_FIELD_BYTES} bytes`),
        );
      fields[name] = value;
    });
    busboy.on('file', (name, stream, info) => {
      fileCount++;
      if (name !== 'file' || fileCount > 1) {
        stream.resume();
        reject(
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
        .put(stream, { keyPrefix, extension, maxBytes })
        .then((blob) => ({ ...blob, fileName: filename.slice(0, 255) || 'upload' }));
      stored.catch((error: unknown) => {
        stream.resume();
        reject(error);
      });
    });
    busboy.on('filesLimit', () => reject(new AppError('BAD_REQUEST', 'send exactly one file')));
    busboy.on('partsLimit', () => reject(new AppError('BAD_REQUEST', 'too many form parts')));
    busboy.on('fieldsLimit', () => reject(new AppError('BAD_REQUEST', 'too many form fields')));
    busboy.on('error', (error: unknown) =>
      reject(
        new AppError(
          'BAD_REQUEST',
          `malformed multipart body: ${error instanceof Error ? error.message : String(error)}`,
        ),
      ),
    );
    busboy.on('close', () => resolve());
  });

  const body = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  body.on('error', () => undefined);
  body.pipe(busboy);
  try {
    await done;
    return { fields, file: await stored };
  } catch (error) {
    body.unpipe(busboy);
    body.destroy();
    const blob = await stored.catch(() => null);
    if (blob) await blobs.remove(blob.key);
    throw error;
  }
}
