// Blob-key prefixes of curator uploads. A case-metadata file travels in its own request and is
// referred to by key from the ground-truth upload; binding the key to the uploader's id means a
// request can only point at a file its own sender stored.
export const groundTruthKeyPrefix = (userId: string) => `ground-truth/${userId}`;
export const metadataKeyPrefix = (userId: string) => `case-metadata/${userId}`;

export const isOwnMetadataKey = (key: string, userId: string) =>
  key.startsWith(`${metadataKeyPrefix(userId)}/`) && !key.includes('..');
