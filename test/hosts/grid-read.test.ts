// The checking reader (src/hosts/xlsx/grid-read.ts) against the ExcelJS-based
// reader it replaced (src/hosts/xlsx/exceljs-read.ts): the same grid, cell for
// cell, on every sample, form and repro workbook, on hand-written XML that
// ExcelJS never writes, and on workbooks fast-check generates and ExcelJS writes.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { Workbook as ExcelWorkbook } from 'exceljs';
import type { Sheet, Workbook } from '../../src/core/grid';
import { HostError } from '../../src/hosts/types';
import { readXlsxGrid } from '../../src/hosts/xlsx/grid-read';
import { readXlsxBufferExcelJS } from '../../src/hosts/xlsx/exceljs-read';
import { inflateInTurns } from '../../src/hosts/xlsx/inflate-turns';
import type { TurnInflater } from '../../src/hosts/xlsx/zip-read';
import { crc32, writeZip } from '../zip-bomb';

const ROOT = path.resolve(__dirname, '..', '..');
const SHARED = path.resolve(ROOT, '..', 'shared');

type Outcome = { wb: Workbook } | { error: string };

async function outcome(read: () => Promise<Workbook>): Promise<Outcome> {
  try {
    return { wb: await read() };
  } catch (e) {
    return { error: e instanceof HostError ? e.code : `not a HostError: ${String(e)}` };
  }
}

/** Strict: same sheets, merges, hidden rows, row lengths, holes where holes are, equal cells. */
function expectSameSheet(a: Sheet, b: Sheet): void {
  expect(a.name).toBe(b.name);
  expect(a.merges).toEqual(b.merges);
  expect(a.hiddenRows).toEqual(b.hiddenRows);
  expect(a.rows.length).toBe(b.rows.length);
  for (let r = 0; r < a.rows.length; r++) {
    const ra = a.rows[r];
    const rb = b.rows[r];
    expect({ row: r, length: ra.length }).toEqual({ row: r, length: rb.length });
    expect({ row: r, keys: Object.keys(ra) }).toEqual({ row: r, keys: Object.keys(rb) });
    for (let c = 0; c < ra.length; c++) expect({ row: r, col: c, cell: ra[c] }).toStrictEqual({ row: r, col: c, cell: rb[c] });
  }
}

/**
 * The CLI's inflater for large entries, here on every deflated entry and in tiny chunks,
 * so that cells and values fall across chunks whose buffers are written again: 5 bytes
 * (no tag fits in one), and 23 (short tags do, their cells do not).
 */
const TINY_TURNS: TurnInflater[] = [5, 23].map((size) => ({ from: 0, inflate: (data: Uint8Array) => inflateInTurns(data, size) }));

async function expectSameGrid(buf: Uint8Array, options?: { sheet?: string }): Promise<Outcome> {
  const now = await outcome(() => readXlsxGrid(buf, options));
  for (const turns of TINY_TURNS) expect(await outcome(() => readXlsxGrid(buf, options, turns))).toEqual(now);
  const before = await outcome(() => readXlsxBufferExcelJS(buf, options));
  if ('error' in before || 'error' in now) {
    expect(now).toEqual(before);
    return now;
  }
  expect(now.wb.sheets.map((s) => s.name)).toEqual(before.wb.sheets.map((s) => s.name));
  for (let i = 0; i < now.wb.sheets.length; i++) expectSameSheet(now.wb.sheets[i], before.wb.sheets[i]);
  return now;
}

function xlsxFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.xlsx'))
    .map((f) => path.join(dir, f));
}

