// Tables that are not one row per unit. A province report often lists
// indicators as rows ("Chỉ tiêu" | "Đơn vị tính" | "Năm 2021" | "Năm 2022"):
// its columns are years, its rows are different quantities, so none of the
// per-unit relations (totals of units, rates over households) applies. Such a
// table is recognised and flagged; the checker reports it `not-checked` with
// the reason instead of raising false errors.
import { fold } from './text';
import type { ColumnRole } from './role-types';
import { YEAR_HEADER } from './vocabulary';

export interface TableLayout {
  kind: 'indicator-rows';
  /** Why the table is not checked row by row (English; the checker renders its own message). */
  reason: string;
}

/** The layout of a table whose columns are read, or undefined for the usual one row per unit. */
export function indicatorLayout(columns: { role: ColumnRole; path: string[]; header: string }[]): TableLayout | undefined {
  const label = columns.find((c) => c.role.rowsAre === 'indicators');
  const years = columns.filter((c) => YEAR_HEADER.test(fold(c.path[c.path.length - 1] ?? '')));
  const units = columns.some((c) => c.role.kind === 'unit' && !c.role.rowsAre);
  if (!label && (years.length < 2 || units)) return undefined;
  // Year columns of an indicator table hold different quantities row by row: no role.
  for (const c of years) c.role = { kind: 'unknown', code: 'unknown', confidence: 0, decidedBy: [c.path[c.path.length - 1]], year: c.role.year };
  const header = label ? `"${label.header}"` : 'years';
  return {
    kind: 'indicator-rows',
    reason: `rows are indicators (first column ${header}), columns are ${years.length ? 'years' : 'values'}: not one row per unit`,
  };
}
