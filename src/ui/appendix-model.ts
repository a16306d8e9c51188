// The appendix panel's logic, out of React: sources (sheets of the open
// workbook, or one .xlsx file per unit), their unit figures, the user's
// near-miss confirmations, and the core's appendix sheet checked by the engine.
import { type AppendixOptions, type MergedUnits, type NearMiss, type UnitFigures, mergeUnits, totalOfTable, unitsOfTable } from '../core/appendix';
import { type AppendixSheet, appendixSheet } from '../core/appendix-sheet';
import { ownSheetPurposeOf } from '../core/correct';
import { type RoleOverrides, checkWorkbook, tablesOf } from '../core/engine';
import { type Sheet, type Workbook, colName, rangeA1 } from '../core/grid';
import { type SheetPlan, planToSheet } from '../core/plan';
import type { Issue } from '../core/report';
import type { Table } from '../core/tables';
import { tidy } from '../core/text';

export interface AppendixSource {
  /** Unique within the panel: `file|sheet`. */
  id: string;
  /** The unit's name when the source is one unit: the sheet name (Excel) or the file name without .xlsx. */
  unitName: string;
  /** Where figures came from, e.g. `huyen-a-luoi.xlsx › Phân bổ`. */
  where: string;
  sheet: Sheet;
  tables: Table[];
}

/**
 * Sheets with at least one table, PovCheck's own sheets left out. `file` set: one source per file (its first such sheet).
 * `roles`: the officer's column roles for the open workbook (the pane's overrides).
 */
export function sourcesOf(wb: Workbook, file?: string, roles?: RoleOverrides): AppendixSource[] {
  const out: AppendixSource[] = [];
  for (const sheet of wb.sheets) {
    if (ownSheetPurposeOf(sheet) !== null) continue;
    const tables = tablesOf(sheet, roles);
    if (!tables.some((tb) => tb.rows.some((r) => r.kind === 'unit' || r.kind === 'total'))) continue;
    const unitName = file ? file.replace(/\.xlsx$/i, '') : sheet.name;
    out.push({ id: `${file ?? ''}|${sheet.name}`, unitName, where: file ? `${file} › ${sheet.name}` : sheet.name, sheet, tables });
    if (file) break;
  }
  return out;
}

export function sourceRange(s: AppendixSource): string {
  return s.tables.map((tb) => rangeA1(tb.range)).join(', ');
}

export type SourceMode = 'total' | 'units';

/**
 * One list per table for mergeUnits: a source's rows never merge with each
 * other, tables of different sources (or the poor and near-poor tables of
 * one sheet) do. In `total` mode each source gives its first total row.
 */
export function unitLists(sources: readonly AppendixSource[], mode: SourceMode): UnitFigures[][] {
  const lists: UnitFigures[][] = [];
  for (const s of sources) {
    if (mode === 'total') {
      for (const tb of s.tables) {
        const u = totalOfTable(s.sheet, tb, s.unitName, `${s.where} › ${rangeA1(tb.range)}`);
        if (u) {
          lists.push([u]);
          break;
        }
      }
    } else {
      for (const tb of s.tables) lists.push(unitsOfTable(s.sheet, tb, `${s.where} › ${rangeA1(tb.range)}`));
    }
  }
  return lists;
}

export const nearMissId = (m: NearMiss) => `${m.names[0]}\u0000${m.names[1]}`;

/** The lists with every confirmed near-miss's second name written as its first, so mergeUnits matches them exactly. */
export function applyConfirmed(lists: UnitFigures[][], confirmed: readonly NearMiss[]): UnitFigures[][] {
  if (!confirmed.length) return lists;
  const rename = new Map(confirmed.map((m) => [tidy(m.names[1]), m.names[0]]));
  return lists.map((list) => list.map((u) => (rename.has(tidy(u.name)) ? { ...u, name: rename.get(tidy(u.name))! } : u)));
}

export interface AppendixState {
  /** Near-misses as found before any confirmation (the panel keeps showing them with their checkbox). */
  nearMisses: NearMiss[];
  merged: MergedUnits;
  /** The core's appendix sheet: the plan (marker in A1, sorted rate range for the chart) and the chart's range. */
  sheet: AppendixSheet | null;
  /** The engine's errors on the plan: writing is blocked while there are any. */
  errors: Issue[];
  /** Each error traced back to the unit row and the source files it came from (what the officer can act on). */
  causes: AppendixCause[];
}

