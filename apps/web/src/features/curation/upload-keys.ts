import 'server-only';
import { createHash } from 'node:crypto';

// Blob-key prefixes of curator uploads. A case-metadata file travels in its own request and is
// referred to by key from the ground-truth upload; binding the key to the uploader means a
// request can only point at a file its own sender stored. Blob keys are lower-case, and user ids
// are not, so the prefix carries a digest of the id.
const owner = (userId: string) => createHash('sha256').update(userId).digest('hex').slice(0, 24);

export const groundTruthKeyPrefix = (userId: string) => `ground-truth/${owner(userId)}`;
export const metadataKeyPrefix = (userId: string) => `case-metadata/${owner(userId)}`;
export const reportedKeyPrefix = (userId: string) => `reported/${owner(userId)}`;
export const testInputsKeyPrefix = (userId: string) => `test-inputs/${owner(userId)}`;

export const isOwnMetadataKey = (key: string, userId: string) =>
  key.startsWith(`${metadataKeyPrefix(userId)}/`) && !key.includes('..');
