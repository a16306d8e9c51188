// Loops instead of spreading an array into a call: `Math.max(...xs)` and
// `push(...xs)` pass every element as an argument, and past ~100,000 of them
// (a province's cells) the call overflows the stack.

/** The largest of `xs`, or `empty` when there is none. */
export function maxOf(xs: Iterable<number>, empty = -Infinity): number {
  let m = empty;
  let any = false;
  for (const x of xs) {
    if (!any || x > m) m = x;
    any = true;
  }
  return m;
}

/** The smallest of `xs`, or `empty` when there is none. */
export function minOf(xs: Iterable<number>, empty = Infinity): number {
  let m = empty;
  let any = false;
  for (const x of xs) {
    if (!any || x < m) m = x;
    any = true;
  }
  return m;
}

/** Appends every element of `from` to `to`; returns `to`. */
export function pushAll<T>(to: T[], from: Iterable<T>): T[] {
  for (const x of from) to.push(x);
  return to;
}
