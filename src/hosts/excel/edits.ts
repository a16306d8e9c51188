// In-place edits of a user's cells, always logged on the log sheet
// (LOG_SHEET, format from src/core/correct.ts) and undoable from it. The
// cell writes and the log rows go in one round trip; if it fails, the old
// values are put back and the appended log rows removed.
import { type Range, a1, parseA1, rangeA1 } from '../../core/grid';
import { LOG_COL, LOG_HEADER, type LogEntry, type LogValue, latestBatchToUndo, logRow, logSheetPlan, nextBatch, parseLog, undoneMark } from '../../core/correct';
import { type CellEdit, LOG_SHEET } from '../../core/plan';
import { PaneError } from '../../backend/contract';
import { syncMetered } from './meter';
import { type WriteEnv, queueSheetContent } from './write';
import { pushAll } from '../../core/arrays';

export { LOG_HEADER };

/** What the log sheet's undone cell says for a cell undo left alone because it was changed since. */
export const SKIPPED_NOTE = 'bỏ qua: ô đã bị sửa sau khi PovCheck ghi';

export interface CellRef {
  sheet: string;
  cell: string;
}

export interface UndoOutcome {
  /** Cells set back to their old value. */
  restored: number;
  /** Cells of the batch left alone: they no longer hold what PovCheck wrote (or their sheet is gone). */
  skipped: CellRef[];
  /** The batch undone, if there was one. */
  batch?: number;
}

/**
 * An edit before its old value is known: the host reads it in the same batch.
 * `old` (exact) or `shown` (a number as the check showed it, rounded to
 * `decimals`) guard against a cell changed since: nothing is written then.
 */
export type EditTarget = Omit<CellEdit, 'old' | 'oldFormula'> &
  Partial<Pick<CellEdit, 'old' | 'oldFormula'>> & { shown?: { value: number; decimals?: number } };

/** Whether a cell's number is one that shows as `shown` (anything within half a unit of its last decimal). */
function showsAs(v: unknown, shown: { value: number; decimals?: number }): boolean {
  if (typeof v !== 'number') return false;
  const half = shown.decimals !== undefined ? 0.5 * 10 ** -shown.decimals : 0;
  return Math.abs(v - shown.value) <= half + 1e-9 * Math.max(1, Math.abs(shown.value));
}

const keyOf = (x: CellRef) => `${x.sheet}\u0000${x.cell}`;
const unique = <T>(xs: Iterable<T>) => [...new Set(xs)];

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function normalCell(ref: string): string {
  if (!parseA1(ref)) throw new PaneError('write-failed', `not a cell address: ${ref}`);
  return ref.replace(/\$/g, '').trim().toUpperCase();
}

/** A cell's content as read: the constant (null when empty) and the formula without "=" if it has one. */
interface Content {
  value: number | string | boolean | null;
  formula?: string;
  format: string;
}

function contentOf(range: Excel.Range): Content {
  const v = range.values[0][0] as unknown;
  const f = range.formulas[0][0] as unknown;
  const format = String(range.numberFormat[0][0] ?? 'General');
  const value = v === '' || v === null || v === undefined ? null : (v as number | string | boolean);
  // formulas holds the constant itself for non-formula cells.
  const formula = typeof f === 'string' && f.startsWith('=') && f !== v ? f.slice(1) : undefined;
  return formula !== undefined ? { value, formula, format } : { value, format };
}

/** Text that Excel would turn into a number, date or formula when typed: needs the Text format to stay as it was. */
function needsText(v: string): boolean {
  return /^[=+\-@]/.test(v) || /^[\s\d.,%/:-]+$/.test(v) || /^(true|false)$/i.test(v);
}

/** Queues "put `c` back": its number format when known, then its formula, or its constant (text kept as text). */
function queueRestore(range: Excel.Range, c: { value: number | string | boolean | null; formula?: string }, format?: string): void {
  if (format !== undefined) range.numberFormat = [[format]];
  else if (c.formula === undefined && typeof c.value === 'string' && needsText(c.value)) range.numberFormat = [['@']];
  if (c.formula !== undefined) range.formulas = [[`=${c.formula}`]];
  else range.values = [[c.value === null ? '' : c.value]];
}

/** Queues `rows` at 0-based `top` of the log: text cells formatted as Text first, so "1.411" and dates stay text. */
function queueLogRows(ws: Excel.Worksheet, top: number, rows: LogValue[][]): Range {
  const box: Range = { top, left: 0, bottom: top + rows.length - 1, right: LOG_HEADER.length - 1 };
  const range = ws.getRange(rangeA1(box));
  range.numberFormat = rows.map((r) => r.map((v) => (typeof v === 'string' ? '@' : 'General')));
  range.values = rows.map((r) => r.map((v) => (v === null ? '' : v)));
  return box;
}

interface LogState {
  exists: boolean;
  /** Rows as read (row 0 the header), empty when the sheet is missing or blank. */
  rows: unknown[][];
  /** 0-based row the next entry goes to. */
  next: number;
}