export interface AppendixCause {
  /** The unit of the appendix row; absent for the total row. */
  unit?: string;
  /** Where that unit's figures came from (`file › sheet › range`, several joined by `; `). */
  sources: string[];
  message: string;
  /** The cell on the appendix sheet (kept for the record; the officer never sees that sheet before it is written). */
  cell: string;
}

/** Traces the engine's errors on the appendix plan to the unit of their row and that unit's sources. */
export function causesOf(errors: readonly Issue[], plan: SheetPlan, units: readonly UnitFigures[]): AppendixCause[] {
  const nameAt = (row: number) => plan.cells.find((c) => c.row === row && c.col === 1)?.value;
  const isUnitRow = (row: number) => typeof plan.cells.find((c) => c.row === row && c.col === 0)?.value === 'number';
  return errors.map((e) => {
    const m = /^[A-Z]+(\d+)$/.exec(e.cell);
    const row = m ? Number(m[1]) - 1 : -1;
    const name = row >= 0 && isUnitRow(row) ? nameAt(row) : undefined;
    const unit = typeof name === 'string' ? units.find((u) => u.name === name) : undefined;
    // The appendix sheet is not written yet: name its column by the header the preview shows, not by a cell address.
    const col = plan.cells.find((c) => c.row === row && `${colName(c.col)}${row + 1}` === e.cell)?.col;
    const header = col === undefined ? undefined : plan.cells.find((c) => c.wrap && c.col === col)?.value;
    const message = typeof header === 'string' ? e.message.split(e.cell).join(`“${header}”`) : e.message;
    return { unit: unit?.name, sources: unit ? unit.source.split('; ') : [], message, cell: e.cell };
  });
}

export function buildAppendix(
  sources: readonly AppendixSource[],
  mode: SourceMode,
  confirmedIds: ReadonlySet<string>,
  options: Pick<AppendixOptions, 'year' | 'totalAt' | 'lang'>,
  date = new Date(),
): AppendixState {
  const lists = unitLists(sources, mode);
  const first = mergeUnits(lists);
  const confirmed = first.nearMisses.filter((m) => confirmedIds.has(nearMissId(m)));
  const merged = confirmed.length ? mergeUnits(applyConfirmed(lists, confirmed)) : first;
  if (!merged.units.length) return { nearMisses: first.nearMisses, merged, sheet: null, errors: [], causes: [] };
  const sheet = appendixSheet(merged.units, { lang: options.lang, year: options.year, totalAt: options.totalAt, date });
  // Checked as it will be written, chart range included.
  const report = checkWorkbook({ sheets: [planToSheet(sheet.plan)] }, { lang: options.lang });
  const errors = report.issues.filter((i) => i.severity === 'error');
  return { nearMisses: first.nearMisses, merged, sheet, errors, causes: causesOf(errors, sheet.plan, merged.units) };
}

// ---------------------------------------------------------------------------
// Reading the plan back (preview and chart)

export interface PlanTable {
  headerRow: number;
  headers: string[];
  /** Rows under the header, as shown: formulas by their result. */
  rows: { row: number; values: (number | string | null)[]; isTotal: boolean; notes: (string | undefined)[] }[];
}

export function planTable(plan: SheetPlan): PlanTable {
  const grid = new Map<number, Map<number, number | string | null>>();
  const notes = new Map<string, string>();
  let headerRow = -1;
  for (const c of plan.cells) {
    if (c.note) notes.set(`${c.row},${c.col}`, c.note);
    const v = c.formula !== undefined ? (c.result ?? null) : typeof c.value === 'boolean' ? String(c.value) : (c.value ?? null);
    if (!grid.has(c.row)) grid.set(c.row, new Map());
    grid.get(c.row)!.set(c.col, v);
    // appendixPlan wraps its header cells and nothing else.
    if (c.wrap && headerRow < 0) headerRow = c.row;
  }
  const width = plan.cells.reduce((m, c) => Math.max(m, c.col + 1), 0);
  const row = (r: number) => Array.from({ length: width }, (_, i) => grid.get(r)?.get(i) ?? null);
  const headers = row(headerRow).map((v) => (v === null ? '' : String(v)));
  // The table's rows: those right under the header, up to the first empty row (the chart range comes after one).
  const below: number[] = [];
  for (let r = headerRow + 1; grid.has(r); r++) below.push(r);
  const rows = below
    .map((r) => {
      const values = row(r);
      return { row: r, values, isTotal: typeof values[0] !== 'number', notes: values.map((_, i) => notes.get(`${r},${i}`)) };
    });
  return { headerRow, headers, rows };
}
