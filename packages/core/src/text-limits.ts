/**
 * The longest value, in characters, each free-text field accepts. One table, so the web's
 * validation, the CLI and the curation package agree, and a test can walk every field.
 * Limits are generous for real use and small enough that no field can carry a megabyte.
 */
export const TEXT_LIMITS = {
  /** A person's display name (sign-up, update-user, `medrank user create --name`). */
  personName: 100,
  /** RFC 5321's longest forward path. */
  email: 254,
  /** Any http(s) link (method card, reported results, profile image). */
  url: 2000,
  /** An API token's label. */
  tokenName: 80,
  /** A submission's method name. */
  methodName: 120,
  /** A method card's description or training-data disclosure. */
  methodNotes: 2000,
  /** A moderation reason shown publicly next to the entry. */
  moderationReason: 500,
  /** A baseline label ("random", "human expert"). */
  baselineKind: 60,
  /** The board's text filter. */
  searchQuery: 100,
  /** One `dimension:category` filter of a custom subset. */
  categoryFilter: 200,
  /** How many category filters one custom subset may list. */
  categoryFilterCount: 100,
  /** A reported-results cell naming a model, institution, group, category or the like. */
  reportedText: 200,
} as const;

export type TextLimitField = keyof typeof TEXT_LIMITS;

/** "name: at most 100 characters (got 500000)" — the error every limit reports. */
export function tooLongMessage(field: string, limit: number, length: number): string {
  return `${field}: at most ${limit} characters (got ${length})`;
}
