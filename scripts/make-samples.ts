// Builds the bundled sample workbooks in samples/ (run: `npm run samples`).
//
// The seed samples (001, 003, 004) are built from the table excerpts copied
// verbatim into scripts/seed-tables/*.txt. Every number is parsed from that
// text and written exactly as published, errors included: the point of the
// samples is that the checker must find them. Nothing here fixes a value.
//
// clean-formulas.xlsx is synthetic: consistent tables with live formulas and
// correct cached results, drawn from a seeded PRNG so rebuilds are identical.
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { COMMUNE_HEADER, prng, ratePct } from '../src/bench/synthetic';

const ROOT = path.resolve(__dirname, '..');
const SEED_DIR = path.join(__dirname, 'seed-tables');
/** `npm run samples -- DIR` writes elsewhere (the tests rebuild into a temp folder and compare). */
const OUT_DIR = process.argv[2] ? path.resolve(process.argv[2]) : path.join(ROOT, 'samples');
/** Fixed document dates so rebuilt files differ only where the data does. */
const DOC_DATE = new Date(Date.UTC(2024, 0, 1, 0, 0, 0));

// ---------------------------------------------------------------------------
// Vietnamese numbers and seed text
// ---------------------------------------------------------------------------

/** '1.411' -> 1411, '9,92' -> 9.92, '14.653' -> 14653. Anything else throws. */
function parseVnNumber(raw: string): number {
  const s = raw.trim();
  if (!/^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/.test(s)) {
    throw new Error(`not a Vietnamese number: ${JSON.stringify(raw)}`);
  }
  return Number(s.replace(/\./g, '').replace(',', '.'));
}

const isVnNumber = (s: string): boolean => {
  try {
    parseVnNumber(s);
    return true;
  } catch {
    return false;
  }
};

/** A table as typed in the seed: every cell still a string. */
interface SeedTable {
  /** Non-empty text lines just above the table (titles, "(Kèm theo ...)"). */
  titles: string[];
  /** Header rows (everything above the first row whose column C is a number), minus a numbered-column row. */
  header: string[][];
  /** The "A B 1 2 3 ..." row, if the seed has one. */
  numbered: string[] | null;
  /** Data rows, the total row included, in seed order. */
  rows: string[][];
  width: number;
}

function readSeedLines(file: string): string[] {
  const text = fs.readFileSync(path.join(SEED_DIR, file), 'utf8').replace(/^\uFEFF/, '');
  return text.split(/\r?\n/).filter((l) => !l.startsWith('#'));
}

const isMarkdownRule = (l: string): boolean => /^\|[\s|:-]+\|$/.test(l) && l.includes('-');
const splitMarkdown = (l: string): string[] =>
  l
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

/**
 * Splits seed text into tables. A table is a run of consecutive table lines
 * (tab-separated, or markdown `| ... |`); the non-empty lines since the
 * previous table are its titles.
 */
function parseSeedTables(file: string): SeedTable[] {
  const lines = readSeedLines(file);
  const tables: SeedTable[] = [];
  let titles: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const kind = line.startsWith('|') ? 'md' : line.includes('\t') ? 'tsv' : null;
    if (!kind) {
      if (line.trim() !== '') titles.push(line.trim());
      i++;
      continue;
    }
    const raw: string[][] = [];
    while (i < lines.length && (kind === 'md' ? lines[i].startsWith('|') : lines[i].includes('\t'))) {
      if (!(kind === 'md' && isMarkdownRule(lines[i]))) {
        raw.push(kind === 'md' ? splitMarkdown(lines[i]) : lines[i].split('\t').map((c) => c.trim()));
      }
      i++;
    }
    tables.push(toSeedTable(titles, raw, file));
    titles = [];
  }
  return tables;
}

