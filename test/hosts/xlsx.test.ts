import { mkdtemp, readFile, rm, writeFile, mkdir } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { Workbook as ExcelWorkbook } from 'exceljs';
import { cellAt, type Sheet, type Workbook } from '../../src/core/grid';
import { HostError, type HostErrorCode } from '../../src/hosts/types';
import {
  XlsxFileHost,
  checkZipSizes,
  readXlsxBuffer,
  readXlsxFile,
  readZipDirectory,
  sniffFormat,
} from '../../src/hosts/xlsx';
import { checkInflatedSizes, inflatedSizeFunction, streamInflatedSize } from '../../src/hosts/xlsx/sniff';
import { deflateRawSync } from 'zlib';
import { COMMUNE_HEADER } from '../helpers';
import { crc32, lyingBomb, writeZip } from '../zip-bomb';

// ---------------------------------------------------------------------------
// Fixtures

let dir: string;
let mainPath: string;

async function writeMainFixture(path: string): Promise<void> {
  const wb = new ExcelWorkbook();

  const values = wb.addWorksheet('Số liệu');
  values.getCell('A1').value = 'Huyện';
  values.getCell('A2').value = 1234.5;
  values.getCell('A2').numFmt = '0.00';
  values.getCell('B2').value = 1234567;
  values.getCell('B2').numFmt = '#,##0';
  values.getCell('C2').value = 42;
  values.getCell('A3').value = '1.411';
  values.getCell('B3').value = { richText: [{ text: 'Hộ ' }, { font: { bold: true }, text: 'nghèo' }] };
  values.getCell('C3').value = true;
  values.getCell('D3').value = false;
  values.getCell('A4').value = new Date(Date.UTC(2024, 2, 15));
  values.getCell('B4').value = { error: '#DIV/0!' };
  values.getCell('C4').value = { text: 'Cổng thông tin', hyperlink: 'https://example.com' };
  values.getCell('E6').value = 'far';

  const formulas = wb.addWorksheet('Formulas');
  formulas.getCell('C2').value = 1;
  formulas.getCell('C3').value = 2;
  formulas.getCell('C4').value = 3;
  formulas.getCell('C5').value = { formula: 'SUM(C2:C4)', result: 6 };
  formulas.fillFormula('D2:D4', 'C2*2', [2, 4, 6]);
  formulas.getCell('E2').value = { formula: 'C2-1', result: 0 };
  formulas.getCell('E3').value = { formula: 'C3>5', result: false };
  formulas.getCell('E4').value = { formula: '1/0', result: { error: '#DIV/0!' } };
  formulas.getCell('E5').value = { formula: '"x"&"y"', result: 'xy' };
  formulas.getCell('E6').value = { formula: 'C2+1' } as never;
  formulas.getCell('F2').value = { formula: 'SUM(C2:C4*2)', shareType: 'array', ref: 'F2', result: 12 } as never;
  formulas.getCell('F3').value = { formula: 'C4/C3', result: 1.5 };
  formulas.getCell('F3').numFmt = '0.00%';

  const merges = wb.addWorksheet('Merges');
  merges.getCell('A1').value = 'Tiêu đề';
  merges.mergeCells('A1:C2');
  merges.getCell('D1').value = 'x';
  merges.getCell('B4').value = 7;
  merges.mergeCells('B4:B6');
  merges.getCell('A8').value = 'ẩn';
  merges.getRow(8).hidden = true;
  merges.getCell('A9').value = 'shown';

  wb.addWorksheet('Trống');
  await wb.xlsx.writeFile(path);
}

interface ZipInput {
  name: string;
  data: Uint8Array | string;
  /** 0 stored (default), 8 deflate (data must already be deflated). */
  method?: number;
  /** Lie about the uncompressed size. */
  declaredSize?: number;
}

