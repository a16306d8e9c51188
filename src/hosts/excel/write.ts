// Writing PovCheck's own sheets (corrected tables, the report) into the
// workbook open in Excel, from a SheetPlan. edits.ts queues in-place edits
// with the same cell writer; writer.ts puts both behind one GridWriter.
// Everything is queued and sent in a few round trips, never one per cell, and
// every write is all-or-nothing for the user: when a batch fails, what it
// added is removed again and PaneError('write-failed') is thrown.
import { type Range, a1, colName, rangeA1 } from '../../core/grid';
import { numberedName, ownSheetPurpose, safeSheetName } from '../../core/correct';
import type { PlannedCell, SheetPlan } from '../../core/plan';
import { PaneError } from '../../backend/contract';
import { type SyncMeter, syncMetered } from './meter';
import { PAYLOAD_LIMIT_BYTES } from './read';
import type { ExcelCapabilities } from './requirements';
import { storedValue } from './marks';

/** Workbook setting that lists the sheets PovCheck wrote, so it replaces only its own. */
export const SHEETS_KEY = 'povcheck.sheets';
/** Excel's longest sheet name. */
export const MAX_SHEET_NAME = 31;
/**
 * Estimated request bytes per write round trip. Excel refuses a request over
 * 5 MB; half of it leaves room for the estimate being off (text cells whose
 * Vietnamese letters travel \u-escaped are counted at 6 bytes per character).
 */
export const WRITE_BUDGET_BYTES = PAYLOAD_LIMIT_BYTES / 2;
/** JSON bytes of one queued operation besides its data (object path, method, ids). */
const OP_BYTES = 200;

export interface WriteEnv {
  caps: ExcelCapabilities;
  meter?: SyncMeter;
  /** Request bytes per write round trip; defaults to WRITE_BUDGET_BYTES (tests make it small). */
  budgetBytes?: number;
}

export interface SheetRecordEntry {
  name: string;
  purpose: SheetPlan['purpose'];
  /** A1 as written: with the name, it tells PovCheck's sheet from a user's of the same name. */
  a1: string;
}

