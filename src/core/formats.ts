// The number format and decimals of a numeric cell that `fix` writes. The
// checks read a cell through its format (a percent format multiplies by 100,
// a date format makes it a date, the decimals shown are the precision of a
// rate), so a written cell must carry a format of its kind that shows exactly
// the decimals its formula rounds to; else PovCheck's own sheet fails `check`.
import * as D from './decimal';
import type { Dec } from './decimal';
import { type NumRead, formatInfo } from './numbers';
import { type Sheet, cellAt } from './grid';

/**
 * The most decimals a column's typed General numbers show. Excel drops a General
 * number's trailing zeros (1,10 shows as 1,1), so each General cell of the column
 * is taken to show this many; the checks and the corrected table count alike.
 */
export function generalColumnDecimals(sheet: Sheet, rows: readonly { row: number }[], col: number, read: (row: number, col: number) => NumRead): number {
  let most = 0;
  for (const x of rows) {
    const r = read(x.row, col);
    if (r.ok && !r.fromText && !cellAt(sheet, x.row, col).numFmt) most = Math.max(most, r.shown);
  }
  return most;
}

/**
 * A date or time format, by ExcelJS's test (utils.isDateFmt), so both hosts
 * and the core call the same numbers dates: strip [..] and "..", then look for
 * date/time letters.
 */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(f);
}

// A sheet has a handful of formats over thousands of cells: the date test once per format.
const dateFormats = new Map<string, boolean>();

/** A format that shows a number as a number (not General, text or a date). */
function numberFormat(fmt: string | undefined): { decimals: number; percent: boolean } | null {
  if (!fmt || fmt === '@') return null;
  let date = dateFormats.get(fmt);
  if (date === undefined) {
    date = isDateFormat(fmt);
    if (dateFormats.size < 1000) dateFormats.set(fmt, date);
  }
  return date ? null : formatInfo(fmt);
}

/**
 * The format of a numeric cell written by `fix`. A count keeps its format
 * unless it is a percent, date or text format (then `#,##0`); a rate keeps its
 * format only when that shows `decimals` decimals and is a percent format
 * exactly when the written value is a fraction (`percent`).
 */
export function writtenFormat(kind: 'rate' | 'count', source: string | undefined, decimals: number, percent = false): string {
  const info = numberFormat(source);
  if (kind !== 'rate') return source && info && !info.percent ? source : '#,##0';
  if (source && info && info.decimals === decimals && info.percent === percent) return source;
  return `0${decimals > 0 ? '.' + '0'.repeat(decimals) : ''}${percent ? '%' : ''}`;
}

/** The number to store so that a cell of format `fmt` reads as `shown` (a percent format shows 100 times what it holds). */
export function storedNumber(shown: Dec, fmt: string | undefined): number {
  return D.toNumber(formatInfo(fmt)?.percent ? { n: shown.n, s: shown.s + 2 } : shown);
}

/** The decimals a column's usable cells show most often (the larger on a tie); undefined when none is usable. */
export function columnDecimals(column: Iterable<NumRead>): number | undefined {
  const count = new Map<number, number>();
  for (const r of column) if (r.ok) count.set(r.shown, (count.get(r.shown) ?? 0) + 1);
  let best: number | undefined;
  for (const [d, n] of count) if (best === undefined || n > count.get(best)! || (n === count.get(best)! && d > best)) best = d;
  return best;
}

/**
 * Decimals of a recomputed rate whose own cell is unusable ("x", an error, a
 * date, formula text): its column's (`columnDecimals`), else those of the
 * cell's own number format, else 2, the usual for a rate.
 */
export function unusableRateDecimals(ownFormat: string | undefined, column: number | undefined): number {
  return column ?? numberFormat(ownFormat)?.decimals ?? 2;
}
