// Within one workbook, the same unit's counts must agree wherever they are
// repeated: seed 003's poor and near-poor tables both carry each hamlet's
// households. A figure retyped in the second table passes every check inside
// that table, so tables are compared with each other here.
//
// Two tables are taken to describe the same units in the same period only on
// evidence: a column is compared when it has the same role, year and
// breakdown series in both, and the matched units agree on it (non-zero and
// equal) at least twice as often as they disagree. Sheets of two communes
// that both have "Thôn 1…5", or two years of the same hamlets without a year
// in the header, mostly disagree and are left alone: no false alarm.
import { type Sheet, a1 } from './grid';
import * as D from './decimal';
import type { Issue, Lang } from './report';
import { render } from './messages';
import { type Table, countAt } from './tables';
import { pairNames } from './match';
import { yearIn } from './text';

export interface SheetTables {
  sheet: Sheet;
  tables: Table[];
}

const COUNTED = new Set(['households', 'persons', 'count']);

interface Keyed {
  sheet: Sheet;
  table: Table;
  index: number;
  /** Column key (`households|2022|`) → sheet column. */
  cols: Map<string, number>;
}

function keyedColumns(sheet: Sheet, table: Table): Map<string, number> {
  const out = new Map<string, number>();
  const sheetYear = yearIn(sheet.name);
  for (const c of table.columns) {
    if (!COUNTED.has(c.role.kind)) continue;
    const key = `${c.role.code}|${c.role.year ?? sheetYear ?? ''}`;
    // Two columns with the same key in one table: which one another table repeats is unknown.
    if (out.has(key)) out.set(key, -1);
    else out.set(key, c.col);
  }
  for (const [k, v] of out) if (v < 0) out.delete(k);
  return out;
}

/** Issues for counts that disagree between two tables of the workbook; both cells get one. */
export function crossTableIssues(found: SheetTables[], lang: Lang): Issue[] {
  const all: Keyed[] = [];
  for (const { sheet, tables } of found) {
    tables.forEach((table, index) => {
      const cols = keyedColumns(sheet, table);
      if (cols.size) all.push({ sheet, table, index, cols });
    });
  }
  if (all.length < 2) return [];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  const fmt = (n: number) => D.format(D.dec(n), 0, lang);
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i];
      const b = all[j];
      const shared = [...a.cols.keys()].filter((k) => b.cols.has(k));
      if (!shared.length) continue;
      // Rows by breakdown series: "Hộ" rows are compared with "Hộ" rows only.
      const series = new Set([...a.table.rows, ...b.table.rows].map((r) => r.series ?? ''));
      for (const s of series) {
        const rowsOf = (t: Table) => t.rows.filter((r) => r.kind !== 'total' && r.label && (r.series ?? '') === s);
        const ra = rowsOf(a.table);
        const rb = rowsOf(b.table);
        if (!ra.length || !rb.length) continue;
        const pairing = pairNames(
          ra.map((r) => r.label),
          rb.map((r) => r.label),
        );
        for (const key of shared) {
          const ca = a.cols.get(key)!;
          const cb = b.cols.get(key)!;
          let agree = 0;
          const differ: { ia: number; ib: number; va: number; vb: number }[] = [];
          for (const [ia, ib] of pairing.pairs) {
            const va = countAt(a.sheet, ra[ia].row, ca);
            const vb = countAt(b.sheet, rb[ib].row, cb);
            if (va === undefined || vb === undefined) continue;
            if (va === vb) {
              if (va !== 0) agree++;
            } else differ.push({ ia, ib, va, vb });
          }
          if (!differ.length || agree < 2 || agree < 2 * differ.length) continue;
          const compared = agree + differ.length;
          for (const d of differ) {
            const here = { t: a, row: ra[d.ia], col: ca, v: d.va };
            const there = { t: b, row: rb[d.ib], col: cb, v: d.vb };
            for (const [x, y] of [
              [here, there],
              [there, here],
            ]) {
              const cell = a1(x.row.row, x.col);
              const other = a1(y.row.row, y.col);
              const id = `${x.t.sheet.name}!${cell}|${y.t.sheet.name}!${other}`;
              if (seen.has(id)) continue;
              seen.add(id);
              const otherRef = y.t.sheet === x.t.sheet ? other : `'${y.t.sheet.name}'!${other}`;
              issues.push({
                sheet: x.t.sheet.name,
                cell,
                rule: 'cross-table-mismatch',
                severity: 'error',
                message: render({ id: 'cross-table', p: { cell, unit: x.row.label, stated: fmt(x.v), other: otherRef, otherUnit: y.row.label, otherValue: fmt(y.v), agree, compared } }, lang),
                stated: x.v,
                expected: null,
                unit: x.row.label,
                table: x.t.index,
                others: [{ sheet: y.t.sheet.name, cell: other, unit: y.row.label, value: y.v }],
              });
            }
          }
        }
      }
    }
  }
  return issues;
}
