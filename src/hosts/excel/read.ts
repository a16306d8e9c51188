// The Office.js host: the workbook open in Excel → grid model. Mirrors the
// .xlsx host's cell semantics (src/hosts/xlsx/read.ts) so the engine sees the
// same grid whichever way the workbook arrives.
import {
  type Cell,
  type CellValue,
  type Range,
  type Sheet,
  type Workbook,
  parseRangeA1,
  rangeA1,
  blankMergedCells,
  numberValue,
} from '../../core/grid';
import { PaneError } from '../../backend/contract';
import { HostError, type GridHost, type ReadOptions } from '../types';
import { type SyncMeter, syncMetered } from './meter';
import { type IsSetSupported, capabilities, officeIsSetSupported } from './requirements';
import { pushAll } from '../../core/arrays';
import { isDateFormat } from '../../core/formats';

/** Excel.run, injectable so tests and the benchmark can hand in their own context. */
export type ExcelRunner = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => Promise<T>;

export const officeRunner: ExcelRunner = (batch) => Excel.run(batch);

/** Excel on the web refuses any response over 5 MB (ResponsePayloadSizeLimitExceeded). */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
/**
 * Conservative JSON bytes per cell for the four arrays we load (values,
 * formulas, numberFormat, valueTypes). A numeric cell costs ~40 bytes
 * (`1234,"=C5-D5","#,##0","Double"` plus separators); 250 leaves room for
 * text cells, whose Vietnamese letters may arrive \u-escaped (6 bytes each)
 * and which come back twice (values and formulas).
 */
export const BYTES_PER_CELL_ESTIMATE = 250;
/** Cells per read request: 5 MiB / 250 B ≈ 20,971, rounded down to 20,000. */
export const CELL_BUDGET = Math.floor(PAYLOAD_LIMIT_BYTES / BYTES_PER_CELL_ESTIMATE / 1000) * 1000;

// ---------------------------------------------------------------------------
// Chunk planning

export interface SheetExtent {
  rowCount: number;
  columnCount: number;
}

/** Rows `firstRow … firstRow+rowCount-1` of sheet `sheet`'s used range (0-based, relative to it). */
export interface ChunkPart {
  sheet: number;
  firstRow: number;
  rowCount: number;
}

/** One read request (one context.sync): parts whose cells add up to at most the budget. */
export type ChunkRequest = ChunkPart[];

export function chunkCells(req: ChunkRequest, extents: readonly SheetExtent[]): number {
  return req.reduce((a, p) => a + p.rowCount * extents[p.sheet].columnCount, 0);
}

/**
 * Splits each used range into whole-row chunks of at most `budget` cells and
 * packs consecutive chunks (also of different sheets) into requests of at most
 * `budget` cells. A row always fits: Excel has 16,384 columns, fewer than any
 * sensible budget; if not, a single row is its own request.
 */
export function planChunks(extents: readonly SheetExtent[], budget: number = CELL_BUDGET): ChunkRequest[] {
  const requests: ChunkRequest[] = [];
  let current: ChunkPart[] = [];
  let cells = 0;
  extents.forEach((e, sheet) => {
    if (e.rowCount <= 0 || e.columnCount <= 0) return;
    const rowsPer = Math.max(1, Math.floor(budget / e.columnCount));
    for (let first = 0; first < e.rowCount; first += rowsPer) {
      const n = Math.min(rowsPer, e.rowCount - first);
      const size = n * e.columnCount;
      if (current.length && cells + size > budget) {
        requests.push(current);
        current = [];
        cells = 0;
      }
      current.push({ sheet, firstRow: first, rowCount: n });
      cells += size;
    }
  });
  if (current.length) requests.push(current);
  return requests;
}

/** Halves a request that Excel still found too big (only when the estimate was wrong). */
function splitRequest(req: ChunkRequest): ChunkRequest[] | null {
  if (req.length > 1) {
    const mid = Math.ceil(req.length / 2);
    return [req.slice(0, mid), req.slice(mid)];
  }
  const p = req[0];
  if (p.rowCount < 2) return null;
  const a = Math.ceil(p.rowCount / 2);
  return [[{ ...p, rowCount: a }], [{ sheet: p.sheet, firstRow: p.firstRow + a, rowCount: p.rowCount - a }]];
}