/** The stored record, tolerant of anything a user or an older version left there. */
export function parseSheetRecord(value: unknown): SheetRecordEntry[] {
  const v = storedValue(value);
  const sheets = (v as { sheets?: unknown } | null)?.sheets;
  if (!Array.isArray(sheets)) return [];
  return sheets.filter(
    (e): e is SheetRecordEntry =>
      !!e && typeof e.name === 'string' && typeof e.purpose === 'string' && typeof e.a1 === 'string',
  );
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase(); // Excel ignores case in sheet names

/** `'Phân bổ 2022'!C18`: the reference Excel wants for a link or a formula. */
export function sheetRef(sheet: string, cell: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${cell}`;
}

/** `name`, `name (2)`, `name (3)`, … each a name Excel accepts (31 characters at most). */
export function candidateName(base: string, k: number): string {
  return k === 1 ? safeSheetName(base) : numberedName(safeSheetName(base), k);
}

function textOf(c: PlannedCell | undefined): string {
  if (!c || c.formula !== undefined || c.value === null || c.value === undefined) return '';
  return String(c.value);
}

/**
 * Whether an existing sheet is one PovCheck wrote for this purpose: its A1
 * (and first row) carry the planner's marker (ownSheetPurpose, shared with the
 * file writer), or the workbook's record lists it with the A1 it was written with.
 */
export function isOwnSheet(name: string, firstRow: unknown[], purpose: SheetPlan['purpose'], record: readonly SheetRecordEntry[]): boolean {
  const a1Value = firstRow[0];
  if (ownSheetPurpose(name, a1Value, firstRow) === purpose) return true;
  const text = a1Value === null || a1Value === undefined ? '' : String(a1Value);
  return text !== '' && record.some((e) => sameName(e.name, name) && e.purpose === purpose && e.a1 === text);
}

/** What goes into the formulas grid: `=formula`, or the constant (null leaves the cell alone). */
export function cellInput(c: PlannedCell): string | number | boolean | null {
  if (c.formula !== undefined) return `=${c.formula}`;
  const v = c.value;
  return v === undefined ? null : v;
}

/**
 * The number format a cell is written with. Text gets Excel's Text format
 * ("@") unless the plan gives one, so Excel keeps it as written: "1.411" is
 * not read as a number, a date-like label not as a date, and a unit name
 * starting with "=" is never run as a formula — a report must not execute what it quotes.
 */
export function cellFormat(c: PlannedCell): string | null {
  if (c.numFmt) return c.numFmt;
  return c.formula === undefined && typeof c.value === 'string' ? '@' : null;
}

/** Excel column width in points for a width in characters (Calibri 11: 7 px a character, 5 px padding, 0.75 pt/px). */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

// ---------------------------------------------------------------------------
// Chunks: whole rows, each round trip under the byte budget

export interface RowGroup {
  row: number;
  cells: PlannedCell[];
}

function jsonLen(v: unknown): number {
  if (typeof v !== 'string') return String(v).length + 2;
  let n = 2;
  for (let i = 0; i < v.length; i++) n += v.charCodeAt(i) < 128 ? 1 : 6;
  return n;
}

/** Estimated request bytes of one row: the value/format grids plus one operation per note, link and style. */
export function rowBytes(cells: readonly PlannedCell[], width: number): number {
  let n = width * 3 * 5; // three grids of `null,` for the gaps
  for (const c of cells) {
    const input = cellInput(c);
    n += input === null ? 0 : jsonLen(input);
    const fmt = cellFormat(c);
    if (fmt) n += jsonLen(fmt);
    if (c.note) n += OP_BYTES + jsonLen(c.note);
    if (c.link) n += OP_BYTES + jsonLen(c.link.sheet) * 2 + 40;
    if (c.bold || c.fill || c.wrap) n += OP_BYTES;
  }
  return n;
}

/** Rows of the plan in order, packed into round trips of at most `budget` estimated bytes (a row always fits alone). */
export function planWriteChunks(plan: SheetPlan, budget: number): RowGroup[][] {
  const byRow = new Map<number, PlannedCell[]>();
  for (const c of plan.cells) {
    const list = byRow.get(c.row);
    if (list) list.push(c);
    else byRow.set(c.row, [c]);
  }
  const width = plan.cells.reduce((m, c) => Math.max(m, c.col + 1), 0);
  const rows = [...byRow.keys()].sort((a, b) => a - b).map((row) => ({ row, cells: byRow.get(row)! }));
  const chunks: RowGroup[][] = [];
  let current: RowGroup[] = [];
  let bytes = 0;
  for (const g of rows) {
    const b = rowBytes(g.cells, width);
    if (current.length && bytes + b > budget) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(g);
    bytes += b;
  }
  if (current.length || !chunks.length) chunks.push(current);
  return chunks;
}

type NoteMode = 'note' | 'comment' | 'none';

function noteMode(caps: ExcelCapabilities): NoteMode {
  return caps.notes ? 'note' : caps.comments ? 'comment' : 'none';
}

const styleKey = (c: PlannedCell) => `${c.bold ? 'b' : ''}|${c.fill ?? ''}|${c.wrap ? 'w' : ''}`;

/** Queues one chunk of rows: numbers formats first (so "@" keeps text as text), then one formulas grid, styles, notes, links. */
function queueChunk(ctx: Excel.RequestContext, ws: Excel.Worksheet, rows: readonly RowGroup[], width: number, env: WriteEnv): void {
  if (!rows.length || width === 0) return;
  const top = rows[0].row;
  const bottom = rows[rows.length - 1].row;
  const box: Range = { top, left: 0, bottom, right: width - 1 };
  const height = bottom - top + 1;
  const grid = (): (string | number | boolean | null)[][] => Array.from({ length: height }, () => new Array(width).fill(null));
  const inputs = grid();
  const formats = grid();
  let anyFormat = false;
  let anyInput = false;
  for (const g of rows) {
    for (const c of g.cells) {
      const input = cellInput(c);
      if (input !== null) {
        inputs[c.row - top][c.col] = input;
        anyInput = true;
      }
      const fmt = cellFormat(c);
      if (fmt) {
        formats[c.row - top][c.col] = fmt;
        anyFormat = true;
      }
    }
  }
  const block = ws.getRange(rangeA1(box));
  if (anyFormat) block.numberFormat = formats.map((r) => r.map((f) => f ?? 'General'));
  // Invariant syntax: range.formulas takes English function names and commas in every Excel locale.
  if (anyInput) block.formulas = inputs;

  for (const g of rows) {
    // One operation per run of equally styled cells, not per cell.
    const cells = [...g.cells].filter((c) => c.bold || c.fill || c.wrap).sort((a, b) => a.col - b.col);
    let i = 0;
    while (i < cells.length) {
      let j = i;
      while (j + 1 < cells.length && cells[j + 1].col === cells[j].col + 1 && styleKey(cells[j + 1]) === styleKey(cells[i])) j++;
      const c = cells[i];
      const run = ws.getRange(rangeA1({ top: g.row, left: c.col, bottom: g.row, right: cells[j].col }));
      if (c.bold) run.format.font.bold = true;
      if (c.fill) run.format.fill.color = c.fill.startsWith('#') ? c.fill : `#${c.fill}`;
      if (c.wrap) run.format.wrapText = true;
      i = j + 1;
    }
    for (const c of g.cells) {
      if (c.link && env.caps.hyperlinks) {
        ws.getRange(a1(c.row, c.col)).hyperlink = {
          documentReference: sheetRef(c.link.sheet, c.link.cell),
          textToDisplay: textOf(c) || `${c.link.sheet}!${c.link.cell}`,
        };
      }
      if (c.note) {
        const mode = noteMode(env.caps);
        const cell = ws.getRange(a1(c.row, c.col));
        if (mode === 'note') ws.notes.add(cell, c.note);
        else if (mode === 'comment') ctx.workbook.comments.add(cell, c.note);
      }
    }
  }
}

