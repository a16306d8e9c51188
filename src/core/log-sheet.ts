// The log of in-place edits, as a sheet and as rows read back for undo.
//
// The log sheet (LOG_SHEET) is a plain table, one row per changed cell, the
// header in row 1. Hosts append `logRow(...)` rows after applying a batch of
// edits, and undo with `parseLog` + `latestBatchToUndo`: restore each entry's
// old value (or old formula), newest first, then write `undoneMark(when)` into
// the entry's LOG_COL.undone cell. Strings must be written as text (Office.js:
// set the cells' numberFormat to '@' first) so "1.411" stays what it was.
import { parseA1 } from './grid';
import { type CellEdit, type SheetPlan, LOG_SHEET } from './plan';

export const LOG_HEADER = ['Thời gian', 'Trang', 'Ô', 'Giá trị cũ', 'Giá trị mới', 'Quy tắc', 'Lý do', 'Lần', 'Đã hoàn tác', 'Công thức cũ'] as const;

/** Column index of each field in a log row. */
export const LOG_COL = { when: 0, sheet: 1, cell: 2, old: 3, value: 4, rule: 5, reason: 6, batch: 7, undone: 8, oldFormula: 9 } as const;

export const LOG_WIDTHS = [20, 20, 8, 14, 14, 18, 60, 6, 20, 20];

export type LogValue = string | number | boolean | null;

export interface LogEntry {
  /** 0-based row of the entry on the log sheet. */
  row: number;
  when: string;
  sheet: string;
  cell: string;
  old: number | string | boolean | null;
  oldFormula?: string;
  value: number | string | boolean | null;
  rule: string;
  reason: string;
  batch: number;
  undone: boolean;
}

/** `yyyy-mm-dd hh:mm:ss`, local time: sortable and readable in any locale. */
export function formatTime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** One log row for an edit, in LOG_HEADER order. */
export function logRow(edit: CellEdit, when: Date, batch: number): LogValue[] {
  return [formatTime(when), edit.sheet, edit.cell, edit.old, edit.value, edit.rule, edit.reason, batch, null, edit.oldFormula ?? null];
}

/** What goes into the undone cell of an entry once it is undone. */
export function undoneMark(when: Date): string {
  return formatTime(when);
}

/** The log sheet's header as a plan (for a host creating the sheet). */
export function logSheetPlan(): SheetPlan {
  return {
    name: LOG_SHEET,
    purpose: 'log',
    cells: LOG_HEADER.map((h, col) => ({ row: 0, col, value: h, bold: true })),
    merges: [],
    widths: LOG_WIDTHS,
    freeze: { rows: 1, cols: 0 },
  };
}

/** Entries of a log sheet's rows (row 0 is the header; rows that aren't entries are skipped). */
export function parseLog(rows: unknown[][]): LogEntry[] {
  const out: LogEntry[] = [];
  rows.forEach((raw, i) => {
    if (i === 0 || !raw) return;
    const get = (c: number) => {
      const v = raw[c];
      return v === undefined || v === '' ? null : v;
    };
    const sheet = get(LOG_COL.sheet);
    const cell = get(LOG_COL.cell);
    const batch = Number(get(LOG_COL.batch));
    if (typeof sheet !== 'string' || typeof cell !== 'string' || !parseA1(cell) || !Number.isFinite(batch)) return;
    const scalar = (v: unknown): number | string | boolean | null =>
      typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : null;
    const formula = get(LOG_COL.oldFormula);
    const undone = get(LOG_COL.undone);
    out.push({
      row: i,
      when: String(get(LOG_COL.when) ?? ''),
      sheet,
      cell,
      old: scalar(get(LOG_COL.old)),
      ...(typeof formula === 'string' && formula ? { oldFormula: formula.replace(/^=/, '') } : {}),
      value: scalar(get(LOG_COL.value)),
      rule: String(get(LOG_COL.rule) ?? ''),
      reason: String(get(LOG_COL.reason) ?? ''),
      batch,
      undone: undone !== null && undone !== false,
    });
  });
  return out;
}

/** The batch number for the next applyEdits. */
export function nextBatch(entries: LogEntry[]): number {
  return entries.reduce((m, e) => Math.max(m, e.batch), 0) + 1;
}

/** The latest batch with entries not yet undone, its entries newest first (the order to restore them in). */
export function latestBatchToUndo(entries: LogEntry[]): { batch: number; entries: LogEntry[] } | null {
  const open = entries.filter((e) => !e.undone);
  if (!open.length) return null;
  const batch = open.reduce((m, e) => Math.max(m, e.batch), -Infinity);
  return { batch, entries: open.filter((e) => e.batch === batch).sort((a, b) => b.row - a.row) };
}