function toSeedTable(titles: string[], raw: string[][], file: string): SeedTable {
  const firstData = raw.findIndex((r) => r.length > 2 && isVnNumber(r[2]));
  if (firstData < 1) throw new Error(`${file}: no header/data split found`);
  let headerRows = raw.slice(0, firstData);
  let numbered: string[] | null = null;
  const last = headerRows[headerRows.length - 1];
  if (last[0] === 'A' && last[1] === 'B') {
    numbered = last;
    headerRows = headerRows.slice(0, -1);
  }
  // Width: the numbered row if any, else the widest data row.
  const rows = raw.slice(firstData);
  const width = numbered ? numbered.length : Math.max(...rows.map((r) => r.length));
  const fit = (r: string[], what: string): string[] => {
    if (r.slice(width).some((c) => c !== '')) throw new Error(`${file}: ${what} wider than ${width}: ${r.join(' | ')}`);
    const out = r.slice(0, width);
    while (out.length < width) out.push('');
    return out;
  };
  return {
    titles,
    header: headerRows.map((r) => fit(r, 'header row')),
    numbered,
    rows: rows.map((r) => fit(r, 'row')),
    width,
  };
}

// ---------------------------------------------------------------------------
// Header merges, derived from the empty cells of the typed header
// ---------------------------------------------------------------------------

interface Rect {
  r: number; // 0-based within the header
  c: number;
  h: number;
  w: number;
  text: string;
}

/**
 * A label spans right over the empty, unclaimed cells of its row, then down
 * over rows where that whole span is empty and unclaimed. This is how a table
 * typed in Word with merged cells comes out as text.
 */
function headerRects(header: string[][], width: number): Rect[] {
  const claimed = header.map(() => new Array<boolean>(width).fill(false));
  const rects: Rect[] = [];
  for (let r = 0; r < header.length; r++) {
    for (let c = 0; c < width; c++) {
      const text = header[r][c];
      if (text === '' || claimed[r][c]) continue;
      let w = 1;
      while (c + w < width && header[r][c + w] === '' && !claimed[r][c + w]) w++;
      let h = 1;
      while (r + h < header.length) {
        let free = true;
        for (let k = c; k < c + w; k++) if (header[r + h][k] !== '' || claimed[r + h][k]) free = false;
        if (!free) break;
        h++;
      }
      for (let rr = r; rr < r + h; rr++) for (let k = c; k < c + w; k++) claimed[rr][k] = true;
      rects.push({ r, c, h, w, text });
    }
  }
  return rects;
}

/** For each column, the lowest header label over it (what names the column). */
function columnLabels(rects: Rect[], width: number): string[] {
  const labels = new Array<string>(width).fill('');
  const depth = new Array<number>(width).fill(-1);
  for (const x of rects) {
    for (let k = x.c; k < x.c + x.w; k++) {
      if (x.r > depth[k]) {
        depth[k] = x.r;
        labels[k] = x.text;
      }
    }
  }
  return labels;
}

const isRateLabel = (label: string): boolean => /tỷ lệ/i.test(label);

// ---------------------------------------------------------------------------
// Styling
// ---------------------------------------------------------------------------

const FONT: Partial<ExcelJS.Font> = { name: 'Times New Roman', size: 12 };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const FMT_COUNT = '#,##0';
const FMT_RATE = '0.00';

const colLetter = (c: number): string => {
  let s = '';
  let n = c;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};
const addr = (row: number, col: number): string => `${colLetter(col)}${row}`;

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'PovCheck scripts/make-samples.ts';
  wb.created = DOC_DATE;
  wb.modified = DOC_DATE;
  return wb;
}

function newSheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.properties.defaultRowHeight = 16.5;
  return ws;
}

/** Styles every cell of a rectangle (1-based), merging it when larger than one cell. */
function block(
  ws: ExcelJS.Worksheet,
  row: number,
  col: number,
  h: number,
  w: number,
  value: ExcelJS.CellValue,
  style: Partial<ExcelJS.Style>,
): void {
  for (let r = row; r < row + h; r++) {
    for (let c = col; c < col + w; c++) {
      const cell = ws.getCell(r, c);
      cell.style = { ...style, font: { ...FONT, ...(style.font ?? {}) } };
    }
  }
  if (h > 1 || w > 1) ws.mergeCells(row, col, row + h - 1, col + w - 1);
  if (value !== null && value !== undefined && value !== '') ws.getCell(row, col).value = value;
}