describe('the same grid as the ExcelJS reader on every workbook we keep', () => {
  const files = [...xlsxFiles(path.join(ROOT, 'samples')), ...xlsxFiles(path.join(SHARED, 'forms')), ...xlsxFiles(path.join(SHARED, 'repro'))];

  test('there are workbooks to compare', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  test.each(files.map((f) => [path.relative(path.resolve(ROOT, '..'), f), f]))('%s', async (_name, file) => {
    const out = await expectSameGrid(fs.readFileSync(file));
    expect('wb' in out).toBe(true);
  });

  test('one sheet by name, and an unknown name', async () => {
    const buf = fs.readFileSync(path.join(ROOT, 'samples', '004-thua-thien-hue.xlsx'));
    const all = await readXlsxGrid(buf);
    const last = all.sheets[all.sheets.length - 1].name;
    const one = await expectSameGrid(buf, { sheet: last });
    expect('wb' in one && one.wb.sheets.map((s) => s.name)).toEqual([last]);
    expect(await expectSameGrid(buf, { sheet: 'Không có' })).toEqual({ error: 'no-such-sheet' });
  });
});

// ---------------------------------------------------------------------------
// Hand-written parts: what Excel, LibreOffice and other writers put in files that ExcelJS does not write.

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

interface Parts {
  sheets: string[];
  sharedStrings?: string;
  styles?: string;
  workbookPr?: string;
  deflate?: boolean;
}

function handBuilt(p: Parts): Buffer {
  const files: { name: string; data: string }[] = [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data:
        `<?xml version="1.0"?>\r\n<workbook xmlns="${NS}" xmlns:r="${REL_NS}">${p.workbookPr ?? ''}<sheets>` +
        p.sheets.map((_, i) => `<sheet name="S&amp;${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `<?xml version="1.0"?><Relationships xmlns="${PKG_REL_NS}">` +
        p.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="/xl/worksheets/sheet${i + 1}.xml"/>`).join('') +
        '</Relationships>',
    },
    ...p.sheets.map((xml, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: `<?xml version="1.0"?>\n<worksheet xmlns="${NS}" xmlns:r="${REL_NS}">${xml}</worksheet>` })),
  ];
  if (p.sharedStrings !== undefined) files.push({ name: 'xl/sharedStrings.xml', data: `<?xml version="1.0"?><sst xmlns="${NS}">${p.sharedStrings}</sst>` });
  if (p.styles !== undefined) files.push({ name: 'xl/styles.xml', data: `<?xml version="1.0"?><styleSheet xmlns="${NS}">${p.styles}</styleSheet>` });
  return writeZip(
    files.map((f) => {
      const data = Buffer.from(f.data, 'utf8');
      if (!p.deflate) return { name: f.name, data, declaredSize: data.length };
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const deflated: Buffer = require('zlib').deflateRawSync(data);
      return { name: f.name, deflated, method: 8, declaredSize: data.length, crc: crc32(data) };
    }),
  );
}

const STYLES =
  '<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0\\ &quot;đ&quot;"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/>' +
  '<numFmt numFmtId="166" formatCode="[Red]0.00;&quot;day&quot;"/></numFmts>' +
  '<cellXfs count="8"><xf numFmtId="14"/><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="10"/><xf/><xf numFmtId="22"/></cellXfs>';

const SST =
  '<si><t>Huyện</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Hộ </t></r><r><t>nghèo</t></r></si><si><t/></si><si></si>' +
  '<si><t>a_x000D_b</t><rPh sb="0" eb="1"><t>ガ</t></rPh></si><si><t>1.411</t></si><si><r><t>x</t></r><r><rPr/></r></si>';

