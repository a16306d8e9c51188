// Writing back into an .xlsx file with ExcelJS: PovCheck's own sheets
// (corrected tables, the report, the log) and logged in-place edits. The
// workbook is loaded in full (no ignored parts), so the user's formatting,
// validations and other sheets survive as far as ExcelJS keeps them.
import { Workbook as ExcelWorkbook } from './exceljs';
import type { Cell as XCell, Worksheet as XWorksheet } from 'exceljs';
import type { CellEdit, PlannedCell, SheetPlan } from '../../core/plan';
import { LOG_SHEET } from '../../core/plan';
import { parseA1 } from '../../core/grid';
import {
  LOG_COL,
  allocationMarkerSource,
  latestBatchToUndo,
  logRow,
  logSheetPlan,
  markerSource,
  nextBatch,
  numberedName,
  ownSheetPurpose,
  parseLog,
  undoneMark,
} from '../../core/correct';
import { HostError, type GridWriter } from '../types';
import { sniffFormat } from './sniff';
import { nativeXlsxBuffer } from './zip-write';

type LoadInput = Parameters<ExcelWorkbook['xlsx']['load']>[0];

/**
 * Where Node's zlib is not there (the page): JSZip (inside ExcelJS) deflates
 * in JavaScript; at its default level 6 that was a sixth of `povcheck fix` on
 * a 10,000-row sheet. Level 1 is several times faster for files a few per
 * cent larger, which Excel opens the same. Node packs with zip-write.ts.
 */
const WRITE_OPTIONS = { zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } } as unknown as Parameters<ExcelWorkbook['xlsx']['writeBuffer']>[0];

/** Excel compares sheet names without regard to case. */
const same = (a: string, b: string) => a.toLocaleLowerCase() === b.toLocaleLowerCase();

export class XlsxWriter implements GridWriter {
  /** Names (lower case) of the sheets written by this writer: never replaced again in the same session. */
  private readonly written = new Set<string>();

  constructor(readonly workbook: ExcelWorkbook) {}

  /** Loads a whole workbook from bytes. */
  static async load(buf: Buffer | Uint8Array): Promise<XlsxWriter> {
    const format = sniffFormat(buf);
    if (format !== 'xlsx') throw new HostError(format, 'not an .xlsx workbook');
    const wb = new ExcelWorkbook();
    try {
      await wb.xlsx.load(buf as unknown as LoadInput);
    } catch (e) {
      throw new HostError('corrupt', e instanceof Error ? e.message : String(e));
    }
    return new XlsxWriter(wb);
  }

  /** A new, empty workbook (tests, and writing a report on its own). */
  static empty(): XlsxWriter {
    return new XlsxWriter(new ExcelWorkbook());
  }

  /** Sheet names in tab order. */
  sheetNames(): string[] {
    return this.workbook.worksheets.map((ws) => ws.name);
  }

  private sheet(name: string): XWorksheet | undefined {
    return this.workbook.worksheets.find((ws) => same(ws.name, name));
  }

  /** Column widths of a sheet in characters (undefined where the sheet sets none), index = column. */
  widthsOf(name: string, count = 64): (number | undefined)[] {
    const ws = this.sheet(name);
    if (!ws) return [];
    const out: (number | undefined)[] = [];
    for (let c = 1; c <= count; c++) {
      const w = ws.getColumn(c).width;
      out.push(typeof w === 'number' && w > 0 ? w : undefined);
    }
    return out;
  }

  /** What PovCheck wrote this sheet as, or null for a user's sheet. */
  purposeOf(ws: XWorksheet): SheetPlan['purpose'] | null {
    const row: unknown[] = [];
    for (let c = 1; c <= 2; c++) row.push(plain(ws.getCell(1, c).value));
    return ownSheetPurpose(ws.name, row[0], row);
  }

  private isOwn(ws: XWorksheet, plan: SheetPlan): boolean {
    if (this.written.has(ws.name.toLocaleLowerCase())) return false;
    if (this.purposeOf(ws) !== plan.purpose) return false;
    if (plan.purpose === 'allocation') return allocationMarkerSource(plain(ws.getCell(1, 1).value)) === plan.source;
    return plan.purpose !== 'corrected' || markerSource(plain(ws.getCell(1, 1).value)) === plan.source;
  }

