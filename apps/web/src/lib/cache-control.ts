/**
 * Boards change when an entry is scored, so shared caches may keep a published board briefly;
 * a draft is for its curators only and must never sit in a shared cache.
 */
export function boardCacheControl(status: 'DRAFT' | 'PUBLISHED'): string {
  return status === 'PUBLISHED'
    ? 'public, max-age=30, stale-while-revalidate=120'
    : 'private, no-store';
}
