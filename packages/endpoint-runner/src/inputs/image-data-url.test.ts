import { describe, expect, it } from 'vitest';
import { imageDataUrl, sniffImageType } from './image-data-url.js';

const bytes = (...values: (number | string)[]) =>
  Buffer.concat(
    values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.of(v))),
  );

describe('sniffImageType', () => {
  it.each<[string, Buffer, string | null]>([
    ['PNG', bytes(0x89, 'PNG\r\n\x1a\n', 0, 0), 'image/png'],
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
    ['GIF89a', bytes('GIF89a', 1, 0), 'image/gif'],
    ['GIF87a', bytes('GIF87a'), 'image/gif'],
    ['WebP', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', 0, 0, 0, 0, 'WAVEfmt '), null],
    ['an NPY array', bytes(0x93, 'NUMPY'), null],
    ['a DICOM preamble', Buffer.alloc(132), null],
    ['a truncated PNG signature', bytes(0x89, 'PN'), null],
    ['nothing', Buffer.alloc(0), null],
  ])('reads %s', (_, data, type) => {
    expect(sniffImageType(data)).toBe(type);
  });

  it('makes a base64 data URL', () => {
    expect(imageDataUrl(bytes(0xff, 0xd8, 0xff))).toBe('data:image/jpeg;base64,/9j/');
    expect(imageDataUrl(bytes('text'))).toBeNull();
  });
});
