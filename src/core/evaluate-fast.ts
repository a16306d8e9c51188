// Fast paths of the relations' evaluation: most rows of a sheet hold, and for
// whole counts and rates of a few decimals that can be decided in JS numbers,
// exactly (every value and sum below 2^53), with no decimal or object made.
// Each function does what the exact path (evaluate-*.ts) does when the
// relation holds and returns true; anything else (a failure, an empty or
// unusable cell, a value JS numbers cannot hold, recording evidence) returns
// false and the exact path runs, so reports do not change.
import type { ColTerm, LinearRelation } from './relations';
import type { Shape } from './check-seen';
import { type EvalState, NO_VALUE, type TableContext, UNUSABLE, keyOf } from './check-table';

const SAFE = 2 ** 53;
const POW10: number[] = [];
for (let k = 0, x = 1; k <= 22; k++, x *= 10) POW10.push(x);

/** lhs ≤ Σ ±term with every value a whole number (bound() does nothing then). */
export function boundHolds(tc: TableContext, row: number, lhs: number, terms: readonly { col: number; coef: number }[]): boolean {
  if (tc.scaleAt(row, lhs) !== 0) return false;
  const sum = wholeSum(tc, row, terms);
  return sum === sum && tc.mantAt(row, lhs) <= sum;
}

/**
 * anchor = Σ ±term with every value a whole number: remembered as built, as
 * linear() does. `shape` is the relation's shape at every row (its terms sit in the anchor's row).
 */
export function linearHolds(ev: EvalState, row: number, anchor: number, terms: readonly ColTerm[], shape: Shape): boolean {
  const { tc } = ev;
  if (ev.recording) return false;
  // Built already (from the numbered row): linear() does nothing either.
  const seen = ev.linearSeen.seenAt(row, shape);
  if (seen) return true;
  if (seen === undefined) return false;
  if (tc.scaleAt(row, anchor) !== 0) return false;
  const sum = wholeSum(tc, row, terms);
  // Both whole: rounded to the decimals shown they are equal exactly when they are equal.
  if (sum !== tc.mantAt(row, anchor)) return false;
  ev.linearSeen.remember({ row, col: anchor }, shape);
  return true;
}

/** Σ ±term at a row when every term is a usable whole number; NaN otherwise. */
function wholeSum(tc: TableContext, row: number, terms: readonly { col: number; coef: number }[]): number {
  let sum = 0;
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k];
    if (tc.scaleAt(row, t.col) !== 0) return NaN;
    const x = tc.mantAt(row, t.col);
    sum = t.coef > 0 ? sum + x : sum - x;
    // Below 2^53 each partial sum is exact; from there on the float is ≥ 2^53 too, and caught here.
    if (!(Math.abs(sum) < SAFE)) return NaN;
  }
  return sum;
}

/**
 * rate = count ÷ base × 100 at the decimals the rate shows (half up), with whole
 * count and base: marked as checked, as rateRelation() does.
 */
export function rateHolds(ev: EvalState, row: number, rate: number, count: number, base: number): boolean {
  const { tc } = ev;
  if (ev.recording) return false;
  const rs = tc.scaleAt(row, rate);
  if (rs < 0 || tc.scaleAt(row, count) !== 0 || tc.scaleAt(row, base) !== 0) return false;
  if (!rateMatches(tc.mantAt(row, count), tc.mantAt(row, base), tc.mantAt(row, rate), rs, tc.shownAt(row, rate))) return false;
  ev.rateCells.set(keyOf(row, rate), 'ok');
  return true;
}

/**
 * Whether count ÷ base × 100, rounded half up to p decimals, is the rate mant · 10^-scale
 * rounded to p decimals (D.ratio and D.round compared), for whole count and base; false
 * also when JS numbers cannot tell exactly (then the exact way decides).
 */
export function rateMatches(count: number, base: number, mant: number, scale: number, p: number): boolean {
  if (scale > p || p >= POW10.length || base === 0) return false;
  const stated = mant * POW10[p - scale];
  const top = count * 100 * POW10[p];
  if (!(Math.abs(stated) < SAFE) || !(Math.abs(top) < SAFE) || !(Math.abs(base) < SAFE)) return false;
  // divRound(top, base, 'half-up') on exact integers: % and the division of a multiple are exact.
  const a = Math.abs(top);
  const d = Math.abs(base);
  const rest = a % d;
  let q = (a - rest) / d;
  if (rest * 2 >= d) q++;
  return (top < 0 !== base < 0 ? -q : q) === stated;
}

/** The shape of a row relation's linear form, made once per table (its terms sit in the anchor's row). */
export function rowShape(ev: EvalState, x: LinearRelation, row: number): Shape {
  let s = ev.rowShapes.get(x);
  if (!s) ev.rowShapes.set(x, (s = ev.linearSeen.shape({ row, col: x.target }, x.terms.map((t) => ({ ref: { row, col: t.col }, coef: t.coef })))));
  return s;
}

/**
 * The sum of the members' cells in a column when each is empty or a whole number
 * (what D.add makes of them, in JS numbers): 'none' when all are empty, 'unusable'
 * when one is, null when JS numbers will not do.
 */
export function wholeMemberSum(tc: TableContext, members: readonly { row: number }[], col: number): number | 'none' | 'unusable' | null {
  let sum = 0;
  let any = false;
  for (let k = 0; k < members.length; k++) {
    const m = members[k];
    const s = tc.scaleAt(m.row, col);
    if (s === 0) {
      any = true;
      sum += tc.mantAt(m.row, col);
      if (!(Math.abs(sum) < SAFE)) return null;
    } else if (s === UNUSABLE) return 'unusable';
    else if (s !== NO_VALUE) return null;
  }
  return any ? sum : 'none';
}