/** Archives ExcelJS would never write, through the hand-rolled zip writer of test/zip-bomb.ts. */
function buildZip(inputs: ZipInput[]): Buffer {
  return writeZip(
    inputs.map((input) => {
      const data = typeof input.data === 'string' ? Buffer.from(input.data, 'utf8') : Buffer.from(input.data);
      const declaredSize = input.declaredSize ?? data.length;
      const method = input.method ?? 0;
      // Methods other than stored go in as they are, with the CRC of the bytes given.
      return method === 0 ? { name: input.name, data, declaredSize } : { name: input.name, deflated: data, method, declaredSize, crc: crc32(data) };
    }),
  );
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A minimal workbook as Excel writes it: a chart sheet first, then a data sheet whose merged slave cells still hold values. */
function handBuiltXlsx(sheetXml?: string): Buffer {
  const ct =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
    '<Override PartName="/xl/chartsheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml"/>' +
    '</Types>';
  const rootRels =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>` +
    '<sheet name="Biểu đồ" sheetId="1" r:id="rId1"/><sheet name="Data" sheetId="2" r:id="rId2"/></sheets></workbook>';
  const wbRels =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/chartsheet" Target="chartsheets/sheet1.xml"/>` +
    `<Relationship Id="rId2" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
  const chart =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><chartsheet xmlns="${NS}" xmlns:r="${REL_NS}">` +
    '<sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>';
  const sheet =
    sheetXml ??
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${NS}"><sheetData>` +
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Tổng</t></is></c><c r="B1"><v>99</v></c><c r="C1"><v>5</v></c></row>' +
    '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row>' +
    '</sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>';
  return buildZip([
    { name: '[Content_Types].xml', data: ct },
    { name: '_rels/.rels', data: rootRels },
    { name: 'xl/workbook.xml', data: workbook },
    { name: 'xl/_rels/workbook.xml.rels', data: wbRels },
    { name: 'xl/chartsheets/sheet1.xml', data: chart },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ]);
}

function oleHeader(extra: Uint8Array = new Uint8Array(0)): Buffer {
  const head = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  return Buffer.concat([head, Buffer.alloc(504), Buffer.from(extra), Buffer.alloc(64)]);
}

async function expectHostError(p: Promise<unknown>, code: HostErrorCode): Promise<HostError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(HostError);
  expect((caught as HostError).code).toBe(code);
  return caught as HostError;
}

