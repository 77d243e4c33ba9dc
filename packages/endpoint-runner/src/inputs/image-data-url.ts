/** Image formats chat-completions APIs accept as `image_url` data URLs, by their magic bytes. */
export const ACCEPTED_IMAGE_FORMATS = 'PNG, JPEG, GIF or WebP';

/** Larger images are refused before they are read: providers cap a request at about 20 MB. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** The image's media type from its first bytes; null when it is none of the accepted formats. */
export function sniffImageType(bytes: Uint8Array): string | null {
  const starts = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (
    starts(0x47, 0x49, 0x46, 0x38) &&
    (bytes[4] === 0x37 || bytes[4] === 0x39) &&
    bytes[5] === 0x61
  )
    return 'image/gif';
  const ascii = (from: number, to: number) =>
    Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** `data:<type>;base64,…` of an accepted image; null otherwise. */
export function imageDataUrl(bytes: Buffer): string | null {
  const type = sniffImageType(bytes);
  return type === null ? null : `data:${type};base64,${bytes.toString('base64')}`;
}