/** Merges, widths, heights and frozen panes: once per sheet, with the last chunk. */
function queueLayout(ws: Excel.Worksheet, plan: SheetPlan): void {
  for (const m of plan.merges) ws.getRange(rangeA1(m)).merge(false);
  plan.widths?.forEach((w, col) => {
    if (typeof w === 'number' && w > 0) ws.getRange(`${colName(col)}1`).format.columnWidth = charsToPoints(w);
  });
  // A cell's format.rowHeight sets its row's height (ExcelApi 1.1).
  plan.heights?.forEach((h, row) => {
    if (typeof h === 'number' && h > 0) ws.getRange(`A${row + 1}`).format.rowHeight = h;
  });
  const f = plan.freeze;
  if (f && (f.rows > 0 || f.cols > 0)) {
    if (f.cols <= 0) ws.freezePanes.freezeRows(f.rows);
    else if (f.rows <= 0) ws.freezePanes.freezeColumns(f.cols);
    else ws.freezePanes.freezeAt(rangeA1({ top: 0, left: 0, bottom: f.rows - 1, right: f.cols - 1 }));
  }
}

/** The whole plan in the current batch (small sheets such as the log's header). */
export function queueSheetContent(ctx: Excel.RequestContext, ws: Excel.Worksheet, plan: SheetPlan, env: WriteEnv): void {
  const width = plan.cells.reduce((m, c) => Math.max(m, c.col + 1), 0);
  for (const chunk of planWriteChunks(plan, Infinity)) queueChunk(ctx, ws, chunk, width, env);
  queueLayout(ws, plan);
}

export interface WriteHooks {
  /** Queued on the new sheet in the round trip of its last rows, before an earlier version is deleted (the appendix chart). */
  beforeFinish?: (ws: Excel.Worksheet) => void;
}

interface SheetInfo {
  name: string;
  position: number;
}

interface Target {
  /** The name the sheet ends up with. */
  name: string;
  /** PovCheck's earlier sheet being replaced (deleted once the new one is complete). */
  replaces?: SheetInfo;
}

/**
 * Round trips: the sheet list and record (1); A1 of same-named sheets, only
 * when there are some (1); then one per chunk of rows — 2 or 3 for an
 * ordinary table. A replaced sheet is deleted only after its successor is
 * complete, in the same round trip as the last rows.
 */