  async writeSheet(plan: SheetPlan): Promise<string> {
    // The plan's name, else the first "… (n)" that is free or is PovCheck's own earlier sheet.
    let name = plan.name;
    let old: XWorksheet | undefined;
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? plan.name : numberedName(plan.name, n);
      const ws = this.sheet(candidate);
      if (!ws) {
        name = candidate;
        break;
      }
      if (this.isOwn(ws, plan)) {
        name = ws.name;
        old = ws;
        break;
      }
    }
    const order = this.workbook.worksheets;
    const active = this.activeName();
    let at: number; // index in tab order for the new sheet
    if (old) {
      at = order.indexOf(old);
      this.workbook.removeWorksheet(old.id);
    } else if (plan.source && this.sheet(plan.source)) {
      // Right after the source, after the sheets this writer already placed there.
      at = order.findIndex((ws) => same(ws.name, plan.source!)) + 1;
      while (at < order.length && this.written.has(order[at].name.toLocaleLowerCase()) && markerSource(plain(order[at].getCell(1, 1).value)) === plan.source) at++;
    } else at = order.length;
    const ws = this.workbook.addWorksheet(name);
    try {
      fillSheet(ws, plan);
    } catch (e) {
      this.workbook.removeWorksheet(ws.id);
      throw e;
    }
    const rest = this.workbook.worksheets.filter((w) => w !== ws);
    rest.splice(Math.min(at, rest.length), 0, ws);
    setOrder(rest);
    this.keepActive(active);
    this.written.add(name.toLocaleLowerCase());
    return name;
  }

  /** Removes PovCheck's corrected and report sheets that this writer did not write (left over from an earlier run). */
  removeStaleSheets(): string[] {
    const removed: string[] = [];
    const active = this.activeName();
    for (const ws of this.workbook.worksheets) {
      const p = this.purposeOf(ws);
      if ((p === 'corrected' || p === 'report') && !this.written.has(ws.name.toLocaleLowerCase())) {
        removed.push(ws.name);
        this.workbook.removeWorksheet(ws.id);
      }
    }
    setOrder(this.workbook.worksheets);
    this.keepActive(active);
    return removed;
  }

  private activeName(): string | undefined {
    const tab = this.workbook.views?.[0]?.activeTab;
    return typeof tab === 'number' ? this.workbook.worksheets[tab]?.name : undefined;
  }

  /** The tab that was active stays active after sheets are added before it. */
  private keepActive(name: string | undefined) {
    const view = this.workbook.views?.[0];
    if (!view || name === undefined) return;
    const i = this.workbook.worksheets.findIndex((w) => w.name === name);
    if (i >= 0) view.activeTab = i;
    if (typeof view.firstSheet === 'number' && view.firstSheet > i) view.firstSheet = Math.max(0, i);
  }

  private logSheet(): XWorksheet | undefined {
    const plan = logSheetPlan();
    for (let n = 1; n < 100; n++) {
      const ws = this.sheet(n === 1 ? LOG_SHEET : numberedName(LOG_SHEET, n));
      if (!ws) return undefined;
      if (this.purposeOf(ws) === plan.purpose) return ws;
    }
    return undefined;
  }

  private logRows(ws: XWorksheet): unknown[][] {
    const rows: unknown[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const out: unknown[] = [];
      for (let c = 1; c <= LOG_COL.oldFormula + 1; c++) out.push(plain(ws.getCell(r, c).value));
      rows.push(out);
    }
    return rows;
  }

  async applyEdits(edits: CellEdit[], when: Date): Promise<void> {
    if (!edits.length) return;
    // Check every target first: nothing changes unless everything can.
    const targets = edits.map((e) => {
      const ws = this.sheet(e.sheet);
      const p = parseA1(e.cell);
      if (!ws || !p) throw new HostError('no-such-sheet', `${e.sheet}!${e.cell}`);
      return ws.getCell(p.row + 1, p.col + 1);
    });
    let log = this.logSheet();
    if (!log) log = this.sheet(await this.writeSheet(logSheetPlan()))!;
    const batch = nextBatch(parseLog(this.logRows(log)));
    edits.forEach((e, i) => {
      targets[i].value = e.value;
      const r = log!.rowCount + 1;
      logRow(e, when, batch).forEach((v, c) => {
        if (v !== null) log!.getCell(r, c + 1).value = v;
      });
    });
  }

  async undoLast(): Promise<number> {
    const log = this.logSheet();
    if (!log) return 0;
    const todo = latestBatchToUndo(parseLog(this.logRows(log)));
    if (!todo) return 0;
    const now = new Date();
    let n = 0;
    for (const e of todo.entries) {
      const ws = this.sheet(e.sheet);
      const p = parseA1(e.cell);
      if (ws && p) {
        const cell = ws.getCell(p.row + 1, p.col + 1);
        cell.value = e.oldFormula ? { formula: e.oldFormula, result: typeof e.old === 'number' ? e.old : undefined } : e.old;
        n++;
      }
      log.getCell(e.row + 1, LOG_COL.undone + 1).value = undoneMark(now);
    }
    return n;
  }

  async toBuffer(): Promise<Buffer> {
    const packed = await nativeXlsxBuffer(this.workbook);
    if (packed) return Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
    return Buffer.from(await this.workbook.xlsx.writeBuffer(WRITE_OPTIONS));
  }

  /**
   * Writes the workbook to `file` atomically: a temporary file in the same
   * folder, then a rename, so a failure leaves no half-written file behind.
   */
  async save(file: string): Promise<void> {
    const fs = await import('fs/promises');
    const path = await import('path');
    const buf = await this.toBuffer();
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
    try {
      await fs.writeFile(tmp, buf, { flag: 'wx' });
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
  }
}

