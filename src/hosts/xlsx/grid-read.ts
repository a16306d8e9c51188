// The checking reader: .xlsx bytes → grid, without ExcelJS. It reads only
// what the check uses — the sheet list, shared strings, the number formats of
// the cell styles, and each worksheet's cells, merges and hidden rows — one
// sheet at a time, from the zip through an XML tokenizer straight into the
// grid. It reproduces what the ExcelJS-based reader (./exceljs-read.ts, kept
// for writing paths and as the reference) produced: the same cells, values,
// formulas (shared ones translated by ExcelJS's own slideFormula), dates,
// number formats, merges and hidden rows. test/hosts/grid-read.test.ts holds
// the two side by side on every sample, form, repro file and on generated
// workbooks. Where ExcelJS misreads a file (phonetic runs in inline strings)
// this reader reads it as Excel shows it.
import { blankMergedCells, numberValue, parseRangeA1, type Cell, type CellValue, type Range, type Sheet, type Workbook } from '../../core/grid';
import { HostError, type ReadOptions } from '../types';
import { checkInflatedSizes, checkZipSizes, readZipDirectory, sniffFormat, type ZipEntryInfo } from './sniff';
import { type TurnInflater, entryChunks, entryString } from './zip-read';
import { TextPiece, XmlScanner, type XmlAttrs, type XmlHandler } from './xml-scan';
import { parseSmallXml } from './small-xml';
import { colCache, defaultNumFormats, slideFormula } from './exceljs-utils';

const FORMAT_DETAIL = {
  xls: 'Excel 97-2003 (.xls) workbook; save it as .xlsx',
  encrypted: 'password-protected workbook; remove the password and save again',
  'not-xlsx': 'not an .xlsx file (no zip signature)',
} as const;

const EMPTY_VALUE: CellValue = Object.freeze({ kind: 'empty' }) as CellValue;

/** The entries ExcelJS reads by fixed name; worksheets are found through the workbook's relationships. */
const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
const STYLES = 'xl/styles.xml';
const WORKSHEET_PATH = /xl\/worksheets\/sheet(\d+)[.]xml/;

/**
 * `turns`: an inflater for large entries whose chunks the reader is done with in
 * time (zip-read.ts); the CLI passes one (inflate-turns.ts), the page does not.
 */
export async function readXlsxGrid(buf: Uint8Array, options?: ReadOptions, turns?: TurnInflater): Promise<Workbook> {
  const format = sniffFormat(buf);
  if (format !== 'xlsx') throw new HostError(format, FORMAT_DETAIL[format]);

  const all = readZipDirectory(buf);
  checkZipSizes(all);
  // JSZip's view: names without a leading slash, no directories, the last of a duplicated name.
  const entries = new Map<string, ZipEntryInfo>();
  for (const e of all) {
    const name = e.name.charCodeAt(0) === 47 ? e.name.slice(1) : e.name;
    if (!name.endsWith('/')) entries.set(name, e);
  }
  if (!entries.has(WORKBOOK)) throw new HostError('not-xlsx', 'zip archive without xl/workbook.xml (not an Excel workbook)');

  try {
    return await readEntries(buf, all, entries, options, turns);
  } catch (e) {
    if (e instanceof HostError) throw e;
    throw new HostError('corrupt', e instanceof Error ? e.message : String(e));
  }
}

