// Which cell values a derived cell of `fix` may be computed from. A count that
// is not a whole non-negative number (4.0001, float noise, -40) is an
// invalid-value error: a formula over it would carry the error into every
// total and balance computed from it, so those cells keep their stated values.
import * as D from './decimal';
import type { Dec } from './decimal';
import type { Cell } from './grid';
import { TOO_LARGE } from './numbers';

/** Whether `value`, read from a column of role kind `kind`, may enter a sum, a balance or a rate. */
export function usableValue(kind: string | undefined, value: Dec): boolean {
  if (kind === 'rate') return true;
  return D.isInteger(value) && !D.isNegative(value);
}

/**
 * Excel's SUM over a range skips text, booleans and empty cells; it adds
 * numbers and dates and fails on an error. A member SUM would not skip but
 * PovCheck cannot use makes the total keep its stated value.
 */
export function sumSkips(cell: Cell): boolean {
  const k = cell.value.kind;
  return k === 'empty' || k === 'text' || k === 'boolean';
}

/**
 * A count cell formatted as a percentage shows 100 times the number typed
 * (188 shows "18800.00%"). A count column holds no percentages: the number
 * typed is the count, when it is a whole non-negative number. Null otherwise.
 */
export function percentFormattedCount(kind: string | undefined, cell: Cell, percentFormat: boolean): Dec | null {
  if (kind === 'rate' || kind === undefined || !percentFormat || cell.value.kind !== 'number') return null;
  const v = cell.value.value;
  return Number.isSafeInteger(v) && v >= 0 ? D.fromNumber(v) : null;
}

/** Whether a count `fix` computes is one the checks accept: not negative, below 10^15 (numbers.ts). */
export function derivableCount(value: Dec): boolean {
  return !D.isNegative(value) && D.cmp(value, D.fromNumber(TOO_LARGE)) < 0;
}