function title(ws: ExcelJS.Worksheet, row: number, fromCol: number, toCol: number, text: string, opts: { bold?: boolean; italic?: boolean; size?: number } = {}): void {
  block(ws, row, fromCol, 1, toCol - fromCol + 1, text, {
    font: { bold: opts.bold ?? true, italic: opts.italic ?? false, size: opts.size ?? 12 },
    alignment: { horizontal: toCol > fromCol ? 'center' : 'left', vertical: 'middle', wrapText: false },
  });
}

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  border: THIN,
};

function headerCell(ws: ExcelJS.Worksheet, row: number, col: number, text: string, h = 1, w = 1): void {
  block(ws, row, col, h, w, text, HEADER_STYLE);
}

type CellKind = 'ordinal' | 'label' | 'count' | 'rate';

function dataCell(ws: ExcelJS.Worksheet, row: number, col: number, value: ExcelJS.CellValue, kind: CellKind, bold = false): void {
  const cell = ws.getCell(row, col);
  const numeric = kind === 'count' || kind === 'rate';
  cell.style = {
    font: { ...FONT, bold },
    border: THIN,
    // Numbers pasted as text keep Excel's default (left) alignment, as they would after a paste.
    alignment:
      numeric && typeof value === 'string'
        ? { vertical: 'middle' }
        : { vertical: 'middle', horizontal: kind === 'label' ? 'left' : numeric ? 'right' : 'center' },
    ...(numeric && typeof value !== 'string' ? { numFmt: kind === 'count' ? FMT_COUNT : FMT_RATE } : {}),
  };
  if (value !== null && value !== undefined && value !== '') cell.value = value;
}

function widths(ws: ExcelJS.Worksheet, w: number[]): void {
  w.forEach((width, i) => (ws.getColumn(i + 1).width = width));
}

// ---------------------------------------------------------------------------
// Writing a seed table
// ---------------------------------------------------------------------------

interface SeedTableOptions {
  headerRow: number; // 1-based row of the first header row
  /** Numbers stored as the typed text ("pasted from Word"). */
  asText?: boolean;
  /** Merge the total label over both label columns when the name cell is empty. */
  mergeTotalLabel?: boolean;
  /** Expected header merges; the derived ones must match (guards the layout). */
  expectMerges: string[];
}

/** Writes header, numbered row and data rows; returns the next free row. */
function writeSeedTable(ws: ExcelJS.Worksheet, t: SeedTable, o: SeedTableOptions): number {
  const rects = headerRects(t.header, t.width);
  const merges = rects
    .filter((x) => x.h > 1 || x.w > 1)
    .map((x) => `${addr(o.headerRow + x.r, x.c + 1)}:${addr(o.headerRow + x.r + x.h - 1, x.c + x.w)}`);
  if (merges.join(' ') !== o.expectMerges.join(' ')) {
    throw new Error(`header merges changed:\n  derived  ${merges.join(' ')}\n  expected ${o.expectMerges.join(' ')}`);
  }
  for (const x of rects) headerCell(ws, o.headerRow + x.r, x.c + 1, x.text, x.h, x.w);
  const rate = columnLabels(rects, t.width).map(isRateLabel);

  let row = o.headerRow + t.header.length;
  if (t.numbered) {
    t.numbered.forEach((text, c) =>
      block(ws, row, c + 1, 1, 1, text, { font: { italic: true }, alignment: { horizontal: 'center' }, border: THIN }),
    );
    row++;
  }
  for (const r of t.rows) {
    const isTotal = !/^\d+$/.test(r[0]) && r.slice(0, 2).some((c) => c !== '');
    // Columns A (ordinal) and B (name).
    if (isTotal && o.mergeTotalLabel && r[1] === '') {
      block(ws, row, 1, 1, 2, r[0], { font: { bold: true }, alignment: { horizontal: 'center', vertical: 'middle' }, border: THIN });
    } else {
      const ord = r[0];
      dataCell(ws, row, 1, /^\d+$/.test(ord) && !o.asText ? Number(ord) : ord, /^\d+$/.test(ord) ? 'ordinal' : 'label', isTotal);
      if (isTotal && ord !== '') ws.getCell(row, 1).alignment = { horizontal: 'center', vertical: 'middle' };
      dataCell(ws, row, 2, r[1], 'label', isTotal);
      if (isTotal && r[1] !== '') ws.getCell(row, 2).alignment = { horizontal: 'center', vertical: 'middle' };
    }
    for (let c = 2; c < t.width; c++) {
      const text = r[c];
      const value: ExcelJS.CellValue = text === '' ? null : o.asText ? text : parseVnNumber(text);
      dataCell(ws, row, c + 1, value, rate[c] ? 'rate' : 'count', isTotal);
    }
    row++;
  }
  return row;
}

