// The ExcelJS-based reader: bytes → ExcelJS's workbook model → grid. The
// host reads with ./grid-read.ts now; this one stays as the reference the
// tests hold the new reader to, cell for cell, and for the benchmark.
import { Workbook as ExcelWorkbook, ValueType } from './exceljs';
import type { Cell as XCell, Row as XRow, Worksheet as XWorksheet } from 'exceljs';
import { blankMergedCells, numberValue, parseRangeA1, type Cell, type CellValue, type Range, type Sheet, type Workbook } from '../../core/grid';
import { HostError, type ReadOptions } from '../types';
import { DEFAULT_ZIP_LIMITS, checkInflatedSizes, checkZipSizes, readZipDirectory, sniffFormat } from './sniff';

// Parts we never read. Data validations in particular: ExcelJS expands each
// validated range into one entry per cell, so `A:A` validations cost seconds.
// Hyperlinks: we only want the cell text, and broken link rels crash the loader.
const IGNORED_NODES = ['dataValidations', 'conditionalFormatting', 'extLst', 'hyperlinks'];

type LoadInput = Parameters<ExcelWorkbook['xlsx']['load']>[0];

const EMPTY_VALUE: CellValue = Object.freeze({ kind: 'empty' }) as CellValue;

const FORMAT_DETAIL = {
  xls: 'Excel 97-2003 (.xls) workbook; save it as .xlsx',
  encrypted: 'password-protected workbook; remove the password and save again',
  'not-xlsx': 'not an .xlsx file (no zip signature)',
} as const;

export async function readXlsxBufferExcelJS(buf: Buffer | Uint8Array, options?: ReadOptions): Promise<Workbook> {
  const format = sniffFormat(buf);
  if (format !== 'xlsx') throw new HostError(format, FORMAT_DETAIL[format]);

  const entries = readZipDirectory(buf);
  checkZipSizes(entries);
  if (!entries.some((e) => e.name === 'xl/workbook.xml' || e.name === '/xl/workbook.xml')) {
    throw new HostError('not-xlsx', 'zip archive without xl/workbook.xml (not an Excel workbook)');
  }
  // Before JSZip inflates anything: the declared sizes may lie.
  await checkInflatedSizes(buf, entries);

  const wb = new ExcelWorkbook();
  const takenMerges = takeMergesOnLoad(wb);
  try {
    // JSZip accepts any Uint8Array; the Buffer type is only ExcelJS's declaration.
    await wb.xlsx.load(buf as unknown as LoadInput, { ignoreNodes: IGNORED_NODES });
  } catch (e) {
    throw new HostError('corrupt', e instanceof Error ? e.message : String(e));
  }
  const convert = (ws: XWorksheet) => convertSheet(ws, takenMerges?.get(ws.id));

  // Chart sheets never reach wb.worksheets: ExcelJS drops them while loading.
  const worksheets = wb.worksheets;
  if (options?.sheet !== undefined) {
    const ws = worksheets.find((w) => w.name === options.sheet);
    if (!ws) throw new HostError('no-such-sheet', worksheets.map((w) => w.name).join(', '));
    return { sheets: [convert(ws)] };
  }
  return { sheets: worksheets.map(convert) };
}

// ---------------------------------------------------------------------------

interface InternalWorksheet {
  _rows?: (XRow | undefined)[];
  _merges?: Record<string, { top: number; left: number; bottom: number; right: number } | undefined>;
}

/**
 * ExcelJS applies each merge by comparing it with every merge before it
 * (quadratic: 20,000 merges take ~30 s) and by creating a slave Cell for every
 * cell of the range. We take the merge list out of each sheet model before
 * ExcelJS applies it, and blank the slave cells ourselves. Instance-level hook,
 * nothing global is patched; returns undefined (ExcelJS does the merges) if the
 * internals ever change shape.
 */
function takeMergesOnLoad(wb: ExcelWorkbook): Map<number, string[]> | undefined {
  const desc = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(wb), 'model');
  if (!desc || !desc.get || !desc.set) return undefined;
  const { get, set } = desc;
  const taken = new Map<number, string[]>();
  Object.defineProperty(wb, 'model', {
    configurable: true,
    get() {
      return get.call(this);
    },
    set(value: { worksheets?: { id?: unknown; mergeCells?: unknown }[] }) {
      for (const m of value?.worksheets ?? []) {
        if (m && typeof m.id === 'number' && Array.isArray(m.mergeCells)) {
          taken.set(m.id, m.mergeCells.filter((x): x is string => typeof x === 'string'));
          m.mergeCells = [];
        }
      }
      set.call(this, value);
    },
  });
  return taken;
}