async function readEntries(buf: Uint8Array, all: ZipEntryInfo[], entries: Map<string, ZipEntryInfo>, options?: ReadOptions, turns?: TurnInflater): Promise<Workbook> {
  const book = parseWorkbook(await entryString(buf, entries.get(WORKBOOK)!));
  const relsEntry = entries.get(WORKBOOK_RELS);
  const rels = relsEntry ? parseRels(await entryString(buf, relsEntry)) : new Map<string, string>();

  // Sheets in workbook order, as ExcelJS keeps them: only those whose part is a worksheet
  // (chart sheets drop out), keyed by sheetId (a repeated id keeps the last, in the first's place).
  const byId = new Map<number, { name: string | undefined; entry: ZipEntryInfo; order: number }>();
  book.sheets.forEach((s) => {
    const target = s.rId !== undefined ? rels.get(s.rId) : undefined;
    if (target === undefined) return;
    const path = `xl/${target.replace(/^(\s|\/xl\/)+/, '')}`;
    const entry = WORKSHEET_PATH.test(path) ? entries.get(path) : undefined;
    if (!entry) return;
    const order = book.sheets.findIndex((x) => x.id === s.id);
    byId.set(s.id, { name: s.name, entry, order });
  });
  const sheets = [...byId.entries()]
    .filter(([id]) => Number.isInteger(id) && id >= 1)
    .sort((a, b) => a[1].order - b[1].order || a[0] - b[0])
    .map(([id, s]) => ({ ...s, name: sheetName(s.name, id) }));
  const seen = new Set<string>();
  for (const s of sheets) {
    const key = s.name.toLowerCase();
    if (seen.has(key)) throw new HostError('corrupt', `Worksheet name already exists: ${s.name}`);
    seen.add(key);
  }

  let chosen = sheets;
  if (options?.sheet !== undefined) {
    chosen = sheets.filter((s) => s.name === options.sheet);
    if (!chosen.length) throw new HostError('no-such-sheet', sheets.map((s) => s.name).join(', '));
    chosen = chosen.slice(0, 1);
  }

  // Entries read below are inflated with a cap as they are read; the rest are checked here, inflated and dropped,
  // so a zip that lies about any entry is refused as before.
  const read = new Set<ZipEntryInfo>([entries.get(WORKBOOK)!, ...chosen.map((s) => s.entry)]);
  for (const name of [WORKBOOK_RELS, SHARED_STRINGS, STYLES]) {
    const e = entries.get(name);
    if (e) read.add(e);
  }
  await checkInflatedSizes(
    buf,
    all.filter((e) => !read.has(e)),
  );

  const stylesEntry = entries.get(STYLES);
  const styles = stylesEntry ? parseStyles(await entryString(buf, stylesEntry)) : null;
  const sstEntry = entries.get(SHARED_STRINGS);
  const strings = sstEntry ? await readSharedStrings(buf, sstEntry, turns) : null;

  const ctx: SheetContext = { styles, strings, date1904: book.date1904, numFmtCache: new Map(), dateStyle: [], plainCells: [], numbers: new Array<CellValue | undefined>(NUMBER_SLOTS).fill(undefined), onRows: options?.onRows, turns };
  const out: Sheet[] = [];
  for (const s of chosen) out.push(await readSheet(buf, s.entry, s.name, ctx));
  return { sheets: out };
}

/** ExcelJS's Worksheet name rules, which decided whether a file opened at all. */
function sheetName(name: string | undefined, id: number): string {
  if (name === undefined) name = `sheet${id}`;
  if (name === '') throw new HostError('corrupt', "The name can't be empty.");
  if (name === 'History') throw new HostError('corrupt', 'The name "History" is protected. Please use a different name.');
  if (/[*?:/\\[\]]/.test(name)) throw new HostError('corrupt', `Worksheet name ${name} cannot include any of the following characters: * ? : \\ / [ ]`);
  if (/(^')|('$)/.test(name)) throw new HostError('corrupt', `The first or last character of worksheet name cannot be a single quotation mark: ${name}`);
  return name.length > 31 ? name.substring(0, 31) : name;
}

// ---------------------------------------------------------------------------
// Small parts: workbook, relationships, styles (saxes)

/** ExcelJS decodes these attributes a second time (utils.xmlDecode); so do we. */
function xmlDecode(text: string): string {
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case '&lt;':
        return '<';
      case '&gt;':
        return '>';
      case '&amp;':
        return '&';
      case '&apos;':
        return "'";
      case '&quot;':
        return '"';
      default:
        return c;
    }
  });
}

interface BookPart {
  sheets: { name: string | undefined; id: number; rId: string | undefined }[];
  date1904: boolean;
}

function parseWorkbook(xml: string): BookPart {
  const part: BookPart = { sheets: [], date1904: false };
  const path: string[] = [];
  parseSmallXml(xml, {
    open(name, a) {
      const parent = path[path.length - 1];
      path.push(name);
      if (path.length === 2 && name === 'workbookPr') part.date1904 = a.date1904 === '1';
      else if (path.length === 3 && parent === 'sheets' && name === 'sheet') {
        part.sheets.push({ name: a.name === undefined ? undefined : xmlDecode(a.name), id: parseInt(a.sheetId, 10), rId: a['r:id'] });
      }
    },
    text() {},
    close() {
      path.pop();
    },
  });
  return part;
}