/** Reads the log sheet's used range (the sheet must exist). One round trip. */
async function readLog(ctx: Excel.RequestContext, env: WriteEnv, label: string, extra: unknown[] = []): Promise<LogState> {
  const used = ctx.workbook.worksheets.getItem(LOG_SHEET).getUsedRangeOrNullObject(true);
  used.load('isNullObject,rowIndex,rowCount,values');
  await syncMetered(ctx, env.meter, label, [used, ...extra]);
  if (used.isNullObject) return { exists: true, rows: [], next: 0 };
  const rows: unknown[][] = [];
  for (let i = 0; i < used.rowIndex; i++) rows.push([]);
  pushAll(rows, used.values as unknown[][]);
  // A log whose first row isn't PovCheck's header is a user's sheet of that name: never write into it.
  const head = rows[0] ?? [];
  if (head[0] !== LOG_HEADER[0] || head[1] !== LOG_HEADER[1]) {
    throw new PaneError('write-failed', `the sheet "${LOG_SHEET}" is not PovCheck's log`);
  }
  return { exists: true, rows, next: used.rowIndex + used.rowCount };
}

function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === '' || v === undefined ? null : v);
  const x = norm(a);
  const y = norm(b);
  if (typeof x === 'number' && typeof y === 'number') return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
  return x === y;
}

/**
 * Applies `targets` in place and logs them. Round trips: read (cells,
 * protection, sheet list), the log (only when it exists), write — 3, or 2
 * the first time. A target without `old` takes the value read in the same
 * batch; one with `old` must still hold it (else nothing is written). Nothing
 * is written if a sheet concerned is protected.
 */
export async function applyEditsInContext(ctx: Excel.RequestContext, targets: readonly EditTarget[], when: Date, env: WriteEnv): Promise<CellEdit[]> {
  if (!targets.length) return [];
  const { meter } = env;
  const worksheets = ctx.workbook.worksheets;
  worksheets.load('items/name');
  const sheets = unique(targets.map((t) => t.sheet));
  const protections = sheets.map((name) => {
    const p = worksheets.getItem(name).protection;
    p.load('protected');
    return { name, p };
  });
  const seen = new Set<string>();
  const reads: { target: EditTarget; cell: string; range: Excel.Range }[] = [];
  for (const t of targets) {
    const cell = normalCell(t.cell);
    const k = keyOf({ sheet: t.sheet, cell });
    if (seen.has(k)) continue; // one change per cell and batch: undo restores exactly the old value
    seen.add(k);
    const range = worksheets.getItem(t.sheet).getRange(cell);
    range.load('values,formulas,numberFormat');
    reads.push({ target: t, cell, range });
  }
  try {
    await syncMetered(ctx, meter, 'apply:read', [worksheets, ...protections.map((x) => x.p), ...reads.map((r) => r.range)]);
  } catch (e) {
    if (errorCode(e) === 'ItemNotFound') throw new PaneError('write-failed', `a sheet or cell to change no longer exists: ${e instanceof Error ? e.message : ''}`);
    throw e;
  }
  const hasLog = worksheets.items.some((w) => w.name === LOG_SHEET);
  const locked = protections.filter((x) => x.p.protected).map((x) => x.name);
  let log: LogState = { exists: false, rows: [], next: 0 };
  if (hasLog) {
    const lp = worksheets.getItem(LOG_SHEET).protection;
    lp.load('protected');
    log = await readLog(ctx, env, 'apply:log', [lp]);
    if (lp.protected) locked.push(LOG_SHEET);
  }
  if (locked.length) throw new PaneError('protected', locked.join(', '));

  const before = reads.map((r) => ({ ...r, now: contentOf(r.range) }));
  for (const b of before) {
    const t = b.target;
    const stale =
      (t.old !== undefined && !(sameValue(b.now.value, t.old) && (b.now.formula ?? '') === (t.oldFormula ?? b.now.formula ?? ''))) ||
      (t.shown !== undefined && !showsAs(b.now.value, t.shown));
    if (stale) throw new PaneError('stale', `${t.sheet}!${b.cell} changed since the check`);
  }
  const edits: CellEdit[] = before.map((b) => ({
    sheet: b.target.sheet,
    cell: b.cell,
    old: b.now.value,
    ...(b.now.formula !== undefined ? { oldFormula: b.now.formula } : {}),
    value: b.target.value,
    rule: b.target.rule,
    reason: b.target.reason,
  }));

  const batch = nextBatch(parseLog(log.rows));
  for (const b of before) {
    // A number typed into a Text-formatted cell stays text: the cell gets the General format with its number.
    if (b.now.format === '@') b.range.numberFormat = [['General']];
    b.range.values = [[b.target.value]];
  }
  let logWs: Excel.Worksheet;
  let top = log.next;
  if (!hasLog) {
    logWs = worksheets.add(LOG_SHEET);
    queueSheetContent(ctx, logWs, logSheetPlan(), env);
    top = 1;
  } else {
    logWs = worksheets.getItem(LOG_SHEET);
    if (log.rows.length === 0) {
      queueSheetContent(ctx, logWs, logSheetPlan(), env);
      top = 1;
    }
  }
  const box = queueLogRows(logWs, top, edits.map((e) => logRow(e, when, batch)));
  try {
    await syncMetered(ctx, meter, 'apply:write');
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    try {
      for (const b of before) queueRestore(b.range, b.now, b.now.format);
      if (!hasLog) {
        worksheets.load('items/name');
        await syncMetered(ctx, meter, 'apply:rollback-read', [worksheets]);
        if (worksheets.items.some((w) => w.name === LOG_SHEET)) worksheets.getItem(LOG_SHEET).delete();
      } else {
        logWs.getRange(rangeA1(box)).clear();
      }
      await syncMetered(ctx, meter, 'apply:rollback');
    } catch (e2) {
      throw new PaneError('write-failed', `${detail}; undo failed too: ${e2 instanceof Error ? e2.message : String(e2)}`);
    }
    throw new PaneError('write-failed', detail);
  }
  return edits;
}

