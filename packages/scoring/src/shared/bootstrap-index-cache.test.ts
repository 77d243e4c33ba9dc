import { bootstrapIndices } from '@medrank/metrics';
import { describe, expect, it } from 'vitest';
import { sharedBootstrapIndices } from './bootstrap-index-cache.js';

// Matrices are compared by identity (===): a failing toBe would print millions of indices.
describe('sharedBootstrapIndices', () => {
  it('returns the rows bootstrapIndices draws, the same matrix again for the same test set', () => {
    const first = sharedBootstrapIndices(1000, 100, 'set-a');
    expect(first).toEqual(bootstrapIndices(1000, 100, 'set-a'));
    expect(sharedBootstrapIndices(1000, 100, 'set-a') === first).toBe(true);
    // Another seed, size, chunk or seed type is another matrix.
    expect(sharedBootstrapIndices(1000, 100, 'set-b')).not.toEqual(first);
    expect(sharedBootstrapIndices(999, 100, 'set-a')).toEqual(bootstrapIndices(999, 100, 'set-a'));
    expect(sharedBootstrapIndices(1000, 100, 'set-a', 100)).toEqual(
      bootstrapIndices(1000, 100, 'set-a', { firstReplicate: 100 }),
    );
    expect(sharedBootstrapIndices(1000, 100, 7) === sharedBootstrapIndices(1000, 100, '7')).toBe(
      false,
    );
  });

  it('keeps at most 64 MiB: the least recently used matrix goes first', () => {
    const n = 1_000_000; // 4 MB a replicate row
    const a = sharedBootstrapIndices(n, 6, 'lru-a'); // 24 MB
    const b = sharedBootstrapIndices(n, 6, 'lru-b'); // 48 MB
    expect(sharedBootstrapIndices(n, 6, 'lru-a') === a).toBe(true); // a is now the most recent
    sharedBootstrapIndices(n, 6, 'lru-c'); // 72 MB would exceed: b goes
    expect(sharedBootstrapIndices(n, 6, 'lru-a') === a).toBe(true);
    expect(sharedBootstrapIndices(n, 6, 'lru-b') === b).toBe(false);
  });

  it('draws a matrix above the limit without keeping it', () => {
    const big = sharedBootstrapIndices(1_000_000, 17, 'big'); // 68 MB
    expect(sharedBootstrapIndices(1_000_000, 17, 'big') === big).toBe(false);
  });
});