function convertSheet(ws: XWorksheet, mergeRefs: string[] | undefined): Sheet {
  const rows: (Cell | undefined)[][] = [];
  const hiddenRows: number[] = [];

  const visit = (row: XRow) => {
    const r = row.number - 1;
    if (row.hidden) hiddenRows.push(r);
    let out: (Cell | undefined)[] | undefined;
    row.eachCell((cell, colNumber) => {
      // When ExcelJS did the merges, slaves mirror the master's value; only the master carries it.
      if (cell.type === ValueType.Merge) return;
      const c = convertCell(cell);
      if (!c) return;
      if (!out) out = rows[r] = [];
      out[colNumber - 1] = c;
    });
  };

  // Direct access to the sparse row array so hidden rows without values are seen
  // too; eachRow({includeEmpty:false}) skips them.
  const internalRows = (ws as unknown as InternalWorksheet)._rows;
  if (Array.isArray(internalRows)) {
    internalRows.forEach((row) => {
      if (row) visit(row);
    });
  } else {
    ws.eachRow({ includeEmpty: false }, visit);
  }

  let merges: Range[];
  if (mergeRefs) {
    merges = [];
    for (const ref of mergeRefs) {
      const m = parseRangeA1(ref);
      if (!m) continue;
      merges.push(m);
      blankMergedCells(rows, m);
    }
  } else {
    merges = mergesOf(ws);
  }

  // Callers index rows[r] directly; give gaps an empty row instead of a hole.
  for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = [];

  const sheet: Sheet = { name: ws.name, rows, merges };
  if (hiddenRows.length) sheet.hiddenRows = hiddenRows;
  return sheet;
}


/** Merges as ExcelJS applied them (fallback when takeMergesOnLoad could not hook in). */
function mergesOf(ws: XWorksheet): Range[] {
  // `_merges` holds the 1-based ranges already; `ws.model` would rebuild the
  // model of every row just to hand back the same list as A1 strings.
  const internal = (ws as unknown as InternalWorksheet)._merges;
  if (internal && typeof internal === 'object') {
    const out: Range[] = [];
    let ok = true;
    for (const key in internal) {
      const m = internal[key];
      if (!m) continue;
      if (!(m.top >= 1 && m.left >= 1 && m.bottom >= m.top && m.right >= m.left)) {
        ok = false;
        break;
      }
      out.push({ top: m.top - 1, left: m.left - 1, bottom: m.bottom - 1, right: m.right - 1 });
    }
    if (ok) return out;
  }
  const out: Range[] = [];
  for (const ref of ws.model.merges ?? []) {
    const r = parseRangeA1(ref);
    if (r) out.push(r);
  }
  return out;
}

function convertCell(cell: XCell): Cell | undefined {
  let out: Cell;
  if (cell.type === ValueType.Formula) {
    // cell.result, not cell.value.result: ExcelJS's value copy drops falsy results (0, false).
    out = { value: mapValue(cell.result) };
    const f = cell.formula; // shared-formula slaves get the master's formula translated to this cell
    if (f) out.formula = f.charCodeAt(0) === 61 /* = */ ? f.slice(1) : f;
  } else {
    const value = mapValue(cell.value);
    if (value.kind === 'empty' || (value.kind === 'text' && value.value === '')) return undefined;
    out = { value };
  }
  const numFmt = cell.numFmt;
  if (numFmt && numFmt !== 'General') out.numFmt = numFmt;
  return out;
}

function mapValue(v: unknown): CellValue {
  switch (typeof v) {
    case 'number':
      return numberValue(v);
    case 'string':
      return { kind: 'text', value: v };
    case 'boolean':
      return { kind: 'boolean', value: v };
    case 'object':
      break;
    default:
      return EMPTY_VALUE;
  }
  if (v === null) return EMPTY_VALUE;
  if (v instanceof Date) return mapDate(v);
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) {
    let s = '';
    for (const run of o.richText as { text?: unknown }[]) if (run && typeof run.text === 'string') s += run.text;
    return { kind: 'text', value: s };
  }
  if (typeof o.error === 'string') return { kind: 'error', value: o.error };
  if ('text' in o) return mapValue(o.text); // hyperlink; its text may itself be rich text
  if ('formula' in o || 'sharedFormula' in o) return mapValue(o.result);
  return EMPTY_VALUE;
}

function mapDate(d: Date): CellValue {
  const t = d.getTime();
  // Serial numbers past year 275760 make an invalid Date; Excel shows #### / #NUM! for those.
  if (Number.isNaN(t)) return { kind: 'error', value: '#NUM!' };
  const iso = d.toISOString();
  // ExcelJS builds dates in UTC; plain dates (the usual case) read better without a time.
  return { kind: 'date', value: t % 86400000 === 0 ? iso.slice(0, 10) : iso };
}