export async function writeSheetInContext(ctx: Excel.RequestContext, plan: SheetPlan, env: WriteEnv, hooks: WriteHooks = {}): Promise<string> {
  const { meter } = env;
  const worksheets = ctx.workbook.worksheets;
  worksheets.load('items/name,items/position');
  const setting = ctx.workbook.settings.getItemOrNullObject(SHEETS_KEY);
  setting.load('value');
  await syncMetered(ctx, meter, 'write:lookup', [worksheets, setting]);
  const sheets: SheetInfo[] = worksheets.items.map((w) => ({ name: w.name, position: w.position }));
  const record = setting.isNullObject ? [] : parseSheetRecord(setting.value);
  const find = (n: string) => sheets.find((s) => sameName(s.name, n));

  // Candidate names in order; an existing one is taken only if it is PovCheck's.
  const taken: { k: number; sheet: SheetInfo }[] = [];
  let k = 1;
  for (; ; k++) {
    const s = find(candidateName(plan.name, k));
    if (!s) break;
    taken.push({ k, sheet: s });
  }
  let target: Target = { name: candidateName(plan.name, k) };
  if (taken.length) {
    // The first row is enough to tell: the markers sit in A1 (the log's header in A1:B1).
    const heads = taken.map((t) => {
      const r = worksheets.getItem(t.sheet.name).getRange('A1:B1');
      r.load('values');
      return r;
    });
    await syncMetered(ctx, meter, 'write:owner', heads);
    for (let i = 0; i < taken.length; i++) {
      if (isOwnSheet(taken[i].sheet.name, heads[i].values[0], plan.purpose, record)) {
        target = { name: candidateName(plan.name, taken[i].k), replaces: taken[i].sheet };
        break;
      }
    }
  }

  // Written under a temporary name while the old sheet still stands.
  let temp = target.name;
  if (target.replaces) {
    for (let n = 1; find((temp = `PovCheck ${n}`)); n++);
  }
  const width = plan.cells.reduce((m, c) => Math.max(m, c.col + 1), 0);
  const chunks = planWriteChunks(plan, env.budgetBytes ?? WRITE_BUDGET_BYTES);
  const a1Text = textOf(plan.cells.find((c) => c.row === 0 && c.col === 0));
  const names = new Set(sheets.map((s) => s.name.toLowerCase()));
  const entry: SheetRecordEntry = { name: target.name, purpose: plan.purpose, a1: a1Text };
  const nextRecord = [
    ...record.filter((e) => names.has(e.name.toLowerCase()) && !sameName(e.name, target.name) && !(target.replaces && sameName(e.name, target.replaces.name))),
    entry,
  ];

  let ws: Excel.Worksheet | undefined;
  try {
    for (let i = 0; i < chunks.length; i++) {
      if (i === 0) ws = worksheets.add(temp);
      queueChunk(ctx, ws!, chunks[i], width, env);
      if (i === chunks.length - 1) {
        queueLayout(ws!, plan);
        // Before the old sheet is deleted: when this fails, the old one still stands and the new one is removed.
        hooks.beforeFinish?.(ws!);
        if (target.replaces) {
          worksheets.getItem(target.replaces.name).delete();
          ws!.name = target.name;
        }
        const position = targetPosition(plan, sheets, target);
        if (position !== null) ws!.position = position;
        ctx.workbook.settings.add(SHEETS_KEY, JSON.stringify({ version: 1, sheets: nextRecord }));
      }
      await syncMetered(ctx, meter, chunks.length > 1 ? `write:rows ${i + 1}/${chunks.length}` : 'write:sheet');
    }
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const finished = await rollbackSheet(ctx, { temp, target, entry, nextRecord }, env).catch((e2: unknown) => {
      throw new PaneError('write-failed', `${detail}; undo failed too: ${e2 instanceof Error ? e2.message : String(e2)}`);
    });
    if (!finished) throw new PaneError('write-failed', detail);
  }
  return target.name;
}

/** Right after the source sheet (positions as they will be once the replaced sheet is gone); where the old one was; or at the end. */
function targetPosition(plan: SheetPlan, sheets: readonly SheetInfo[], target: Target): number | null {
  const old = target.replaces;
  const source = plan.source ? sheets.find((s) => sameName(s.name, plan.source!)) : undefined;
  if (source) return source.position - (old && old.position < source.position ? 1 : 0) + 1;
  return old ? old.position : null;
}

/**
 * After a failed write: when the old sheet still exists, the new one is
 * deleted and the workbook is as it was. When the old one is already gone,
 * every row was written (the delete comes after them), so the new sheet is
 * completed instead of losing both: renamed and recorded. Returns whether the
 * write counts as done.
 */
async function rollbackSheet(
  ctx: Excel.RequestContext,
  w: { temp: string; target: Target; entry: SheetRecordEntry; nextRecord: SheetRecordEntry[] },
  env: WriteEnv,
): Promise<boolean> {
  const worksheets = ctx.workbook.worksheets;
  worksheets.load('items/name');
  await syncMetered(ctx, env.meter, 'write:rollback-read', [worksheets]);
  const exists = (n: string) => worksheets.items.some((s) => sameName(s.name, n));
  const old = w.target.replaces;
  if (old && !exists(old.name)) {
    if (exists(w.temp) && !sameName(w.temp, w.target.name)) worksheets.getItem(w.temp).name = w.target.name;
    ctx.workbook.settings.add(SHEETS_KEY, JSON.stringify({ version: 1, sheets: w.nextRecord }));
    await syncMetered(ctx, env.meter, 'write:rollback-finish');
    return true;
  }
  if (exists(w.temp)) {
    worksheets.getItem(w.temp).delete();
    await syncMetered(ctx, env.meter, 'write:rollback-delete');
  }
  return false;
}
