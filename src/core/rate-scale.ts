// Rate columns typed as fractions: "Tỷ lệ" holding 0,05 for 5 % (a formula
// =D7/C7 left without ×100 and without a % format). Read as they are, every
// row would be an error, 100 times off; read as a % cell is (×100), the
// column is checked like any other and one note says how it was read.
import { cellAt } from './grid';
import type { Sheet } from './grid';
import * as D from './decimal';
import { type NumRead, formatInfo, readNumber } from './numbers';
import type { Table } from './tables';
import type { RateRelation } from './relation-types';

const ONE = D.dec(1);

// The checks and the corrected table ask for the same table's columns: found once.
const found = new WeakMap<Table, { sheet: Sheet; cols: Set<number> }>();

/** The rate columns whose values are count ÷ base (not × 100) on most rows (a typo may spoil one), never a percentage, none above 1. */
export function fractionRateColumns(sheet: Sheet, table: Table, rates: readonly RateRelation[]): Set<number> {
  const hit = found.get(table);
  if (hit && hit.sheet === sheet) return hit.cols;
  const cols = findFractionColumns(sheet, table, rates);
  found.set(table, { sheet, cols });
  return cols;
}

function findFractionColumns(sheet: Sheet, table: Table, rates: readonly RateRelation[]): Set<number> {
  const out = new Set<number>();
  for (const rel of rates) {
    if (rel.superseded || out.has(rel.target)) continue;
    let rows = 0;
    let fraction = 0;
    let percent = 0;
    let aboveOne = false;
    for (const row of table.rows) {
      const cell = cellAt(sheet, row.row, rel.target);
      if (formatInfo(cell.numFmt)?.percent) {
        aboveOne = true; // a % cell already reads as a percentage
        break;
      }
      const r = readNumber(cell, 'rate');
      const c = readNumber(cellAt(sheet, row.row, rel.count), 'count');
      const b = readNumber(cellAt(sheet, row.row, rel.base), 'count');
      if (!r.ok || !c.ok || !b.ok || D.isZero(b.value) || D.isZero(r.value)) continue;
      // One value above 1 or one percentage settles it: the usual column stops at its first row.
      if (D.cmp(r.value, ONE) > 0) {
        aboveOne = true;
        break;
      }
      rows++;
      if (D.eq(D.ratio(c.value, b.value, 1, r.shown)!, D.round(r.value, r.shown))) fraction++;
      if (D.eq(D.ratio(c.value, b.value, 100, r.shown)!, D.round(r.value, r.shown))) {
        percent++;
        break;
      }
    }
    if (!aboveOne && percent === 0 && fraction >= 2 && fraction * 2 > rows) out.add(rel.target);
  }
  return out;
}

/** A fraction read as the percentage it stands for: ×100, two decimals fewer shown. */
export function asPercent(r: NumRead): NumRead {
  return r.ok ? { ...r, value: D.mul(r.value, D.dec(100)), shown: Math.max(0, r.shown - 2) } : r;
}
