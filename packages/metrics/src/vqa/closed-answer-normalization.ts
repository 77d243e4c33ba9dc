// How closed answers are compared. Kept apart from the extraction and the metrics (closed-answer.ts)
// and free of their code, so that @medrank/metrics/catalog can re-export it: a track's answer set
// is checked against this form where no scoring code is bundled (@medrank/task-contracts).

const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'the']);

/**
 * The comparable form of a closed answer or response: NFKC, lower-case, every run of characters
 * that are not letters or digits becomes one space (so "yes,there" is two words and "x-ray" is
 * "x ray" on both sides), the articles a/an/the are dropped, whitespace is collapsed.
 * @example normalizeClosedAnswer('  Yes, there is an effusion. ') // 'yes there is effusion'
 */
export function normalizeClosedAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !ARTICLES.has(word))
    .join(' ');
}

/** Most answers a closed question may have (the track's answer set or a case's own choices). */
export const MAX_CLOSED_CHOICES = 10;