function sheetNamed(wb: Workbook, name: string): Sheet {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name} in ${wb.sheets.map((x) => x.name).join(', ')}`);
  return s;
}

let book: Workbook;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'povcheck-xlsx-'));
  mainPath = join(dir, 'main.xlsx');
  await writeMainFixture(mainPath);
  book = await readXlsxFile(mainPath);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// Values

describe('cell values', () => {
  const s = () => sheetNamed(book, 'Số liệu');

  test('numbers keep their number formats; General is absent', () => {
    expect(cellAt(s(), 1, 0)).toEqual({ value: { kind: 'number', value: 1234.5 }, numFmt: '0.00' });
    expect(cellAt(s(), 1, 1)).toEqual({ value: { kind: 'number', value: 1234567 }, numFmt: '#,##0' });
    expect(cellAt(s(), 1, 2)).toEqual({ value: { kind: 'number', value: 42 } });
  });

  test('text, including a number stored as text, stays text', () => {
    expect(cellAt(s(), 0, 0).value).toEqual({ kind: 'text', value: 'Huyện' });
    expect(cellAt(s(), 2, 0).value).toEqual({ kind: 'text', value: '1.411' });
  });

  test('rich text runs are concatenated', () => {
    expect(cellAt(s(), 2, 1).value).toEqual({ kind: 'text', value: 'Hộ nghèo' });
  });

  test('booleans', () => {
    expect(cellAt(s(), 2, 2).value).toEqual({ kind: 'boolean', value: true });
    expect(cellAt(s(), 2, 3).value).toEqual({ kind: 'boolean', value: false });
  });

  test('dates become ISO text with kind date', () => {
    const c = cellAt(s(), 3, 0);
    expect(c.value).toEqual({ kind: 'date', value: '2024-03-15' });
    expect(c.numFmt).toBeDefined();
  });

  test('error values', () => {
    expect(cellAt(s(), 3, 1).value).toEqual({ kind: 'error', value: '#DIV/0!' });
  });

  test('hyperlinks read as their text', () => {
    expect(cellAt(s(), 3, 2).value).toEqual({ kind: 'text', value: 'Cổng thông tin' });
  });

  test('rows are 0-based with undefined gaps; missing rows are empty arrays', () => {
    const sheet = s();
    expect(sheet.rows).toHaveLength(6);
    expect(sheet.rows[4]).toEqual([]);
    expect(sheet.rows[5][4]?.value).toEqual({ kind: 'text', value: 'far' });
    expect(sheet.rows[5][0]).toBeUndefined();
    expect(sheet.rows[0][1]).toBeUndefined();
    expect(sheet.merges).toEqual([]);
    expect(sheet.hiddenRows).toBeUndefined();
  });
});

describe('formulas', () => {
  const s = () => sheetNamed(book, 'Formulas');

  test('formula text without "=" and the cached result as value', () => {
    expect(cellAt(s(), 4, 2)).toEqual({ value: { kind: 'number', value: 6 }, formula: 'SUM(C2:C4)' });
  });

  test('shared formulas are translated per cell', () => {
    expect(cellAt(s(), 1, 3)).toEqual({ value: { kind: 'number', value: 2 }, formula: 'C2*2' });
    expect(cellAt(s(), 2, 3)).toEqual({ value: { kind: 'number', value: 4 }, formula: 'C3*2' });
    expect(cellAt(s(), 3, 3)).toEqual({ value: { kind: 'number', value: 6 }, formula: 'C4*2' });
  });

  test('falsy cached results (0, false) survive', () => {
    expect(cellAt(s(), 1, 4)).toEqual({ value: { kind: 'number', value: 0 }, formula: 'C2-1' });
    expect(cellAt(s(), 2, 4)).toEqual({ value: { kind: 'boolean', value: false }, formula: 'C3>5' });
  });

  test('error, text and missing cached results', () => {
    expect(cellAt(s(), 3, 4)).toEqual({ value: { kind: 'error', value: '#DIV/0!' }, formula: '1/0' });
    expect(cellAt(s(), 4, 4)).toEqual({ value: { kind: 'text', value: 'xy' }, formula: '"x"&"y"' });
    expect(cellAt(s(), 5, 4)).toEqual({ value: { kind: 'empty' }, formula: 'C2+1' });
  });

  test('array formulas and formula number formats', () => {
    expect(cellAt(s(), 1, 5)).toEqual({ value: { kind: 'number', value: 12 }, formula: 'SUM(C2:C4*2)' });
    expect(cellAt(s(), 2, 5)).toEqual({ value: { kind: 'number', value: 1.5 }, formula: 'C4/C3', numFmt: '0.00%' });
  });
});

describe('merges and hidden rows', () => {
  const s = () => sheetNamed(book, 'Merges');

  test('only the master of a merge carries the value', () => {
    const sheet = s();
    expect(cellAt(sheet, 0, 0).value).toEqual({ kind: 'text', value: 'Tiêu đề' });
    for (const [r, c] of [[0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [4, 1], [5, 1]]) {
      expect(sheet.rows[r]?.[c]).toBeUndefined();
    }
    expect(cellAt(sheet, 0, 3).value).toEqual({ kind: 'text', value: 'x' });
    expect(cellAt(sheet, 3, 1).value).toEqual({ kind: 'number', value: 7 });
  });

  test('merge ranges are 0-based and inclusive', () => {
    expect(s().merges).toEqual([
      { top: 0, left: 0, bottom: 1, right: 2 },
      { top: 3, left: 1, bottom: 5, right: 1 },
    ]);
  });

  test('hidden rows are listed 0-based', () => {
    expect(s().hiddenRows).toEqual([7]);
    expect(cellAt(s(), 7, 0).value).toEqual({ kind: 'text', value: 'ẩn' });
  });

  test('slave cells that still hold values in the file are blanked', async () => {
    const wb = await readXlsxBuffer(handBuiltXlsx());
    const data = sheetNamed(wb, 'Data');
    expect(data.merges).toEqual([{ top: 0, left: 0, bottom: 1, right: 1 }]);
    expect(cellAt(data, 0, 0).value).toEqual({ kind: 'text', value: 'Tổng' });
    expect(data.rows[0][1]).toBeUndefined();
    expect(data.rows[1]?.[0]).toBeUndefined();
    expect(data.rows[1]?.[1]).toBeUndefined();
    expect(cellAt(data, 0, 2).value).toEqual({ kind: 'number', value: 5 });
  });

  test('many merges are read, masters keep their values, covered cells are empty', async () => {
    // ExcelJS applies merges quadratically (~15 s for this many); the host takes them over (speed: npm run bench).
    const n = 15000;
    let rows = '';
    let merges = '';
    for (let i = 0; i < n; i++) {
      rows += `<row r="${2 * i + 1}"><c r="A${2 * i + 1}"><v>${i}</v></c><c r="B${2 * i + 1}"><v>-1</v></c></row>`;
      merges += `<mergeCell ref="A${2 * i + 1}:C${2 * i + 2}"/>`;
    }
    const sheetXml = `<worksheet xmlns="${NS}"><sheetData>${rows}</sheetData><mergeCells count="${n}">${merges}</mergeCells></worksheet>`;
    const buf = handBuiltXlsx(sheetXml);
    const sheet = sheetNamed(await readXlsxBuffer(buf), 'Data');
    expect(sheet.merges).toHaveLength(n);
    expect(sheet.merges[n - 1]).toEqual({ top: 2 * n - 2, left: 0, bottom: 2 * n - 1, right: 2 });
    expect(cellAt(sheet, 2 * n - 2, 0).value).toEqual({ kind: 'number', value: n - 1 });
    expect(sheet.rows[2 * n - 2][1]).toBeUndefined();
  });
});

describe('sheets', () => {
  test('all sheets in workbook order', () => {
    expect(book.sheets.map((s) => s.name)).toEqual(['Số liệu', 'Formulas', 'Merges', 'Trống']);
    expect(sheetNamed(book, 'Trống').rows).toEqual([]);
  });

  test('one sheet by exact name', async () => {
    const wb = await readXlsxFile(mainPath, { sheet: 'Merges' });
    expect(wb.sheets.map((s) => s.name)).toEqual(['Merges']);
    expect(cellAt(wb.sheets[0], 0, 0).value).toEqual({ kind: 'text', value: 'Tiêu đề' });
  });

  test('unknown sheet name lists the sheets', async () => {
    const err = await expectHostError(readXlsxFile(mainPath, { sheet: 'merges' }), 'no-such-sheet');
    expect(err.detail).toBe('Số liệu, Formulas, Merges, Trống');
  });

  test('chart sheets are skipped', async () => {
    const wb = await readXlsxBuffer(handBuiltXlsx());
    expect(wb.sheets.map((s) => s.name)).toEqual(['Data']);
    await expectHostError(readXlsxBuffer(handBuiltXlsx(), { sheet: 'Biểu đồ' }), 'no-such-sheet');
  });

  test('XlsxFileHost reads through the file path', async () => {
    const host = new XlsxFileHost(mainPath);
    const wb = await host.readWorkbook({ sheet: 'Formulas' });
    expect(cellAt(wb.sheets[0], 4, 2).formula).toBe('SUM(C2:C4)');
  });

  test('readXlsxBuffer accepts a plain Uint8Array', async () => {
    const bytes = await readFile(mainPath);
    const plain = new Uint8Array(bytes.byteLength);
    plain.set(bytes);
    const wb = await readXlsxBuffer(plain, { sheet: 'Số liệu' });
    expect(cellAt(wb.sheets[0], 1, 1).value).toEqual({ kind: 'number', value: 1234567 });
  });
});

// ---------------------------------------------------------------------------
// Files that are not (readable) workbooks

describe('errors', () => {
  test('missing file → not-found', async () => {
    const err = await expectHostError(readXlsxFile(join(dir, 'nope.xlsx')), 'not-found');
    expect(err.detail).toContain('nope.xlsx');
  });

  test('a directory → not-found', async () => {
    const sub = join(dir, 'folder.xlsx');
    await mkdir(sub);
    await expectHostError(readXlsxFile(sub), 'not-found');
  });

  test('text file renamed .xlsx → not-xlsx', async () => {
    const p = join(dir, 'notes.xlsx');
    await writeFile(p, '<html><body>Báo cáo</body></html>');
    await expectHostError(readXlsxFile(p), 'not-xlsx');
  });

  test('empty file → not-xlsx', async () => {
    const p = join(dir, 'empty.xlsx');
    await writeFile(p, '');
    await expectHostError(readXlsxFile(p), 'not-xlsx');
  });

  test('truncated xlsx → corrupt', async () => {
    const bytes = await readFile(mainPath);
    const p = join(dir, 'half.xlsx');
    await writeFile(p, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectHostError(readXlsxFile(p), 'corrupt');
  });

  test('zip entry ExcelJS cannot inflate → corrupt with its message', async () => {
    const buf = buildZip([{ name: 'xl/workbook.xml', data: new Uint8Array([0xff, 0xff, 0xff, 0xff]), method: 8 }]);
    const err = await expectHostError(readXlsxBuffer(buf), 'corrupt');
    expect(err.detail.length).toBeGreaterThan(0);
  });

  test('zip that is not a workbook → not-xlsx', async () => {
    const buf = buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]);
    await expectHostError(readXlsxBuffer(buf), 'not-xlsx');
  });

  test('OLE2 with EncryptionInfo → encrypted', async () => {
    const p = join(dir, 'locked.xlsx');
    await writeFile(p, oleHeader(Buffer.from('EncryptionInfo', 'utf16le')));
    await expectHostError(readXlsxFile(p), 'encrypted');
  });

  test('OLE2 without EncryptionInfo → xls', async () => {
    const p = join(dir, 'old.xlsx');
    await writeFile(p, oleHeader(Buffer.from('Workbook', 'utf16le')));
    await expectHostError(readXlsxFile(p), 'xls');
  });

  test('zip declaring 2 GiB uncompressed → too-large', async () => {
    const p = join(dir, 'bomb.xlsx');
    const buf = buildZip([
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(1024), method: 8, declaredSize: 2 * 1024 ** 3 },
    ]);
    await writeFile(p, buf);
    await expectHostError(readXlsxFile(p), 'too-large');
  });

  test('one highly compressed 150 MB entry → too-large', async () => {
    const buf = buildZip([
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/sharedStrings.xml', data: new Uint8Array(1000), method: 8, declaredSize: 150 * 1024 ** 2 },
    ]);
    const err = await expectHostError(readXlsxBuffer(buf), 'too-large');
    expect(err.detail).toContain('xl/sharedStrings.xml');
  });
});

describe('sizes that lie: every entry is inflated with a cap before ExcelJS', () => {
  const MiB = 1024 ** 2;
  let bomb: Buffer;
  beforeAll(async () => {
    // 1.5 MB on disk, 1.5 GiB of sheet XML declared as 4 KiB.
    bomb = await lyingBomb(COMMUNE_HEADER, 1500);
  });

  test('a 1.5 GiB sheet declared as 4 KiB → too-large, fast, without inflating it', async () => {
    expect(bomb.length).toBeLessThan(2 * MiB);
    const rss = process.memoryUsage().rss;
    const t0 = Date.now();
    const err = await expectHostError(readXlsxBuffer(bomb), 'too-large');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(err.detail).toMatch(/xl\/worksheets\/sheet1\.xml inflates past the 4096 bytes it declares/);
    // Inflated in full it would take 1.5 GiB; the cap keeps it at a few KiB.
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * MiB);
  });

  test('Node picks its zlib (the browser bundle picks DecompressionStream)', async () => {
    const f = inflatedSizeFunction();
    expect(f).not.toBeNull();
    expect(await f!(deflateRawSync(Buffer.alloc(10_000, 0x20)), 10_000)).toBe(10_000);
    expect(await f!(deflateRawSync(Buffer.alloc(10_000, 0x20)), 100)).toBeGreaterThan(100);
  });

  test('the DecompressionStream path stops at the cap too, and counts exactly under it', async () => {
    const entries = readZipDirectory(bomb);
    const t0 = Date.now();
    const err = await expectHostError(checkInflatedSizes(bomb, entries, streamInflatedSize), 'too-large');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(err.detail).toContain('sheet1.xml');
    const data = Buffer.alloc(3 * MiB, 0x41);
    expect(await streamInflatedSize(deflateRawSync(data), 3 * MiB)).toBe(3 * MiB);
    await expect(streamInflatedSize(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 100)).rejects.toThrow();
  });

  test('an entry that inflates to less than it declares → corrupt', async () => {
    const buf = buildZip([
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/worksheets/sheet1.xml', data: deflateRawSync(Buffer.from('<worksheet/>')), method: 8, declaredSize: 500 },
    ]);
    const err = await expectHostError(readXlsxBuffer(buf), 'corrupt');
    expect(err.detail).toMatch(/inflates to 12 bytes, declares 500/);
  });

  test('a stored entry whose size differs from the declared one → corrupt', async () => {
    const buf = buildZip([{ name: 'xl/workbook.xml', data: '<workbook/>', declaredSize: 5 }]);
    await expectHostError(readXlsxBuffer(buf), 'corrupt');
  });

  test('an unknown compression method → corrupt', async () => {
    const buf = buildZip([{ name: 'xl/workbook.xml', data: '<workbook/>', method: 9 }]);
    const err = await expectHostError(readXlsxBuffer(buf), 'corrupt');
    expect(err.detail).toMatch(/method 9/);
  });

  test('honest entries pass: ExcelJS output and bytes prepended to the archive', async () => {
    const wb = new ExcelWorkbook();
    wb.addWorksheet('Xã').addRow(COMMUNE_HEADER);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(checkInflatedSizes(buf, readZipDirectory(buf))).resolves.toBeUndefined();
    await expect(checkInflatedSizes(buf, readZipDirectory(buf), streamInflatedSize)).resolves.toBeUndefined();
    const prefixed = Buffer.concat([Buffer.from('#!junk\n'), buf]);
    await expect(checkInflatedSizes(prefixed, readZipDirectory(prefixed))).resolves.toBeUndefined();
  });
});

describe('sniff', () => {
  test('magic bytes', () => {
    expect(sniffFormat(Buffer.from('PK\x03\x04rest', 'latin1'))).toBe('xlsx');
    expect(sniffFormat(oleHeader())).toBe('xls');
    expect(sniffFormat(oleHeader(Buffer.from('EncryptionInfo', 'utf16le')))).toBe('encrypted');
    // ASCII "EncryptionInfo" is not the stream name Excel writes.
    expect(sniffFormat(oleHeader(Buffer.from('EncryptionInfo', 'latin1')))).toBe('xls');
    expect(sniffFormat(Buffer.from('%PDF-1.7'))).toBe('not-xlsx');
    expect(sniffFormat(new Uint8Array(0))).toBe('not-xlsx');
    expect(sniffFormat(Buffer.from('PK\x05\x06', 'latin1'))).toBe('not-xlsx');
  });

  test('central directory lists names and declared sizes', () => {
    const buf = buildZip([
      { name: 'a.xml', data: 'hello' },
      { name: 'b/c.xml', data: new Uint8Array(10), method: 8, declaredSize: 12345 },
    ]);
    expect(readZipDirectory(buf)).toEqual([
      { name: 'a.xml', compressedSize: 5, uncompressedSize: 5, method: 0, localOffset: 0 },
      { name: 'b/c.xml', compressedSize: 10, uncompressedSize: 12345, method: 8, localOffset: 30 + 5 + 5 },
    ]);
  });

  test('central directory found behind an archive comment', () => {
    const zip = buildZip([{ name: 'a.xml', data: 'hi' }]);
    const comment = Buffer.from('made by hand');
    zip.writeUInt16LE(comment.length, zip.length - 2);
    expect(readZipDirectory(Buffer.concat([zip, comment])).map((e) => e.name)).toEqual(['a.xml']);
  });

  test('missing end record → corrupt', () => {
    const zip = buildZip([{ name: 'a.xml', data: 'hi' }]);
    expect(() => readZipDirectory(zip.subarray(0, zip.length - 10))).toThrow(HostError);
    try {
      readZipDirectory(zip.subarray(0, zip.length - 10));
    } catch (e) {
      expect((e as HostError).code).toBe('corrupt');
    }
  });

  test('size limits: ratio alone or size alone is not a bomb', () => {
    const MB = 1024 ** 2;
    expect(() => checkZipSizes([{ name: 'big', compressedSize: 10 * MB, uncompressedSize: 500 * MB }])).not.toThrow();
    expect(() => checkZipSizes([{ name: 'dense', compressedSize: 1000, uncompressedSize: 50 * MB }])).not.toThrow();
    expect(() => checkZipSizes([{ name: 'bomb', compressedSize: 1000, uncompressedSize: 150 * MB }])).toThrow(HostError);
    expect(() =>
      checkZipSizes([
        { name: 'a', compressedSize: 300 * MB, uncompressedSize: 600 * MB },
        { name: 'b', compressedSize: 300 * MB, uncompressedSize: 600 * MB },
      ]),
    ).toThrow(/too-large/);
  });
});