// ---------------------------------------------------------------------------
// Cell conversion

const EMPTY_VALUE: CellValue = Object.freeze({ kind: 'empty' }) as CellValue;

// ExcelJS's test for a date format, shared with the core (which picks formats for fix).
export { isDateFormat };

/** Serial number → ISO text the way the .xlsx host does it (ExcelJS: day 0 = 1899-12-30, 1900 system). */
export function serialToDate(serial: number): CellValue {
  const d = new Date(Math.round((serial - 25569) * 86400000));
  const t = d.getTime();
  if (Number.isNaN(t)) return { kind: 'error', value: '#NUM!' };
  const iso = d.toISOString();
  return { kind: 'date', value: t % 86400000 === 0 ? iso.slice(0, 10) : iso };
}

/**
 * One cell from the four parallel arrays Excel returns. `type` is the
 * valueTypes entry: it alone tells an error value ("#N/A" typed Error) from
 * the same text typed by a user (String).
 */
export function convertCell(value: unknown, formula: unknown, numberFormat: unknown, type: unknown): Cell | undefined {
  const fmt = typeof numberFormat === 'string' && numberFormat !== '' && numberFormat !== 'General' ? numberFormat : undefined;
  // formulas[][] holds the constant itself for non-formula cells; a text constant
  // that starts with "=" comes back equal to its value.
  const isFormula = typeof formula === 'string' && formula.charCodeAt(0) === 61 /* = */ && formula !== value;
  let v: CellValue;
  if (type === 'Error') v = { kind: 'error', value: String(value) };
  else if (type === 'Empty') v = EMPTY_VALUE;
  else if (typeof value === 'number') v = isDateFormat(fmt) ? serialToDate(value) : numberValue(value);
  else if (typeof value === 'boolean') v = { kind: 'boolean', value };
  else if (typeof value === 'string') v = { kind: 'text', value };
  else if (value === null || value === undefined) v = EMPTY_VALUE;
  else v = { kind: 'text', value: String(value) };

  let out: Cell;
  if (isFormula) {
    // Like the .xlsx host: a formula cell stays even when its result is empty text.
    out = { value: v.kind === 'empty' ? { kind: 'text', value: '' } : v, formula: (formula as string).slice(1) };
  } else {
    if (v.kind === 'empty' || (v.kind === 'text' && v.value === '')) return undefined;
    out = { value: v };
  }
  if (fmt) out.numFmt = fmt;
  return out;
}

/**
 * RangeAreas.address → ranges: `Sheet1!A1:J1,'Phân bổ, 2022'!B4:B6`. Sheet
 * names may be quoted and hold commas, so this walks the text instead of
 * splitting on commas.
 */
export function parseAreasAddress(address: string): Range[] {
  const out: Range[] = [];
  const s = address;
  let i = 0;
  while (i < s.length) {
    while (i < s.length && (s[i] === ',' || s[i] === ' ')) i++;
    if (i >= s.length) break;
    let k = i;
    if (s[k] === "'") {
      k++;
      while (k < s.length) {
        if (s[k] === "'") {
          if (s[k + 1] === "'") {
            k += 2;
            continue;
          }
          k++;
          break;
        }
        k++;
      }
    }
    while (k < s.length && s[k] !== '!' && s[k] !== ',') k++;
    let refStart = i;
    if (s[k] === '!') {
      refStart = k + 1;
      k++;
      while (k < s.length && s[k] !== ',') k++;
    }
    const r = parseRangeA1(s.slice(refStart, k).trim());
    if (r) out.push(r);
    i = k;
  }
  return out;
}


// ---------------------------------------------------------------------------
// Reading

export type ReadTarget = { kind: 'active' } | { kind: 'all' } | { kind: 'sheet'; name: string };

export interface ReadRun {
  /** 0..1 after each chunk request. */
  onProgress?: (fraction: number) => void;
  /** Checked before every round trip; aborting throws PaneError('cancelled'). */
  signal?: AbortSignal;
}