// ---------------------------------------------------------------------------
// A) + B) 001 Cam Lộ
// ---------------------------------------------------------------------------

async function makeCamLo(asText: boolean, file: string): Promise<void> {
  const tables = parseSeedTables('001-cam-lo.txt');
  if (tables.length !== 1) throw new Error(`001: expected 1 table, found ${tables.length}`);
  const t = tables[0];
  if (t.header.length !== 3 || !t.numbered || t.rows.length !== 10 || t.width !== 13) {
    throw new Error('001: unexpected table shape');
  }
  const wb = newWorkbook();
  const ws = newSheet(wb, 'Chỉ tiêu GN 2019');
  // The letterhead is not part of the seed's table; it is what the plan's first page carries.
  title(ws, 1, 1, 5, 'ỦY BAN NHÂN DÂN HUYỆN CAM LỘ');
  title(ws, 1, 7, 13, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  title(ws, 2, 7, 13, 'Độc lập - Tự do - Hạnh phúc');
  title(ws, 4, 1, 13, 'CHỈ TIÊU GIẢM NGHÈO CỦA CÁC XÃ, THỊ TRẤN NĂM 2019', { size: 14 });
  title(ws, 5, 1, 13, '(Kèm theo Kế hoạch thực hiện chương trình giảm nghèo năm 2019 của UBND huyện)', { bold: false, italic: true });
  writeSeedTable(ws, t, {
    headerRow: 7,
    asText,
    mergeTotalLabel: true,
    expectMerges: ['A7:A9', 'B7:B9', 'C7:E7', 'F7:I7', 'J7:K7', 'L7:M7', 'C8:C9', 'D8:D9', 'E8:E9', 'F8:G8', 'H8:I8', 'J8:J9', 'K8:K9', 'L8:L9', 'M8:M9'],
  });
  widths(ws, [5, 15, 10, 9.5, 8, 9.5, 8, 9.5, 8, 9.5, 8, 9.5, 8]);
  ws.getRow(7).height = 33;
  ws.getRow(8).height = 33;
  ws.getRow(9).height = 33;
  ws.views = [{ state: 'frozen', ySplit: 10, xSplit: 2 }];
  await wb.xlsx.writeFile(path.join(OUT_DIR, file));
}

// ---------------------------------------------------------------------------
// C) 003 Thịnh Đức
// ---------------------------------------------------------------------------

async function makeThinhDuc(): Promise<void> {
  const tables = parseSeedTables('003-thinh-duc.txt');
  if (tables.length !== 2) throw new Error(`003: expected 2 tables, found ${tables.length}`);
  const [poor, near] = tables;
  for (const t of tables) {
    if (t.titles.length !== 2 || t.header.length !== 2 || t.rows.length !== 13) throw new Error('003: unexpected table shape');
  }
  if (poor.width !== 8 || near.width !== 7) throw new Error('003: unexpected table widths');
  const wb = newWorkbook();
  const ws = newSheet(wb, 'Phân bổ 2022');

  title(ws, 1, 1, 8, poor.titles[0], { size: 13 });
  title(ws, 2, 1, 8, poor.titles[1], { bold: false, italic: true });
  const next = writeSeedTable(ws, poor, {
    headerRow: 4,
    expectMerges: ['A4:A5', 'B4:B5', 'C4:C5', 'D4:H4'],
  });
  if (next !== 19) throw new Error(`003: first table should end at row 18, ends at ${next - 1}`);

  title(ws, 21, 1, 7, near.titles[0], { size: 13 });
  title(ws, 22, 1, 7, near.titles[1], { bold: false, italic: true });
  const end = writeSeedTable(ws, near, {
    headerRow: 24,
    expectMerges: ['A24:A25', 'B24:B25', 'C24:C25', 'D24:G24'],
  });
  if (end !== 39) throw new Error(`003: second table should end at row 38, ends at ${end - 1}`);

  widths(ws, [6, 16, 13, 14, 16, 13, 14, 10]);
  ws.getRow(4).height = 20;
  ws.getRow(5).height = 50;
  ws.getRow(24).height = 20;
  ws.getRow(25).height = 50;
  await wb.xlsx.writeFile(path.join(OUT_DIR, '003-thinh-duc.xlsx'));
}

// ---------------------------------------------------------------------------
// D) 004 Thừa Thiên Huế
// ---------------------------------------------------------------------------

async function makeThuaThienHue(): Promise<void> {
  const tables = parseSeedTables('004-thua-thien-hue.txt');
  if (tables.length !== 1) throw new Error(`004: expected 1 table, found ${tables.length}`);
  const t = tables[0];
  if (t.titles.length !== 3 || t.header.length !== 1 || t.rows.length !== 10 || t.width !== 7) {
    throw new Error('004: unexpected table shape');
  }
  const wb = newWorkbook();
  const ws = newSheet(wb, 'Phụ lục');
  title(ws, 1, 1, 1, t.titles[0]);
  title(ws, 2, 1, 7, t.titles[1], { size: 13 });
  title(ws, 3, 1, 7, t.titles[2], { bold: false, italic: true });
  writeSeedTable(ws, t, { headerRow: 5, expectMerges: [] });
  widths(ws, [6, 22, 14, 12, 16, 16, 13]);
  ws.getRow(5).height = 66;
  await wb.xlsx.writeFile(path.join(OUT_DIR, '004-thua-thien-hue.xlsx'));
}

// ---------------------------------------------------------------------------
// E) clean-formulas: consistent synthetic tables with live formulas
// ---------------------------------------------------------------------------

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

function fcell(ws: ExcelJS.Worksheet, ref: string, formula: string, result: number, kind: 'count' | 'rate', bold = false): void {
  const cell = ws.getCell(ref);
  dataCell(ws, Number(cell.row), Number(cell.col), { formula, result }, kind, bold);
}

function headerRow(ws: ExcelJS.Worksheet, row: number, labels: string[]): void {
  labels.forEach((l, i) => headerCell(ws, row, i + 1, l));
  ws.getRow(row).height = 48;
}

function sheetAnBinh(wb: ExcelJS.Workbook, rnd: () => number): void {
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const ws = newSheet(wb, 'Xã An Bình');
  title(ws, 1, 1, 10, 'KẾ HOẠCH GIẢM HỘ NGHÈO NĂM 2024 CỦA CÁC THÔN, XÃ AN BÌNH', { size: 13 });
  headerRow(ws, 3, COMMUNE_HEADER);
  const names = ['Thôn Đông', 'Thôn Tây', 'Thôn Nam', 'Thôn Bắc', 'Thôn Trung', 'Thôn Phú Xuân', 'Thôn Hòa Bình', 'Thôn Tân Lập'];
  const C: number[] = [], D: number[] = [], E: number[] = [], F: number[] = [], G: number[] = [], I: number[] = [];
  names.forEach((name, i) => {
    const r = 4 + i;
    const households = int(150, 400);
    const poor = int(2, 25);
    const unable = int(0, Math.floor(poor / 2));
    const reduce = int(0, poor - unable);
    const end = poor - reduce;
    const near = int(0, 20);
    C.push(households), D.push(poor), E.push(unable), F.push(reduce), G.push(end), I.push(near);
    dataCell(ws, r, 1, i + 1, 'ordinal');
    dataCell(ws, r, 2, name, 'label');
    dataCell(ws, r, 3, households, 'count');
    dataCell(ws, r, 4, poor, 'count');
    dataCell(ws, r, 5, unable, 'count');
    dataCell(ws, r, 6, reduce, 'count');
    fcell(ws, `G${r}`, `D${r}-F${r}`, end, 'count');
    fcell(ws, `H${r}`, `ROUND(G${r}/C${r}*100,2)`, ratePct(end, households), 'rate');
    dataCell(ws, r, 9, near, 'count');
    fcell(ws, `J${r}`, `ROUND(I${r}/C${r}*100,2)`, ratePct(near, households), 'rate');
  });
  dataCell(ws, 12, 1, null, 'ordinal', true);
  dataCell(ws, 12, 2, 'Tổng cộng', 'label', true);
  const totals: Record<string, number> = { C: sum(C), D: sum(D), E: sum(E), F: sum(F), G: sum(G), I: sum(I) };
  for (const [col, total] of Object.entries(totals)) fcell(ws, `${col}12`, `SUM(${col}4:${col}11)`, total, 'count', true);
  fcell(ws, 'H12', 'ROUND(G12/C12*100,2)', ratePct(totals.G, totals.C), 'rate', true);
  fcell(ws, 'J12', 'ROUND(I12/C12*100,2)', ratePct(totals.I, totals.C), 'rate', true);
  widths(ws, [5, 16, 10, 10, 14, 10, 10, 12, 10, 12]);
}

function sheetHuyen(wb: ExcelJS.Workbook, rnd: () => number): void {
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const ws = newSheet(wb, 'Huyện (nhóm)');
  title(ws, 1, 1, 7, 'TỶ LỆ HỘ NGHÈO, HỘ CẬN NGHÈO THEO KHU VỰC NĂM 2023', { size: 13 });
  headerRow(ws, 2, ['STT', 'Đơn vị', 'Tổng số hộ', 'Hộ nghèo', 'Tỷ lệ hộ nghèo (%)', 'Hộ cận nghèo', 'Tỷ lệ hộ cận nghèo (%)']);
  interface Unit { row: number; ord: number; name: string; h: number; p: number; n: number }
  const unit = (row: number, ord: number, name: string): Unit => {
    const h = int(2000, 9000);
    const p = Math.round(h * (0.01 + rnd() * 0.05));
    const n = Math.round(h * (0.01 + rnd() * 0.05));
    return { row, ord, name, h, p, n };
  };
  const groups = [
    { row: 4, label: 'I', name: 'Thành thị', units: [unit(5, 1, 'Thị trấn Phú Lộc'), unit(6, 2, 'Thị trấn Lăng Cô')] },
    { row: 7, label: 'II', name: 'Nông thôn', units: [unit(8, 1, 'Xã Lộc Sơn'), unit(9, 2, 'Xã Lộc Bổn'), unit(10, 3, 'Xã Vinh Hưng')] },
  ];
  const rates = (r: number, h: number, p: number, n: number, bold: boolean): void => {
    fcell(ws, `E${r}`, `ROUND(D${r}/C${r}*100,2)`, ratePct(p, h), 'rate', bold);
    fcell(ws, `G${r}`, `ROUND(F${r}/C${r}*100,2)`, ratePct(n, h), 'rate', bold);
  };
  let H = 0, P = 0, N = 0;
  for (const g of groups) {
    const first = g.units[0].row;
    const last = g.units[g.units.length - 1].row;
    const gh = sum(g.units.map((u) => u.h)), gp = sum(g.units.map((u) => u.p)), gn = sum(g.units.map((u) => u.n));
    H += gh, P += gp, N += gn;
    dataCell(ws, g.row, 1, g.label, 'ordinal', true);
    dataCell(ws, g.row, 2, g.name, 'label', true);
    fcell(ws, `C${g.row}`, `SUM(C${first}:C${last})`, gh, 'count', true);
    fcell(ws, `D${g.row}`, `SUM(D${first}:D${last})`, gp, 'count', true);
    fcell(ws, `F${g.row}`, `SUM(F${first}:F${last})`, gn, 'count', true);
    rates(g.row, gh, gp, gn, true);
    for (const u of g.units) {
      dataCell(ws, u.row, 1, u.ord, 'ordinal');
      dataCell(ws, u.row, 2, u.name, 'label');
      dataCell(ws, u.row, 3, u.h, 'count');
      dataCell(ws, u.row, 4, u.p, 'count');
      dataCell(ws, u.row, 6, u.n, 'count');
      rates(u.row, u.h, u.p, u.n, false);
    }
  }
  dataCell(ws, 3, 1, null, 'ordinal', true);
  dataCell(ws, 3, 2, 'Toàn huyện', 'label', true);
  fcell(ws, 'C3', 'C4+C7', H, 'count', true);
  fcell(ws, 'D3', 'D4+D7', P, 'count', true);
  fcell(ws, 'F3', 'F4+F7', N, 'count', true);
  rates(3, H, P, N, true);
  widths(ws, [6, 20, 12, 10, 12, 12, 13]);
}

function sheetPhanTo(wb: ExcelJS.Workbook, rnd: () => number): void {
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const between = (lo: number, hi: number): number => lo + rnd() * (hi - lo);
  const ws = newSheet(wb, 'Phân tổ');
  title(ws, 1, 1, 8, 'HỘ NGHÈO, HỘ CẬN NGHÈO PHÂN THEO HỘ VÀ NHÂN KHẨU NĂM 2023', { size: 13 });
  headerRow(ws, 2, ['TT', 'Đơn vị', 'Phân tổ', 'Tổng số', 'Hộ nghèo', 'Tỷ lệ (%)', 'Hộ cận nghèo', 'Tỷ lệ (%)']);
  // Row 3: column numbering, as on official forms; units start at row 4.
  ['A', 'B', 'C', '1', '2', '3', '4', '5'].forEach((t, i) =>
    block(ws, 3, i + 1, 1, 1, t, { font: { italic: true }, alignment: { horizontal: 'center' }, border: THIN }),
  );
  const names = ['Xã Hương Sơn', 'Xã Hương Lộc', 'Xã Thượng Quảng', 'Thị trấn Khe Tre'];
  const series = (r: number, label: string, total: number, poor: number, near: number, bold: boolean): void => {
    dataCell(ws, r, 3, label, 'label', bold);
    dataCell(ws, r, 4, total, 'count', bold);
    dataCell(ws, r, 5, poor, 'count', bold);
    fcell(ws, `F${r}`, `ROUND(E${r}/D${r}*100,2)`, ratePct(poor, total), 'rate', bold);
    dataCell(ws, r, 7, near, 'count', bold);
    fcell(ws, `H${r}`, `ROUND(G${r}/D${r}*100,2)`, ratePct(near, total), 'rate', bold);
  };
  const hh = { total: [] as number[], poor: [] as number[], near: [] as number[] };
  const pp = { total: [] as number[], poor: [] as number[], near: [] as number[] };
  names.forEach((name, i) => {
    const r = 4 + 2 * i;
    const households = int(800, 3000);
    const persons = Math.round(households * between(3.2, 4.1));
    const poorH = Math.round(households * between(0.02, 0.08));
    const poorP = Math.round(poorH * between(3, 5));
    const nearH = Math.round(households * between(0.02, 0.08));
    const nearP = Math.round(nearH * between(3, 5));
    hh.total.push(households), hh.poor.push(poorH), hh.near.push(nearH);
    pp.total.push(persons), pp.poor.push(poorP), pp.near.push(nearP);
    block(ws, r, 1, 2, 1, i + 1, { alignment: { horizontal: 'center', vertical: 'middle' }, border: THIN });
    block(ws, r, 2, 2, 1, name, { alignment: { horizontal: 'left', vertical: 'middle' }, border: THIN });
    series(r, 'Hộ', households, poorH, nearH, false);
    series(r + 1, 'Nhân khẩu', persons, poorP, nearP, false);
  });
  const tr = 4 + 2 * names.length; // 12
  dataCell(ws, tr, 1, null, 'ordinal', true);
  dataCell(ws, tr + 1, 1, null, 'ordinal', true);
  block(ws, tr, 2, 2, 1, 'Tổng cộng', { font: { bold: true }, alignment: { horizontal: 'center', vertical: 'middle' }, border: THIN });
  const rowsOf = (first: number): string[] => names.map((_, i) => String(first + 2 * i));
  const pair = (r: number, label: string, first: number, s: { total: number[]; poor: number[]; near: number[] }): void => {
    dataCell(ws, r, 3, label, 'label', true);
    const refs = rowsOf(first);
    fcell(ws, `D${r}`, refs.map((x) => `D${x}`).join('+'), sum(s.total), 'count', true);
    fcell(ws, `E${r}`, refs.map((x) => `E${x}`).join('+'), sum(s.poor), 'count', true);
    fcell(ws, `F${r}`, `ROUND(E${r}/D${r}*100,2)`, ratePct(sum(s.poor), sum(s.total)), 'rate', true);
    fcell(ws, `G${r}`, refs.map((x) => `G${x}`).join('+'), sum(s.near), 'count', true);
    fcell(ws, `H${r}`, `ROUND(G${r}/D${r}*100,2)`, ratePct(sum(s.near), sum(s.total)), 'rate', true);
  };
  pair(tr, 'Hộ', 4, hh);
  pair(tr + 1, 'Nhân khẩu', 5, pp);
  widths(ws, [5, 18, 11, 10, 10, 10, 12, 10]);
}

function sheetGhiChu(wb: ExcelJS.Workbook): void {
  const ws = newSheet(wb, 'Ghi chú');
  const note = (ref: string, text: string): void => {
    const c = ws.getCell(ref);
    c.value = text;
    c.font = { ...FONT };
  };
  note('A1', 'Số liệu lấy từ kết quả rà soát cuối năm 2023.');
  note('A3', 'Tỷ lệ hộ nghèo, hộ cận nghèo tính trên tổng số hộ, làm tròn 2 chữ số thập phân.');
  note('A4', 'Các số liệu trong tệp này là số liệu mẫu, không phải số liệu thật của địa phương.');
  ws.getColumn(1).width = 90;
}

async function makeCleanFormulas(): Promise<void> {
  const wb = newWorkbook();
  const rnd = prng(20240101);
  sheetAnBinh(wb, rnd);
  sheetHuyen(wb, rnd);
  sheetPhanTo(wb, rnd);
  sheetGhiChu(wb);
  await wb.xlsx.writeFile(path.join(OUT_DIR, 'clean-formulas.xlsx'));
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  await makeCamLo(false, '001-cam-lo.xlsx');
  await makeCamLo(true, '001-cam-lo-pasted.xlsx');
  await makeThinhDuc();
  await makeThuaThienHue();
  await makeCleanFormulas();
  for (const f of ['001-cam-lo.xlsx', '001-cam-lo-pasted.xlsx', '003-thinh-duc.xlsx', '004-thua-thien-hue.xlsx', 'clean-formulas.xlsx']) {
    console.log(`wrote ${path.join(path.relative(ROOT, OUT_DIR) || '.', f)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