function parseRels(xml: string): Map<string, string> {
  const rels = new Map<string, string>();
  parseSmallXml(xml, {
    open(name, a) {
      if (name === 'Relationship' && a.Id !== undefined && a.Target !== undefined) rels.set(a.Id, a.Target);
    },
    text() {},
    close() {},
  });
  return rels;
}

interface Styles {
  /** numFmtId of each cellXfs entry (NaN when absent). */
  xfs: number[];
  custom: Map<number, string>;
}

function parseStyles(xml: string): Styles {
  const styles: Styles = { xfs: [], custom: new Map() };
  const path: string[] = [];
  parseSmallXml(xml, {
    open(name, a) {
      const parent = path[path.length - 1];
      path.push(name);
      if (path.length !== 3) return;
      if (parent === 'cellXfs' && name === 'xf') styles.xfs.push(parseInt(a.numFmtId, 10));
      else if (parent === 'numFmts' && name === 'numFmt') {
        if (a.formatCode === undefined) throw new HostError('corrupt', 'styles: numFmt without formatCode');
        styles.custom.set(parseInt(a.numFmtId, 10), a.formatCode.replace(/[\\](.)/g, '$1'));
      }
    },
    text() {},
    close() {
      path.pop();
    },
  });
  return styles;
}

// ---------------------------------------------------------------------------
// Shared strings (the scanner: tens of MB on big sheets)

/** Excel's escape for characters XML cannot hold, undone as ExcelJS does for <t> runs. */
function unescapeX(s: string): string {
  return s.indexOf('_x') >= 0 ? s.replace(/_x([0-9A-F]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}

/** Each shared string as the text a cell shows; '' for an empty one (the cell reads as empty). */
async function readSharedStrings(buf: Uint8Array, entry: ZipEntryInfo, turns?: TurnInflater): Promise<string[]> {
  const values: string[] = [];
  // Inside <si>: a plain <t>, or rich runs <r><rPr/><t/></r>; phonetic runs (<rPh>) are not shown.
  let depth = 0;
  let model: string | string[] | null = null; // null: nothing yet
  let inT = false;
  let runText: string | undefined;
  let inRun = false;
  let skip = 0;
  let text: string[] = [];
  const handler: XmlHandler = {
    open(name) {
      depth++;
      if (depth === 1) {
        if (name !== 'sst') throw new HostError('corrupt', `sharedStrings: unexpected <${name}>`);
        return;
      }
      if (depth === 2) {
        if (name !== 'si') throw new HostError('corrupt', `sharedStrings: unexpected <${name}>`);
        model = null;
        return;
      }
      if (skip) {
        skip++;
        return;
      }
      if (depth === 3) {
        if (name === 't') {
          inT = true;
          text = [];
        } else if (name === 'r') {
          inRun = true;
          runText = undefined;
        } else skip = 1;
        return;
      }
      if (depth === 4 && inRun && name === 't') {
        inT = true;
        text = [];
        return;
      }
      skip = 1;
    },
    text(t) {
      if (inT && !skip) text.push(t.string());
    },
    close() {
      if (skip) {
        skip--;
        depth--;
        return;
      }
      if (depth === 2) {
        values.push(model === null ? '' : typeof model === 'string' ? model : model.join(''));
      } else if (depth === 3 && inT && !inRun) {
        model = unescapeX(text.join(''));
        inT = false;
      } else if (depth === 3 && inRun) {
        // A run after a plain <t> is dropped (ExcelJS cannot add it to a string).
        if (model === null) model = [];
        if (Array.isArray(model) && runText !== undefined) model.push(runText);
        inRun = false;
      } else if (depth === 4 && inT) {
        runText = unescapeX(text.join(''));
        inT = false;
      }
      depth--;
    },
  };
  const scanner = new XmlScanner(handler);
  // Its handler keeps no piece of a chunk: every text is made a string at once.
  for await (const chunk of entryChunks(buf, entry, turns)) scanner.write(chunk);
  scanner.end();
  return values;
}

// ---------------------------------------------------------------------------
// Worksheets

interface SheetContext {
  styles: Styles | null;
  strings: string[] | null;
  date1904: boolean;
  numFmtCache: Map<number, string | undefined>;
  /** Per style index: true when its number format shows a date (filled by numFmtOf). */
  dateStyle: boolean[];
  /** Per style index, per small whole number: the one shared, frozen cell (see finishCell). */
  plainCells: Cell[][];
  /** Number values seen, shared (rates and formula results repeat): see sharedNumber. */
  numbers: (CellValue | undefined)[];
  onRows?: ReadOptions['onRows'];
  turns?: TurnInflater;
}

/** Slots of the number cache: a direct-mapped table, cheaper than a Map keyed by doubles and bounded. */
const NUMBER_SLOTS = 1 << 16;

/**
 * A number value, the same frozen object as the last equal number that fell
 * in its slot (rates and formula results repeat; core/grid.ts shares small counts already).
 */
function sharedNumber(ctx: SheetContext, n: number): CellValue {
  if (Number.isInteger(n) && n >= 0 && n < SHARED_CELL_LIMIT) return numberValue(n);
  const slot = ((n * 1024) | 0) & (NUMBER_SLOTS - 1);
  const hit = ctx.numbers[slot];
  if (hit !== undefined && (hit as { value: number }).value === n) return hit;
  const v = Object.freeze(numberValue(n));
  ctx.numbers[slot] = v;
  return v;
}

/** Plain counts below this share their cell object (as core/grid.ts's numberValue shares values). */
const SHARED_CELL_LIMIT = 4096;

/**
 * A cell with every property set at once: one object of a fixed shape, no
 * property store added later (a third of the grid's memory on large sheets).
 */
function newCell(value: CellValue, formula: string | undefined, numFmt: string | undefined): Cell {
  if (formula === undefined) return numFmt === undefined ? { value } : { value, numFmt };
  return numFmt === undefined ? { value, formula } : { value, formula, numFmt };
}

// ExcelJS's utils.isDateFmt (utils.js also loads fs, which the page has not).
function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  fmt = fmt.replace(/\[[^\]]*]/g, '');
  fmt = fmt.replace(/"[^"]*"/g, '');
  return fmt.match(/[ymdhMsb]+/) !== null;
}