const CASES: Record<string, Parts> = {
  'shared and inline strings, rich text, escapes': {
    sharedStrings: SST,
    sheets: [
      '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c>' +
        '<c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>' +
        '<row r="2"><c r="A2" t="inlineStr"><is><t>in &lt;line&gt; &#x1EA1;&#7841;</t></is></c><c r="B2" t="inlineStr"><is><r><t>r1</t></r><r><t>_x0041_</t></r></is></c>' +
        '<c r="C2" t="str"><v>&amp;amp; x</v></c><c r="D2" t="inlineStr"><is><t>line\r\nbreak</t></is></c><c r="E2" t="inlineStr"><is><t><![CDATA[gone]]>kept</t></is></c></row></sheetData>',
    ],
  },
  'numbers, booleans, errors, dates and formats': {
    styles: STYLES,
    sheets: [
      '<sheetData><row r="1"><c r="A1" s="1"><v>12</v></c><c r="B1" s="2"><v>1234567.5</v></c><c r="C1" s="3"><v>45000</v></c><c r="D1" s="4"><v>-3</v></c>' +
        '<c r="E1" s="5"><v>0.125</v></c><c r="F1" s="6"><v>7</v></c><c r="G1" s="7"><v>45000.75</v></c><c r="H1" s="0"><v>45000</v></c><c r="I1" s="99"><v>5</v></c></row>' +
        '<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="e"><v>#N/A</v></c><c r="D2" t="d"><v>2024-01-02</v></c><c r="E2"><v> 1e3 </v></c>' +
        '<c r="F2" s="3"><v>3000000</v></c><c r="G2" s="1"/><c r="H2"/></row></sheetData>',
    ],
  },
  'formulas: shared, array, cached results of every kind, date results': {
    styles: STYLES,
    sheets: [
      '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B4" si="0">A1*2+$A$1+Sheet2!A1</f><v>2</v></c><c r="C1"><f>SUM(A1:A4)</f><v>10</v></c></row>' +
        '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>4</v></c><c r="C2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="D2" t="b"><f>TRUE()</f><v>0</v></c></row>' +
        '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/></c><c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D3" s="3"><f>TODAY()</f><v>45000</v></c></row>' +
        '<row r="4"><c r="A4"><v>4</v></c><c r="B4"><f t="shared" si="1"/><v>9</v></c><c r="C4"><f t="array" ref="C4">SUM(A1:A4*2)</f><v>20</v></c><c r="D4" s="3" t="str"><f>"x"</f><v>x</v></c></row></sheetData>',
    ],
  },
  'merges, hidden rows, rows out of order and repeated, cells without addresses': {
    sheets: [
      '<sheetPr/><dimension ref="A1:D9"/><sheetData>' +
        '<row r="5" hidden="1"><c r="A5"><v>5</v></c></row><row r="1"><c r="A1" t="inlineStr"><is><t>T</t></is></c><c r="B1"><v>9</v></c></row>' +
        '<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row><row r="3"><c r="D3"><v>4</v></c></row>' +
        '<row r="7" hidden="true"/><row r="8" hidden="0"><c r="A8"><v>8</v></c><c r="A8"><v>88</v></c></row></sheetData>' +
        '<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="B3:C4"/></mergeCells><conditionalFormatting sqref="A1"><cfRule type="expression" priority="1"><formula>A1&gt;0</formula></cfRule></conditionalFormatting>',
      '<sheetData/>',
    ],
  },
  '1904 dates and a deflated archive': {
    styles: STYLES,
    workbookPr: '<workbookPr date1904="1"/>',
    deflate: true,
    sheets: ['<sheetData><row r="1"><c r="A1" s="3"><v>1</v></c><c r="B1" s="7"><v>0.5</v></c><c r="C1" s="3"><v>1e9</v></c></row></sheetData>'],
  },
  'comments and processing instructions between cells, pretty printing': {
    sheets: ['<sheetData>\n  <!-- a comment -->\n  <row r="1">\n    <c r="A1"><?pi x?><v>1</v></c>\n    <c r="B1">\n      <v>2</v>\n    </c>\n  </row>\n</sheetData>'],
  },
};

