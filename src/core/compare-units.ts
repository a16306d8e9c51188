// The figures compare reads from a workbook: per unit, last year's end or this
// year's start of a population (or households), found through the tables'
// column roles.
import { maxOf, minOf } from './arrays';
import { type Sheet, type Workbook, a1 } from './grid';
import { type Table, type TableRow, countAt, findTables } from './tables';
import { ownSheetPurposeOf } from './correct';
import { nameKeys } from './match';
import { tidy } from './text';

/** One figure of one unit: where it is and what it holds. */
export interface Figure {
  sheet: string;
  cell: string;
  value: number;
}

export interface UnitEntry {
  name: string;
  sheet: string;
  /** The cell of the unit's name (where "found in one file only" is reported). */
  nameCell: string;
  table: number;
  figure?: Figure;
}

/** A figure read from a workbook: the units that have it, by the year its header gives. */
export type FigureKind = { kind: 'households' } | { kind: 'pop'; pop: string };

export interface TableAt {
  sheet: Sheet;
  table: Table;
  index: number;
}

export function tablesOf(wb: Workbook, found?: Record<string, Table[]>): TableAt[] {
  const out: TableAt[] = [];
  for (const sheet of wb.sheets) {
    // Sheets PovCheck wrote itself (reports, corrected copies) are not the officer's data.
    if (ownSheetPurposeOf(sheet)) continue;
    (found?.[sheet.name] ?? findTables(sheet)).forEach((table, index) => out.push({ sheet, table, index }));
  }
  return out;
}

/** The column of the unit's name: the unit column, else the ordinal, else the table's first. */
function nameCol(t: Table): number {
  return t.columns.find((c) => c.role.kind === 'unit')?.col ?? t.columns.find((c) => c.role.kind === 'ordinal')?.col ?? t.range.left;
}

const unitRows = (t: Table): TableRow[] => t.rows.filter((r) => r.kind === 'unit' && r.label && (r.series === null || /^ho\b/.test(r.series)));

/**
 * The column holding a figure in a table, with its header's year. `side`
 * `end` is last year's closing count: the end column, or a lone stock with no
 * time word and no movements (a review's result, the stock at the review
 * date). `start` is this year's opening count.
 */
function columnFor(t: Table, f: FigureKind, side: 'start' | 'end'): { col: number; year: number | null } | null {
  if (f.kind === 'households') {
    const hh = t.columns.filter((c) => c.role.code === 'households').sort((a, b) => (a.role.year ?? 0) - (b.role.year ?? 0));
    if (!hh.length) return null;
    const c = side === 'start' ? hh[0] : hh[hh.length - 1];
    return { col: c.col, year: c.role.year ?? null };
  }
  const end = t.columns.find((c) => c.role.code === `${f.pop}.end`);
  const start = t.columns.find((c) => c.role.code === `${f.pop}.start`);
  if (side === 'start') return start ? { col: start.col, year: start.role.year ?? null } : null;
  if (end) return { col: end.col, year: end.role.year ?? null };
  const moves = t.columns.some((c) => c.role.kind === 'count' && c.role.pop === f.pop && c.role.flow && c.role.flow !== 'start');
  if (start && !start.role.explicitFlow && !moves) return { col: start.col, year: start.role.year ?? null };
  return null;
}

/**
 * The units that have a figure in a workbook. Tables are taken by year: the
 * latest for last year's end, or the one `year` names. A unit repeated in two
 * tables of the same year (seed 003 repeats households) counts once; the
 * cross-table check sees to it that the copies agree.
 */
export function unitsWith(tables: TableAt[], f: FigureKind, side: 'start' | 'end', year?: number | null): { units: UnitEntry[]; year: number | null } {
  const cands = tables.map((t) => ({ t, c: columnFor(t.table, f, side) })).filter((x) => x.c !== null) as { t: TableAt; c: { col: number; year: number | null } }[];
  if (!cands.length) return { units: [], year: null };
  const years = cands.map((x) => x.c.year);
  let chosen: number | null;
  if (year !== undefined && year !== null && years.includes(year)) chosen = year;
  else if (years.some((y) => y !== null)) {
    const known = years.filter((y): y is number => y !== null);
    chosen = side === 'end' ? maxOf(known) : minOf(known);
  }
  else chosen = null;
  const units: UnitEntry[] = [];
  const seen = new Map<string, number>(); // exact key → table position of its first entry
  cands.forEach((x, pos) => {
    if (x.c.year !== chosen && chosen !== null && x.c.year !== null) return;
    for (const r of unitRows(x.t.table)) {
      const key = nameKeys(r.label).exact;
      const first = seen.get(key);
      if (first !== undefined && first !== pos) continue;
      seen.set(key, pos);
      const v = countAt(x.t.sheet, r.row, x.c.col);
      units.push({
        name: tidy(r.label),
        sheet: x.t.sheet.name,
        nameCell: a1(r.row, nameCol(x.t.table)),
        table: x.t.index,
        ...(v !== undefined ? { figure: { sheet: x.t.sheet.name, cell: a1(r.row, x.c.col), value: v } } : {}),
      });
    }
  });
  return { units, year: chosen };
}

/** Every population any table of either workbook has a start or end for. */
export function populations(tables: TableAt[]): string[] {
  const pops = new Set<string>();
  for (const t of tables) for (const c of t.table.columns) if (c.role.kind === 'count' && c.role.pop && (c.role.flow === 'start' || c.role.flow === 'end')) pops.add(c.role.pop);
  return ['poor', 'nearPoor', ...[...pops].filter((p) => p !== 'poor' && p !== 'nearPoor')].filter((p) => pops.has(p));
}
