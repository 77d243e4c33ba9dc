/**
 * Competition ranking ("1, 2, 2, 4"): ties share a rank, and an entry without a value for the
 * ranking metric always ranks after every entry that has one.
 */
export function rankEntries<T extends { value: number | null }>(
  entries: T[],
  higherIsBetter: boolean,
  tieBreak: (a: T, b: T) => number,
): (T & { rank: number })[] {
  const sorted = [...entries].sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value === b.value) return tieBreak(a, b);
      return a.value === null ? 1 : -1;
    }
    const diff = higherIsBetter ? b.value - a.value : a.value - b.value;
    return diff !== 0 ? diff : tieBreak(a, b);
  });
  let rank = 0;
  return sorted.map((entry, index) => {
    const previous = sorted[index - 1];
    if (index === 0 || previous === undefined || previous.value !== entry.value) rank = index + 1;
    return { ...entry, rank };
  });
}
