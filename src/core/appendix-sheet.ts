// The appendix sheet as `povcheck appendix` writes it: the appendix plan
// (appendix.ts) with PovCheck's marker in A1, and to its right a small range
// of the units sorted by their end rate, with formulas pointing at the
// appendix rows, which the chart draws from. Pure: the chart itself is added
// by the host (ExcelJS cannot write charts).
import { colName } from './grid';
import type { PlannedCell, SheetPlan } from './plan';
import type { Lang } from './report';
import { type MessageId, type Param, render } from './messages';
import { type AppendixOptions, type UnitFigures, appendixPlan } from './appendix';
import { APPENDIX_MARKER, formatDate } from './correct';
import { maxOf, pushAll } from './arrays';

export interface ChartRange {
  title: string;
  /** 0-based columns and rows of the sorted range on the appendix sheet. */
  nameCol: number;
  startCol: number;
  endCol: number;
  headerRow: number;
  firstRow: number;
  lastRow: number;
  /** Last column of the appendix table: the chart is anchored to its right. */
  tableLastCol: number;
  /** The sorted rows as the chart's cached values. */
  names: string[];
  startRates: number[];
  endRates: number[];
  startHeader: string;
  endHeader: string;
}

export interface AppendixSheet {
  plan: SheetPlan;
  /** Absent when no unit has both rates (nothing to draw). */
  chart?: ChartRange;
}

const say = (lang: Lang, id: MessageId, p: Record<string, Param> = {}) => render({ id, p }, lang);

export function appendixMarker(date: Date): string {
  return `${APPENDIX_MARKER} — ngày ${formatDate(date)}`;
}

/** The poor-rate columns of an appendix plan, found by their headers (row 3). */
function rateColumns(plan: SheetPlan, lang: Lang, year: number): { start: number; end: number } | null {
  const header = (h: string) => plan.cells.find((c) => c.row === 3 && c.value === h)?.col;
  // The appendix's own header words, from the same catalogue entry.
  const w = { id: 'population-poor' as const, p: {} };
  const start = header(say(lang, 'appendix-col-rate', { w, year: String(year - 1) }));
  const end = header(say(lang, 'appendix-col-rate', { w, year: String(year) }));
  return start === undefined || end === undefined ? null : { start, end };
}

export function appendixSheet(units: UnitFigures[], o: AppendixOptions & { date: Date }): AppendixSheet {
  const plan = appendixPlan(units, o);
  const lang = o.lang;
  // A1 carries the marker so a later run recognises the sheet as PovCheck's.
  const a1 = plan.cells.find((c) => c.row === 0 && c.col === 0);
  if (a1) a1.value = appendixMarker(o.date);
  const cols = rateColumns(plan, lang, o.year);
  if (!cols) return { plan };
  const value = (row: number, col: number): number | string | undefined => {
    const c = plan.cells.find((x) => x.row === row && x.col === col);
    const v = c?.formula !== undefined ? c.result : c?.value;
    return v === null || v === undefined || typeof v === 'boolean' ? undefined : v;
  };
  // Unit rows: those with an ordinal in column A (the total row has none).
  const rows = plan.cells.filter((c) => c.col === 0 && typeof c.value === 'number' && c.row > 3).map((c) => c.row);
  const data = rows
    .map((r) => ({ row: r, name: String(value(r, 1) ?? ''), start: value(r, cols.start), end: value(r, cols.end) }))
    .filter((d): d is { row: number; name: string; start: number; end: number } => typeof d.start === 'number' && typeof d.end === 'number');
  if (!data.length) return { plan };
  // Ascending: a bar chart draws its first category at the bottom, so the highest rate ends on top.
  data.sort((a, b) => a.end - b.end || a.start - b.start || a.row - b.row);
  // Below the table, after a note row: the engine ends a table at "Ghi chú", so the
  // copied rates are not read as more columns of the appendix (they would be, to its right).
  const lastRow = maxOf(plan.cells.map((c) => c.row));
  const tableLastCol = maxOf(plan.cells.map((c) => c.col));
  const noteRow = lastRow + 2;
  const headerRow = noteRow + 1;
  const nameCol = 1;
  const cells: PlannedCell[] = [];
  const startHeader = say(lang, 'appendix-chart-rate', { year: String(o.year - 1) });
  const endHeader = say(lang, 'appendix-chart-rate', { year: String(o.year) });
  const title = say(lang, 'appendix-chart-title', { previous: String(o.year - 1), year: String(o.year) });
  cells.push({ row: noteRow, col: 0, value: say(lang, 'appendix-chart-note', { year: String(o.year) }), bold: true });
  cells.push({ row: headerRow, col: nameCol, value: say(lang, 'appendix-chart-unit'), bold: true });
  cells.push({ row: headerRow, col: nameCol + 1, value: startHeader, bold: true });
  cells.push({ row: headerRow, col: nameCol + 2, value: endHeader, bold: true });
  data.forEach((d, i) => {
    const r = headerRow + 1 + i;
    // Names are copied as text (a plan's formula result is a number); the rates point at the appendix rows.
    cells.push({ row: r, col: nameCol, value: d.name });
    cells.push({ row: r, col: nameCol + 1, formula: `${colName(cols.start)}${d.row + 1}`, result: d.start, numFmt: '0.00' });
    cells.push({ row: r, col: nameCol + 2, formula: `${colName(cols.end)}${d.row + 1}`, result: d.end, numFmt: '0.00' });
  });
  pushAll(plan.cells, cells);
  return {
    plan,
    chart: {
      title,
      tableLastCol,
      nameCol,
      startCol: nameCol + 1,
      endCol: nameCol + 2,
      headerRow,
      firstRow: headerRow + 1,
      lastRow: headerRow + data.length,
      names: data.map((d) => d.name),
      startRates: data.map((d) => d.start),
      endRates: data.map((d) => d.end),
      startHeader,
      endHeader,
    },
  };
}
