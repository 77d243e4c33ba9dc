import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateEndpointKeyPair, openApiKey, sealApiKey } from './seal-api-key.js';

const API_KEY = 'sk-test-0123456789abcdefghijklmnopqrstuvwxyz';

describe('sealApiKey and openApiKey', () => {
  const pair = generateEndpointKeyPair();

  it('round-trips, with a fresh ephemeral key and nonce each time', () => {
    const first = sealApiKey(pair.publicKey, API_KEY);
    const second = sealApiKey(pair.publicKey, API_KEY);
    expect(openApiKey(pair.privateKey, first)).toBe(API_KEY);
    expect(openApiKey(pair.privateKey, second)).toBe(API_KEY);
    expect(first.equals(second)).toBe(false);
    expect(first[0]).toBe(1);
    expect(first.length).toBe(1 + 32 + 12 + 16 + Buffer.byteLength(API_KEY));
    expect(first.includes(Buffer.from(API_KEY))).toBe(false);
  });

  it('keeps non-ASCII keys intact', () => {
    expect(openApiKey(pair.privateKey, sealApiKey(pair.publicKey, 'clé-ü-🔑'))).toBe('clé-ü-🔑');
  });

  it.each([
    ['the version byte', 0],
    ['the ephemeral public key', 5],
    ['the nonce', 40],
    ['the tag', 50],
    ['the ciphertext', 70],
  ])('refuses a box whose %s was altered', (_, at) => {
    const sealed = sealApiKey(pair.publicKey, API_KEY);
    sealed[at] = sealed[at]! ^ 0x01;
    expect(() => openApiKey(pair.privateKey, sealed)).toThrow(/sealed API key/);
  });

  it('refuses a truncated box and one sealed to another key', () => {
    const sealed = sealApiKey(pair.publicKey, API_KEY);
    expect(() => openApiKey(pair.privateKey, sealed.subarray(0, 61))).toThrow(
      'the sealed API key is not a version-1 sealed box',
    );
    expect(() => openApiKey(generateEndpointKeyPair().privateKey, sealed)).toThrow(
      'the sealed API key cannot be opened: it was altered or sealed to another key',
    );
  });

  it('refuses keys that are not X25519, and empty or huge API keys, without echoing them', () => {
    const ed25519 = generateKeyPairSync('ed25519')
      .publicKey.export({ format: 'der', type: 'spki' })
      .toString('base64');
    expect(() => sealApiKey(ed25519, API_KEY)).toThrow(/is a ed25519 key; expected X25519/);
    expect(() => sealApiKey('not a key', API_KEY)).toThrow(/not a base64 DER X25519 key/);
    expect(() => openApiKey(pair.publicKey, sealApiKey(pair.publicKey, API_KEY))).toThrow(
      /private key is not a base64 DER X25519 key/,
    );
    expect(() => sealApiKey(pair.publicKey, '')).toThrow('the API key is empty');
    expect(() => sealApiKey(pair.publicKey, 'k'.repeat(4097))).toThrow(
      'the API key has 4097 characters; at most 4096',
    );
  });
});