export interface ReadConfig {
  budget: number;
  merges: boolean;
  /** Ask for the visible cells of each chunk to learn the hidden rows (ExcelApi 1.9). */
  hiddenRows: boolean;
  meter?: SyncMeter;
}

const DIM_PROPS = 'isNullObject,rowIndex,columnIndex,rowCount,columnCount';
const CELL_PROPS = 'values,formulas,numberFormat,valueTypes';

interface Handle {
  ws: Excel.Worksheet;
  used: Excel.Range;
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PaneError('cancelled');
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * Reads sheets inside an existing Excel.run context. Loads the caller queued
 * before calling ride along with the first round trip. Round trips: the sheet
 * list (all sheets only), one for the used ranges, then one per chunk request
 * — so a small active sheet takes 2.
 */
export async function readSheetsInContext(
  ctx: Excel.RequestContext,
  target: ReadTarget,
  config: ReadConfig,
  run: ReadRun = {},
): Promise<Workbook> {
  const { meter } = config;
  const { signal } = run;
  const worksheets = ctx.workbook.worksheets;
  const handles: Handle[] = [];
  const open = (ws: Excel.Worksheet) => {
    ws.load('name');
    const used = ws.getUsedRangeOrNullObject(true); // values only: formatting far below the table costs nothing
    used.load(DIM_PROPS);
    handles.push({ ws, used });
  };

  checkAbort(signal);
  if (target.kind === 'all') {
    worksheets.load('items/name');
    await syncMetered(ctx, meter, 'read:sheets', [worksheets]);
    checkAbort(signal);
    for (const ws of worksheets.items) open(ws);
  } else if (target.kind === 'active') {
    open(worksheets.getActiveWorksheet());
  } else {
    open(worksheets.getItem(target.name));
  }
  try {
    await syncMetered(
      ctx,
      meter,
      'read:dimensions',
      handles.map((h) => h.used),
    );
  } catch (e) {
    if (target.kind === 'sheet' && errorCode(e) === 'ItemNotFound') {
      worksheets.load('items/name');
      await syncMetered(ctx, meter, 'read:sheets', [worksheets]);
      throw new HostError('no-such-sheet', worksheets.items.map((w) => w.name).join(', '));
    }
    throw e;
  }

  const sheets: Sheet[] = handles.map((h) => ({ name: h.ws.name, rows: [], merges: [] }));
  const extents: SheetExtent[] = handles.map((h) =>
    h.used.isNullObject ? { rowCount: 0, columnCount: 0 } : { rowCount: h.used.rowCount, columnCount: h.used.columnCount },
  );
  const queue = planChunks(extents, config.budget);
  const totalCells = extents.reduce((a, e) => a + e.rowCount * e.columnCount, 0);
  const hidden: number[][] = [];
  let doneCells = 0;

  while (queue.length) {
    checkAbort(signal);
    const req = queue.shift()!;
    const loaded: { part: ChunkPart; range: Excel.Range; areas?: Excel.RangeAreas; visible?: Excel.RangeAreas }[] = [];
    for (const part of req) {
      const h = handles[part.sheet];
      const top = h.used.rowIndex + part.firstRow;
      const left = h.used.columnIndex;
      const box: Range = { top, left, bottom: top + part.rowCount - 1, right: left + h.used.columnCount - 1 };
      const range = h.ws.getRange(rangeA1(box));
      range.load(CELL_PROPS);
      let areas: Excel.RangeAreas | undefined;
      if (config.merges) {
        // Only areas whose top-left cell lies in this range come back, so chunks never repeat a merge.
        areas = range.getMergedAreasOrNullObject();
        areas.load('isNullObject,address');
      }
      let visible: Excel.RangeAreas | undefined;
      if (config.hiddenRows) {
        // A few areas ("A1:J4,A6:J300"): rows no area covers are hidden. Cheaper than rowHidden per row.
        visible = range.getSpecialCellsOrNullObject('Visible');
        visible.load('isNullObject,address');
      }
      loaded.push({ part, range, areas, visible });
    }
    try {
      await syncMetered(
        ctx,
        meter,
        'read:chunk',
        loaded.flatMap((l) => [l.range, ...(l.areas ? [l.areas] : []), ...(l.visible ? [l.visible] : [])]),
      );
    } catch (e) {
      // Our byte estimate was too low for this sheet (very long texts): halve and retry.
      const halves = /PayloadSizeLimitExceeded/.test(errorCode(e)) ? splitRequest(req) : null;
      if (!halves) throw e;
      for (let k = halves.length - 1; k >= 0; k--) queue.unshift(halves[k]);
      continue;
    }
    for (const { part, range, areas, visible } of loaded) {
      const h = handles[part.sheet];
      const rows = sheets[part.sheet].rows;
      const top = h.used.rowIndex + part.firstRow;
      const left = h.used.columnIndex;
      const { values, formulas, numberFormat, valueTypes } = range;
      for (let i = 0; i < part.rowCount; i++) {
        const vr = values[i];
        const fr = formulas[i];
        const nr = numberFormat[i];
        const tr = valueTypes[i] as unknown[];
        let out: (Cell | undefined)[] | undefined;
        for (let j = 0; j < vr.length; j++) {
          const c = convertCell(vr[j], fr[j], nr[j], tr[j]);
          if (!c) continue;
          if (!out) out = rows[top + i] = [];
          out[left + j] = c;
        }
      }
      if (areas && !areas.isNullObject) pushAll(sheets[part.sheet].merges, parseAreasAddress(areas.address));
      if (visible) {
        const shown = visible.isNullObject ? [] : parseAreasAddress(visible.address);
        for (let r = top; r < top + part.rowCount; r++) {
          if (!shown.some((a) => a.top <= r && r <= a.bottom)) (hidden[part.sheet] ??= []).push(r);
        }
      }
      doneCells += part.rowCount * extents[part.sheet].columnCount;
    }
    run.onProgress?.(totalCells ? doneCells / totalCells : 1);
  }

  sheets.forEach((s, i) => {
    for (const m of s.merges) blankMergedCells(s.rows, m);
    for (let r = 0; r < s.rows.length; r++) if (!s.rows[r]) s.rows[r] = [];
    // Like the .xlsx host: only present when some row is hidden. Chunks may come back out of order after a retry.
    if (hidden[i]?.length) s.hiddenRows = hidden[i].sort((a, b) => a - b);
  });
  return { sheets };
}

// ---------------------------------------------------------------------------

export interface ExcelHostOptions {
  /** Defaults to Excel.run. */
  run?: ExcelRunner;
  /** Defaults to Office.context.requirements.isSetSupported. */
  isSetSupported?: IsSetSupported;
  /** Cells per read request; defaults to CELL_BUDGET. */
  budget?: number;
  /** Sees every context.sync (benchmark, tests). */
  meter?: SyncMeter;
}

export interface ExcelReadOptions extends ReadOptions, ReadRun {}

export class ExcelHost implements GridHost {
  readonly run: ExcelRunner;
  readonly isSetSupported: IsSetSupported;
  readonly budget: number;
  meter?: SyncMeter;