/** The number format of style `s` as ExcelJS's cell.numFmt gives it; null when the style does not exist. */
function numFmtOf(ctx: SheetContext, s: number): string | undefined | null {
  if (!ctx.styles) return null;
  const cache = ctx.numFmtCache;
  if (cache.has(s)) return cache.get(s);
  const xfs = ctx.styles.xfs;
  if (!(s >= 0 && s < xfs.length)) return null;
  const id = xfs[s];
  let fmt: string | undefined;
  if (id) fmt = ctx.styles.custom.get(id) || (defaultNumFormats[id] && defaultNumFormats[id].f) || undefined;
  cache.set(s, fmt);
  ctx.dateStyle[s] = isDateFmt(fmt);
  return fmt;
}

function excelDate(v: unknown, date1904: boolean): CellValue {
  // ExcelJS's utils.excelToDate, arithmetic coercion included (a text result under a date format reads as #NUM!).
  const d = new Date(Math.round(((v as number) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
  const t = d.getTime();
  // Serial numbers past year 275760 make an invalid Date; Excel shows #### / #NUM! for those.
  if (Number.isNaN(t)) return { kind: 'error', value: '#NUM!' };
  const iso = d.toISOString();
  return { kind: 'date', value: t % 86400000 === 0 ? iso.slice(0, 10) : iso };
}

interface PendingShared {
  /** Where the slave sits (its row number): it is replaced there by a cell with the moved formula. */
  row: number;
  col: number;
  cell: Cell;
  master: string;
  address: string | undefined;
}

/**
 * The row's cells, copied out of the reused array at their exact length into the grid
 * (or its place emptied). Empty places stay holes, as in a row ExcelJS builds.
 */
function placeRow(grid: (Cell | undefined)[][], n: number, cells: (Cell | undefined)[], length: number, filled: boolean): void {
  let out: (Cell | undefined)[] | undefined;
  if (filled && n >= 1) {
    for (let k = 0; k < length; k++) {
      const c = cells[k];
      if (c) (out ??= new Array(length))[k] = c;
    }
  }
  if (out) grid[n - 1] = out;
  else if (n >= 1 && n - 1 < grid.length) grid[n - 1] = undefined as unknown as Cell[];
  cells.fill(undefined, 0, length);
}

const enum Cur {
  None,
  F,
  V,
  T,
}

async function readSheet(buf: Uint8Array, entry: ZipEntryInfo, name: string, ctx: SheetContext): Promise<Sheet> {
  // Rows go straight into the grid by number (a row given twice: the later replaces the
  // earlier); a row's cells are gathered in one reused array and copied out at its end,
  // at their exact length (an array grown cell by cell keeps spare room and leaves garbage).
  const grid: (Cell | undefined)[][] = [];
  const hidden = new Set<number>();
  let rowsSeen = 0;
  const cells: (Cell | undefined)[] = [];
  let rowLength = 0; // cells.length as ExcelJS's row would have it: one past the last cell placed
  let rowFilled = false;
  const mergeRefs: string[] = [];
  // Shared formulas: si → master address (registered in document order), the master's formula text, pending slaves.
  const formulae = new Map<string, string>();
  const masterFormula = new Map<string, string | undefined>();
  const pending: PendingShared[] = [];

  let depth = 0;
  let section = ''; // the worksheet child we are in
  let inRow = false;
  let rowNumber = 0;
  let prevCol = 0; // column of the previous cell with an address (cells without r follow it)
  // The cell being read
  let inCell = false;
  // The cell's address: its column read off the bytes; the text itself only made when needed (shared formulas).
  let cAddrCol = 0;
  let cAddrKept = false;
  let cAddrText: string | undefined;
  const cAddrPiece = new TextPiece();
  const address = (): string | undefined => (cAddrKept ? (cAddrText ??= cAddrPiece.string()) : cAddrText);
  let cType: string | undefined;
  let cStyle = 0;
  let cur = Cur.None;
  let formula: string | undefined;
  let shareType: string | undefined;
  let si: string | undefined;
  let fRef: string | undefined;
  // The value (<v>, or <t> of an inline string): most are one plain piece, kept as bytes
  // and read as a number without making a string; later pieces (split by a comment) as text.
  let vPieces = 0;
  const first = new TextPiece();
  let vMore = '';
  let runs: string[] | null = null;
  let inRun = false;
  let runT = false;
  let runText: string[] = [];
  let runDepth = 0;
  let runHasText = false;
  let skip = 0;

  const endRow = () => placeRow(grid, rowNumber, cells, rowLength, rowFilled);

  const valueText = (): string | undefined => (vPieces === 0 ? undefined : vPieces === 1 ? first.string() : first.string() + vMore);
  const valueNumber = (): number => (vPieces === 1 ? first.number() : parseFloat(valueText() as string));

  const finishCell = () => {
    const isFormula = !!(formula || shareType);
    const hasStyle = !!cStyle;
    if (!isFormula && vPieces === 0 && runs === null && !hasStyle) return; // ExcelJS's "merge" cell: not placed at all
    let col: number;
    const cAddr = cAddrCol ? undefined : address();
    if (cAddrCol) col = cAddrCol;
    else if (cAddr) {
      col = columnOf(cAddr);
      if (!(col >= 1)) throw new HostError('corrupt', `bad cell address ${cAddr}`);
    } else if (prevCol) col = prevCol + 1;
    else throw new HostError('corrupt', 'a cell without an address opens its row');
    prevCol = col;

    const fmt = hasStyle ? numFmtOf(ctx, cStyle) : null;
    const dateFmt = hasStyle && ctx.dateStyle[cStyle] === true;
    const numFmt = fmt && fmt !== 'General' ? fmt : undefined;
    let out: Cell | undefined;
    if (isFormula) {
      let result: unknown;
      if (vPieces) {
        if (cType === 'str') result = xmlDecode(valueText() as string);
        else if (cType === 'b') result = parseInt(valueText() as string, 10) !== 0;
        else if (cType === 'e') result = { error: valueText() };
        else result = valueNumber();
      }
      const v = result === undefined ? EMPTY_VALUE : dateFmt ? excelDate(result, ctx.date1904) : mapResult(ctx, result);
      out = newCell(v, formula ? (formula.charCodeAt(0) === 61 ? formula.slice(1) : formula) : undefined, numFmt);
      if (shareType === 'shared' && si !== undefined) {
        if (fRef) {
          const addr = address();
          if (addr !== undefined) formulae.set(si, addr);
        } else {
          const master = formulae.get(si);
          if (master !== undefined && !formula && inRow) pending.push({ row: rowNumber, col: col - 1, cell: out, master, address: address() });
        }
      }
    } else if (runs !== null || vPieces) {
      let v: CellValue;
      if (runs !== null) v = { kind: 'text', value: runs.join('') };
      else {
        switch (cType) {
          case 's': {
            const idx = vPieces === 1 ? first.int() : parseInt(valueText() as string, 10);
            if (!ctx.strings) v = numberValue(idx);
            else {
              const s = ctx.strings[idx];
              if (s === undefined) throw new HostError('corrupt', `shared string ${valueText()} does not exist`);
              v = { kind: 'text', value: s };
            }
            break;
          }
          case 'str':
            v = { kind: 'text', value: xmlDecode(valueText() as string) };
            break;
          case 'inlineStr':
            v = { kind: 'text', value: valueText() as string };
            break;
          case 'b':
            v = { kind: 'boolean', value: parseInt(valueText() as string, 10) !== 0 };
            break;
          case 'e':
            v = { kind: 'error', value: valueText() as string };
            break;
          default: {
            const n = valueNumber();
            if (!dateFmt && Number.isInteger(n) && n >= 0 && n < SHARED_CELL_LIMIT) {
              // Most cells of a large sheet: one shared cell per (style, small count).
              const byStyle = ctx.plainCells[cStyle] ?? (ctx.plainCells[cStyle] = []);
              out = byStyle[n] ??= Object.freeze(newCell(numberValue(n), undefined, numFmt));
              v = out.value;
            } else v = dateFmt ? excelDate(n, ctx.date1904) : sharedNumber(ctx, n);
          }
        }
      }
      if (!out && !(v.kind === 'text' && v.value === '')) out = newCell(v, undefined, numFmt);
    }

    if (inRow) {
      if (out) {
        cells[col - 1] = out;
        if (col > rowLength) rowLength = col;
        rowFilled = true;
      } else if (col - 1 < rowLength) cells[col - 1] = undefined;
    }
    if (masterFormula.size || (isFormula && shareType === 'shared' && fRef)) {
      const addr = address();
      if (addr !== undefined && masterFormula.has(addr)) masterFormula.set(addr, formula);
      if (isFormula && shareType === 'shared' && fRef && addr !== undefined) masterFormula.set(addr, formula);
    }
  };

  const handler: XmlHandler = {
    open(tag: string, a: XmlAttrs) {
      depth++;
      if (skip) {
        skip++;
        return;
      }
      if (depth === 2) {
        section = tag;
        return;
      }
      if (section === 'sheetData') {
        if (depth === 3) {
          if (tag !== 'row') {
            skip = 1;
            return;
          }
          rowNumber = a.int('r');
          if (Number.isNaN(rowNumber)) throw new HostError('corrupt', 'Invalid row number in model');
          const h = a.get('hidden');
          if (h === '1' || h === 'true') hidden.add(rowNumber);
          else hidden.delete(rowNumber);
          inRow = true;
          rowsSeen++;
          rowLength = 0;
          rowFilled = false;
          prevCol = 0;
          return;
        }
        if (depth === 4) {
          if (tag !== 'c') {
            skip = 1;
            return;
          }
          inCell = true;
          cAddrCol = a.column('r');
          cAddrText = undefined;
          cAddrKept = a.keepPlain('r', cAddrPiece);
          if (!cAddrKept) cAddrText = a.get('r');
          const t = a.char('t');
          cType = t === 115 ? 's' : t === 110 ? 'n' : a.get('t');
          cStyle = a.int('s') || 0; // absent or unreadable: no style
          cur = Cur.None;
          formula = shareType = si = fRef = undefined;
          vPieces = 0;
          vMore = '';
          runs = null;
          inRun = false;
          return;
        }
        if (!inCell) {
          skip = 1;
          return;
        }
        if (inRun) {
          if (tag === 't' && depth === runDepth + 1) {
            runT = true;
            runText = [];
          } else skip = 1;
          return;
        }
        switch (tag) {
          case 'f':
            cur = Cur.F;
            si = a.get('si');
            shareType = a.get('t');
            fRef = a.get('ref');
            return;
          case 'v':
            cur = Cur.V;
            return;
          case 't':
            cur = Cur.T;
            return;
          case 'is':
            return;
          case 'r':
            inRun = true;
            runDepth = depth;
            runT = false;
            runText = [];
            runHasText = false;
            if (runs === null) runs = [];
            return;
          default:
            // <rPh> (phonetic guide) and anything else: not part of the cell's text.
            skip = 1;
            return;
        }
      }
      if (section === 'mergeCells' && depth === 3 && tag === 'mergeCell') {
        const ref = a.get('ref');
        if (ref !== undefined) mergeRefs.push(ref);
      }
    },
    text(t: TextPiece) {
      if (skip || !inCell) return;
      if (inRun) {
        if (runT) runText.push(t.string());
        return;
      }
      if (cur === Cur.F) formula = formula ? formula + t.string() : t.string();
      else if (cur === Cur.V || cur === Cur.T) {
        if (vPieces++ === 0) first.keep(t);
        else vMore += t.string();
      }
    },
    close() {
      if (skip) {
        skip--;
        depth--;
        return;
      }
      if (section === 'sheetData') {
        if (depth === 3) {
          endRow();
          inRow = false;
        }
        else if (depth === 4 && inCell) {
          finishCell();
          inCell = false;
        } else if (inRun && depth === runDepth) {
          if (runHasText && runs) runs.push(unescapeX(runText.join('')));
          inRun = false;
        } else if (inRun && runT) {
          runT = false;
          runHasText = true;
        } else cur = Cur.None;
      }
      if (depth === 2) section = '';
      depth--;
    },
  };

  const scanner = new XmlScanner(handler);
  for await (const chunk of entryChunks(buf, entry, ctx.turns)) {
    scanner.write(chunk);
    // A cell still open keeps its first value piece and its address as bytes of this chunk,
    // whose buffer may be written again (entryChunks with turns): copy them out.
    if (inCell) {
      if (vPieces > 0) first.detach();
      if (cAddrKept) cAddrPiece.detach();
    }
    ctx.onRows?.(name, rowsSeen);
  }
  scanner.end();

  // Shared-formula slaves: the master's formula moved to each slave, as ExcelJS's cell.formula does.
  for (const p of pending) {
    const f = masterFormula.get(p.master);
    if (f === undefined || p.address === undefined) continue;
    const moved = slideFormula(f, p.master, p.address);
    const cells = p.row >= 1 ? grid[p.row - 1] : undefined;
    if (moved && cells && cells[p.col] === p.cell) {
      const c = p.cell;
      const formula = moved.charCodeAt(0) === 61 ? moved.slice(1) : moved;
      cells[p.col] = c.numFmt === undefined ? { value: c.value, formula } : { value: c.value, numFmt: c.numFmt, formula };
    }
  }

  // Row numbers below 1 never reached ExcelJS's row list.
  const hiddenRows = [...hidden].filter((n) => n >= 1).sort((a, b) => a - b).map((n) => n - 1);
  const merges: Range[] = [];
  for (const ref of mergeRefs) {
    const m = parseRangeA1(ref);
    if (!m) continue;
    merges.push(m);
    blankMergedCells(grid, m);
  }
  // A row emptied by a later row of the same number does not lengthen the sheet.
  while (grid.length && !grid[grid.length - 1]) grid.length--;
  for (let i = 0; i < grid.length; i++) if (!grid[i]) grid[i] = [];
  const sheet: Sheet = { name, rows: grid, merges };
  if (hiddenRows.length) sheet.hiddenRows = hiddenRows;
  return sheet;
}

/** The column (1-based) of an address; plain `AB12` inline, anything else as ExcelJS's colCache reads it. */
function columnOf(address: string): number {
  let col = 0;
  let k = 0;
  for (; k < address.length; k++) {
    const c = address.charCodeAt(k);
    if (c < 65 || c > 90) break;
    col = col * 26 + c - 64;
  }
  if (k === 0 || k > 3 || col > 16384 || k === address.length) return colCache.decodeAddress(address).col as number;
  for (; k < address.length; k++) {
    const c = address.charCodeAt(k);
    if (c < 48 || c > 57) return colCache.decodeAddress(address).col as number;
  }
  return col;
}

function mapResult(ctx: SheetContext, v: unknown): CellValue {
  switch (typeof v) {
    case 'number':
      return sharedNumber(ctx, v);
    case 'string':
      return { kind: 'text', value: v };
    case 'boolean':
      return { kind: 'boolean', value: v };
    default:
      return { kind: 'error', value: (v as { error: string }).error };
  }
}
