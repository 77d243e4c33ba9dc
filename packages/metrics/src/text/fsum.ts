// Correctly rounded float sum, Python's math.fsum (Shewchuk's algorithm with CPython's half-even
// fix-up in Modules/mathmodule.c). nltk's BLEU combines its log-precisions with fsum; a plain sum
// can differ in the last bit.

/** Exactly rounded sum of finite doubles, as Python's `math.fsum`. */
export function fsum(values: Iterable<number>): number {
  const partials: number[] = [];
  for (let x of values) {
    let i = 0;
    for (let j = 0; j < partials.length; j++) {
      let y = partials[j] ?? 0;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    if (x !== 0) partials.push(x);
  }
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n] ?? 0;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n] ?? 0;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // Round half-even across partials: the next partial may tip a halfway case.
  const next = partials[n - 1] ?? 0;
  if (n > 0 && ((lo < 0 && next < 0) || (lo > 0 && next > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