  constructor(options: ExcelHostOptions = {}) {
    this.run = options.run ?? officeRunner;
    this.isSetSupported = options.isSetSupported ?? officeIsSetSupported();
    this.budget = options.budget ?? CELL_BUDGET;
    this.meter = options.meter;
  }

  /** Throws PaneError('unsupported') below ExcelApi 1.4; returns the read settings otherwise. */
  readConfig(): ReadConfig {
    const caps = capabilities(this.isSetSupported);
    if (!caps.read) throw new PaneError('unsupported', 'ExcelApi 1.4 is required');
    return { budget: this.budget, merges: caps.merges, hiddenRows: caps.hiddenRows, meter: this.meter };
  }

  async readWorkbook(options: ExcelReadOptions = {}): Promise<Workbook> {
    const config = this.readConfig();
    const target: ReadTarget = options.sheet !== undefined ? { kind: 'sheet', name: options.sheet } : { kind: 'all' };
    return this.run((ctx) => readSheetsInContext(ctx, target, config, options));
  }

  async readActiveSheet(run: ReadRun = {}): Promise<Sheet> {
    const config = this.readConfig();
    const wb = await this.run((ctx) => readSheetsInContext(ctx, { kind: 'active' }, config, run));
    return wb.sheets[0];
  }
}