describe('hand-written workbooks', () => {
  test.each(Object.entries(CASES))('%s', async (_name, parts) => {
    const out = await expectSameGrid(handBuilt(parts));
    expect('wb' in out).toBe(true);
  });

  test('malformed XML in a sheet → corrupt for both', async () => {
    for (const bad of ['<sheetData><row r="1"><c r="A1"><v>1</c></row></sheetData>', '<sheetData><row r="1"><c r="A1"><v>&nbsp;</v></c></row></sheetData>']) {
      expect(await expectSameGrid(handBuilt({ sheets: [bad] }))).toEqual({ error: 'corrupt' });
    }
  });

  test('a shared string that does not exist → corrupt for both', async () => {
    const parts = { sharedStrings: '<si><t>a</t></si>', sheets: ['<sheetData><row r="1"><c r="A1" t="s"><v>3</v></c></row></sheetData>'] };
    expect(await expectSameGrid(handBuilt(parts))).toEqual({ error: 'corrupt' });
  });
});

// ---------------------------------------------------------------------------
// Generated workbooks, written by ExcelJS

const FORMATS = [undefined, 'General', '0.00', '#,##0', '0%', 'dd/mm/yyyy', 'mm-dd-yy h:mm', '#,##0\\ "đ"', '[Red]0.0', '"Tổng" 0'];

const textArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('Hộ nghèo', 'Tổng cộng', ' 12 ', '=A1', 'a & b <c> "d"', "it's", '_x000D_', 'line\nbreak', '  ', '#DIV/0!'),
);

const valueArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1e6, max: 1e6 }) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }) },
  { weight: 3, arbitrary: textArb },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom('#N/A', '#REF!', '#VALUE!').map((error) => ({ error })) },
  { weight: 1, arbitrary: fc.date({ min: new Date(Date.UTC(1950, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.array(textArb, { minLength: 1, maxLength: 3 }).map((texts) => ({ richText: texts.map((text) => ({ text })) })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('A1+1', 'SUM(A1:A3)', '"x"&"y"', 'B2>0', '1/0'), fc.option(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.boolean())))
      .map(([formula, result]) => (result === null ? { formula } : { formula, result })),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);

const sheetArb = fc.record({
  cells: fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 6 }), valueArb, fc.constantFrom(...FORMATS)), { maxLength: 40 }),
  merges: fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { maxLength: 3 }),
  hidden: fc.array(fc.integer({ min: 1, max: 14 }), { maxLength: 3 }),
  shared: fc.option(fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 5 }))),
});

type GenSheet = typeof sheetArb extends fc.Arbitrary<infer T> ? T : never;

async function writeGenerated(sheets: GenSheet[]): Promise<Buffer> {
  const wb = new ExcelWorkbook();
  sheets.forEach((s, i) => {
    const ws = wb.addWorksheet(i === 0 ? 'Phân bổ' : `Sheet ${i + 1}`);
    for (const [r, c, v, fmt] of s.cells) {
      const cell = ws.getCell(r, c);
      cell.value = v as never;
      if (fmt) cell.numFmt = fmt;
    }
    if (s.shared) {
      const [top, n] = s.shared;
      ws.fillFormula(`H${top}:H${top + n - 1}`, `G${top}*2+$A$1`, (row: number) => row * 2);
    }
    const taken = new Set<string>();
    for (const [r, c, h, w] of s.merges) {
      const keys: string[] = [];
      for (let y = r; y <= r + h; y++) for (let x = c; x <= c + w; x++) keys.push(`${y},${x}`);
      if (keys.some((k) => taken.has(k)) || (h === 0 && w === 0)) continue;
      keys.forEach((k) => taken.add(k));
      ws.mergeCells(r, c, r + h, c + w);
    }
    for (const r of s.hidden) ws.getRow(r).hidden = true;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('generated workbooks: the same grid, cell for cell', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(sheetArb, { minLength: 1, maxLength: 3 }), async (sheets) => {
      const buf = await writeGenerated(sheets);
      const out = await expectSameGrid(buf);
      expect('wb' in out).toBe(true);
    }),
    { numRuns: 60 },
  );
}, 120_000);
