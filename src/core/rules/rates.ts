// Rates read from the headers: rate = count ÷ base × 100. The base is the
// households column (or persons), the households of the rate's own year when
// the table has several, or the population's start when the header says so
// ("tỷ lệ so với hộ nghèo đầu kỳ").
import type { TableColumn } from '../tables';
import { householdsByYear } from '../tables';
import type { RateRelation, TableCols } from '../relation-types';

/** A declared formula with a product or quotient defines the rate column itself (`4=3/1*100`). */
export const DECLARES_RATIO = /[/*x×:]/i;

export function rateRelations(cols: TableCols): RateRelation[] {
  const out: RateRelation[] = [];
  const base = cols.base();
  for (const c of cols.columns) {
    if (c.role.kind !== 'rate' || c.role.countCol === undefined) continue;
    // The base the role names (persons for a persons rate, the population's start, the households of the rate's year) first.
    const named = c.role.baseCol !== undefined && cols.at(c.role.baseCol) ? c.role.baseCol : undefined;
    const baseCol = named ?? (c.role.base === 'poor' ? cols.col(`${cols.at(c.role.countCol)?.role.pop}.start`) : rateBase(cols, c, base));
    if (baseCol === undefined) continue;
    const superseded = !!(c.label?.formula && DECLARES_RATIO.test(c.label.formula));
    out.push({ kind: 'rate', target: c.col, count: c.role.countCol, base: baseCol, ...(superseded ? { superseded } : {}) });
  }
  return out;
}

/**
 * With households of several years (an appendix with 2023 and 2024), a rate
 * is of the households of its own year, or of its count's year; an
 * end-of-period rate without a year takes the latest.
 */
function rateBase(cols: TableCols, c: TableColumn, fallback: number | undefined): number | undefined {
  const byYear = householdsByYear(cols.table);
  if (byYear.length < 2) return fallback;
  const count = cols.at(c.role.countCol);
  const year = c.role.year ?? count?.role.year;
  const same = year ? byYear.find((b) => b.role.year === year) : undefined;
  if (same) return same.col;
  return count?.role.flow === 'end' ? byYear[byYear.length - 1].col : byYear[0].col;
}