/**
 * Undoes the latest batch not yet undone: each cell gets its old value (or
 * formula) back, newest entry first, but only while it still holds what
 * PovCheck wrote; the others are left as the user made them and reported.
 * Every entry of the batch is then marked undone on the log. Round trips:
 * the log, the cells, the write — 3 (1 when there is no log).
 */
export async function undoLastInContext(ctx: Excel.RequestContext, env: WriteEnv): Promise<UndoOutcome> {
  const { meter } = env;
  const worksheets = ctx.workbook.worksheets;
  worksheets.load('items/name');
  let log: LogState;
  try {
    log = await readLog(ctx, env, 'undo:log', [worksheets]);
  } catch (e) {
    if (errorCode(e) === 'ItemNotFound') return { restored: 0, skipped: [] }; // no log sheet: nothing was ever applied
    throw e;
  }
  const todo = latestBatchToUndo(parseLog(log.rows));
  if (!todo) return { restored: 0, skipped: [] };
  const names = new Set(worksheets.items.map((w) => w.name));
  const live = todo.entries.filter((e) => names.has(e.sheet));
  const gone = todo.entries.filter((e) => !names.has(e.sheet));

  const logWs = worksheets.getItem(LOG_SHEET);
  const protections = unique([...live.map((e) => e.sheet), LOG_SHEET]).map((name) => {
    const p = worksheets.getItem(name).protection;
    p.load('protected');
    return { name, p };
  });
  const reads = live.map((e) => {
    const range = worksheets.getItem(e.sheet).getRange(e.cell);
    range.load('values,formulas,numberFormat');
    return { e, range };
  });
  await syncMetered(ctx, meter, 'undo:read', [...protections.map((x) => x.p), ...reads.map((r) => r.range)]);
  const locked = protections.filter((x) => x.p.protected).map((x) => x.name);
  if (locked.length) throw new PaneError('protected', locked.join(', '));

  const when = new Date();
  const restore: { e: LogEntry; range: Excel.Range; now: Content }[] = [];
  const skipped: LogEntry[] = [...gone];
  const done = new Set<string>();
  for (const { e, range } of reads) {
    const now = contentOf(range);
    const k = keyOf(e);
    // Newest first: a cell logged twice in one batch goes back to its oldest value, once.
    if (done.has(k)) continue;
    if (now.formula === undefined && sameValue(now.value, e.value)) {
      restore.push({ e, range, now });
      done.add(k);
    } else skipped.push(e);
  }
  for (const r of restore) queueRestore(r.range, { value: r.e.old, formula: r.e.oldFormula });
  // The mark is text ('@'), so Excel does not read the time as a date; a rollback puts the cell back as the log wrote it.
  const mark = (e: LogEntry, text: string) => {
    const cell = logWs.getRange(a1(e.row, LOG_COL.undone));
    cell.numberFormat = [[text ? '@' : 'General']];
    cell.values = [[text]];
  };
  const stamp = undoneMark(when);
  for (const e of todo.entries) mark(e, skipped.includes(e) ? `${stamp} — ${SKIPPED_NOTE}` : stamp);
  try {
    await syncMetered(ctx, meter, 'undo:write');
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    try {
      // Back to the state before the undo: PovCheck's values in the cells, no undone marks.
      for (const r of restore) queueRestore(r.range, r.now, r.now.format);
      for (const entry of todo.entries) mark(entry, '');
      await syncMetered(ctx, meter, 'undo:rollback');
    } catch (e2) {
      throw new PaneError('write-failed', `${detail}; undo failed too: ${e2 instanceof Error ? e2.message : String(e2)}`);
    }
    throw new PaneError('write-failed', detail);
  }
  return { restored: restore.length, skipped: skipped.map((e) => ({ sheet: e.sheet, cell: e.cell })), batch: todo.batch };
}
