// API keys at rest (docs/endpoint-submissions.md, "API keys"): the web seals a submitter's key to
// the site's public key as it stores the registration, and only the worker, which holds the
// private key, can open it. Sealing is ECIES: an ephemeral X25519 key agreement, HKDF-SHA256 and
// AES-256-GCM, so a database dump or a web-side compromise alone yields no key.
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/** Layout: version (1) | ephemeral X25519 public key (32) | nonce (12) | GCM tag (16) | ciphertext. */
const VERSION = 1;
const PUBLIC_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + PUBLIC_KEY_BYTES + NONCE_BYTES + TAG_BYTES;
const INFO = Buffer.from('medrank endpoint api key v1');
export const API_KEY_MAX_CHARS = 4_096;

export interface EndpointKeyPair {
  /** Base64 of the DER SubjectPublicKeyInfo: the web's ENDPOINT_KEY_PUBLIC. */
  publicKey: string;
  /** Base64 of the DER PKCS #8 private key: the worker's ENDPOINT_KEY_PRIVATE. */
  privateKey: string;
}

export function generateEndpointKeyPair(): EndpointKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

function x25519Key<T extends KeyObject>(read: () => T, what: string): T {
  let key: T;
  try {
    key = read();
  } catch {
    throw new Error(
      `the endpoint ${what} key is not a base64 DER X25519 key (generateEndpointKeyPair)`,
    );
  }
  if (key.asymmetricKeyType !== 'x25519')
    throw new Error(
      `the endpoint ${what} key is a ${key.asymmetricKeyType ?? 'unknown'} key; expected X25519 (generateEndpointKeyPair)`,
    );
  return key;
}

const publicKeyOf = (base64: string) =>
  x25519Key(
    () => createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' }),
    'public',
  );
const privateKeyOf = (base64: string) =>
  x25519Key(
    () => createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' }),
    'private',
  );

/** The 32 raw bytes of an X25519 public key. */
function rawPublicKey(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
}

function keyFromRaw(raw: Buffer): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

/** The AES key of one sealed box: HKDF over the shared secret, bound to both public keys. */
function boxKey(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer): Buffer {
  return Buffer.from(
    hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), INFO, 32),
  );
}

/**
 * Seals an API key to the site's public key.
 * @throws {Error} for an empty or over-long key or a public key that is not X25519; the
 *   message never contains the API key.
 */
export function sealApiKey(publicKeyBase64: string, apiKey: string): Buffer {
  if (apiKey.length === 0) throw new Error('the API key is empty');
  if (apiKey.length > API_KEY_MAX_CHARS)
    throw new Error(`the API key has ${apiKey.length} characters; at most ${API_KEY_MAX_CHARS}`);
  const recipient = publicKeyOf(publicKeyBase64);
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = rawPublicKey(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient });
  const key = boxKey(shared, ephemeralPublic, rawPublicKey(recipient));
  const nonce = randomBytes(NONCE_BYTES);
  const header = Buffer.concat([Buffer.of(VERSION), ephemeralPublic]);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(header);
  const ciphertext = Buffer.concat([cipher.update(apiKey, 'utf8'), cipher.final()]);
  return Buffer.concat([header, nonce, cipher.getAuthTag(), ciphertext]);
}

/**
 * Opens a key sealed by sealApiKey.
 * @throws {Error} when the box is not of this format, was altered, or was sealed to another key.
 */
export function openApiKey(privateKeyBase64: string, sealed: Buffer): string {
  const privateKey = privateKeyOf(privateKeyBase64);
  if (sealed.length <= HEADER_BYTES || sealed[0] !== VERSION)
    throw new Error('the sealed API key is not a version-1 sealed box');
  const ephemeralPublic = sealed.subarray(1, 1 + PUBLIC_KEY_BYTES);
  const nonce = sealed.subarray(1 + PUBLIC_KEY_BYTES, 1 + PUBLIC_KEY_BYTES + NONCE_BYTES);
  const tag = sealed.subarray(1 + PUBLIC_KEY_BYTES + NONCE_BYTES, HEADER_BYTES);
  const ciphertext = sealed.subarray(HEADER_BYTES);
  try {
    const shared = diffieHellman({
      privateKey,
      publicKey: keyFromRaw(Buffer.from(ephemeralPublic)),
    });
    const key = boxKey(
      shared,
      Buffer.from(ephemeralPublic),
      rawPublicKey(createPublicKey(privateKey)),
    );
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(sealed.subarray(0, 1 + PUBLIC_KEY_BYTES));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('the sealed API key cannot be opened: it was altered or sealed to another key');
  }
}