/**
 * Tab order. ExcelJS sorts `worksheets` by the (untyped) `orderNo` and writes
 * the sheets in that order; the tests read the file back to confirm it.
 */
function setOrder(sheets: XWorksheet[]) {
  sheets.forEach((w, i) => ((w as unknown as { orderNo: number }).orderNo = i + 1));
}

/** A cell value as a plain scalar: rich text joined, formulas by their result, links by their text. */
function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return v;
  if (v instanceof Date) return v.toISOString();
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
  if ('formula' in o || 'sharedFormula' in o) return plain(o.result);
  if ('text' in o) return plain(o.text);
  if ('error' in o) return o.error;
  return null;
}

function argb(hex: string): string {
  return 'FF' + hex.replace(/^#/, '').toUpperCase();
}

/** `HYPERLINK("#'Sheet'!C18","C18")`: internal links that Excel and LibreOffice both follow (ExcelJS's own internal links break in Excel). */
function linkFormula(target: { sheet: string; cell: string }, text: string): string {
  const ref = `'${target.sheet.replace(/'/g, "''")}'!${target.cell}`;
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return `HYPERLINK(${q('#' + ref)},${q(text)})`;
}

/**
 * A cell's style, one object per look: ExcelJS finds an object it has seen at once,
 * but serialises every new one to find its index (most of writing a corrected sheet).
 * Only styles with a number format are shared; without one, ExcelJS picks a format by the value's type.
 */
type Styles = Map<string, Partial<XCell['style']>>;

function sharedStyle(styles: Styles, pc: PlannedCell): Partial<XCell['style']> {
  const key = JSON.stringify([pc.numFmt, !!pc.link, !!pc.bold, pc.fill ?? '', !!pc.wrap]);
  let style = styles.get(key);
  if (!style) {
    style = {};
    if (pc.link) style.font = { color: { argb: 'FF0563C1' }, underline: true, ...(pc.bold ? { bold: true } : {}) };
    style.numFmt = pc.numFmt;
    if (pc.bold && !pc.link) style.font = { bold: true };
    if (pc.fill) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(pc.fill) } };
    if (pc.wrap) style.alignment = { wrapText: true, vertical: 'top' };
    styles.set(key, style);
  }
  return style;
}

function writeCell(cell: XCell, pc: PlannedCell, styles: Styles) {
  if (pc.link) {
    const text = pc.value === null || pc.value === undefined ? pc.link.cell : String(pc.value);
    cell.value = { formula: linkFormula(pc.link, text), result: text };
  } else if (pc.formula !== undefined) {
    cell.value = { formula: pc.formula, result: pc.result } as XCell['value'];
  } else if (pc.value !== undefined && pc.value !== null) {
    cell.value = pc.value;
  }
  if (pc.numFmt) cell.style = sharedStyle(styles, pc);
  else {
    if (pc.link) cell.font = { color: { argb: 'FF0563C1' }, underline: true, ...(pc.bold ? { bold: true } : {}) };
    if (pc.bold && !pc.link) cell.font = { bold: true };
    if (pc.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(pc.fill) } };
    if (pc.wrap) cell.alignment = { wrapText: true, vertical: 'top' };
  }
  if (pc.note) cell.note = pc.note;
}

function fillSheet(ws: XWorksheet, plan: SheetPlan) {
  const styles: Styles = new Map();
  for (const pc of plan.cells) writeCell(ws.getCell(pc.row + 1, pc.col + 1), pc, styles);
  for (const m of plan.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
  plan.widths?.forEach((w, i) => {
    if (typeof w === 'number' && w > 0) ws.getColumn(i + 1).width = w;
  });
  plan.heights?.forEach((h, i) => {
    if (typeof h === 'number' && h > 0) ws.getRow(i + 1).height = h;
  });
  if (plan.freeze && (plan.freeze.rows || plan.freeze.cols)) {
    ws.views = [{ state: 'frozen', xSplit: plan.freeze.cols, ySplit: plan.freeze.rows }];
  }
}
