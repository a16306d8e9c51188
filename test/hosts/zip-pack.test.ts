// The zip packer shared by the command line and the page (zip-pack.ts), and
// the chart added with it to a zip ExcelJS wrote (chart.ts): read back with
// the project's reader, with JSZip checking every CRC, and with ExcelJS; both
// with Node's zlib and the page's way (CompressionStream, DecompressionStream
// and the JavaScript CRC-32, Node's built-ins hidden).
import { randomBytes } from 'crypto';
import * as zlib from 'zlib';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as builtins from '../../src/hosts/xlsx/node-builtin';
import { crc32, crc32Js, packEntry, packZip, webDeflateRaw } from '../../src/hosts/xlsx/zip-pack';
import { type ZipEntryInfo, readZipDirectory } from '../../src/hosts/xlsx/sniff';
import { entryBytes, entryString } from '../../src/hosts/xlsx/zip-read';
import { addBarChart, type BarChartSpec } from '../../src/hosts/xlsx/chart';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';
import { cellAt } from '../../src/core/grid';

/** The CRC-32 an entry's local header states. */
function localCrc(zip: Uint8Array, e: ZipEntryInfo): number {
  return new DataView(zip.buffer, zip.byteOffset, zip.byteLength).getUint32(e.localOffset + 14, true);
}

/** Runs `f` as the page would: no Node built-ins, so the web's streams and crc32Js. */
async function asInPage<T>(f: () => Promise<T>): Promise<T> {
  const spy = jest.spyOn(builtins, 'nodeBuiltin').mockReturnValue(undefined);
  try {
    const out = await f();
    expect(spy).toHaveBeenCalledWith('zlib');
    return out;
  } finally {
    spy.mockRestore();
  }
}

describe('CRC-32', () => {
  test('the JavaScript one: the standard check value, and zlib.crc32 on random bytes', () => {
    expect(crc32Js(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32Js(new Uint8Array(0))).toBe(0);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 5000 }), (b) => crc32Js(b) === zlib.crc32(b)), { numRuns: 300 });
    const big = randomBytes(3 << 20);
    expect(crc32Js(big)).toBe(zlib.crc32(big));
  });

  test('crc32 gives the same with Node and in the page', async () => {
    const b = randomBytes(10_000);
    expect(crc32(b)).toBe(zlib.crc32(b));
    expect(await asInPage(async () => crc32(b))).toBe(zlib.crc32(b));
  });
});

test("CompressionStream's raw deflate inflates back with zlib", async () => {
  const xml = Buffer.from('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'.repeat(20_000));
  for (const b of [new Uint8Array(0), Buffer.from('Hà Nội'), xml, randomBytes(200_000)]) {
    const packed = await webDeflateRaw(b);
    expect(Buffer.from(zlib.inflateRawSync(packed)).equals(Buffer.from(b))).toBe(true);
  }
  expect((await webDeflateRaw(xml)).length).toBeLessThan(xml.length / 20);
});

describe('packZip', () => {
  const WHEN = new Date(2026, 0, 2, 3, 4, 6);
  const FILES: [string, Uint8Array][] = [
    ['[Content_Types].xml', Buffer.from('<Types/>')],
    ['xl/worksheets/sheet1.xml', Buffer.from(`<worksheet>${'<row/>'.repeat(5000)}</worksheet>`)],
    ['xl/tệp có dấu.xml', Buffer.from('<t>Thừa Thiên Huế</t>'.repeat(10))],
    ['xl/media/empty.bin', new Uint8Array(0)],
    ['xl/media/noise.bin', randomBytes(70_000)],
  ];

  async function roundTrip(zip: Uint8Array) {
    // Small parts stored, the rest deflated.
    const dir = readZipDirectory(zip);
    expect(dir.map((e) => [Buffer.from(e.name, 'latin1').toString('utf8'), e.method])).toEqual([
      ['[Content_Types].xml', 0],
      ['xl/worksheets/sheet1.xml', 8],
      ['xl/tệp có dấu.xml', 8],
      ['xl/media/empty.bin', 0],
      ['xl/media/noise.bin', 8],
    ]);
    // The project's reader: every entry's bytes and declared CRC.
    for (const [i, e] of dir.entries()) {
      const raw = entryBytes(zip, e);
      const bytes = e.method === 8 ? zlib.inflateRawSync(raw) : raw;
      expect(Buffer.from(bytes).equals(Buffer.from(FILES[i][1]))).toBe(true);
      expect(localCrc(zip, e)).toBe(zlib.crc32(FILES[i][1]));
    }
    expect(await entryString(zip, dir[2])).toBe('<t>Thừa Thiên Huế</t>'.repeat(10));
    // JSZip, checking every CRC: names (UTF-8 flagged), contents, the date.
    const j = await JSZip.loadAsync(zip, { checkCRC32: true });
    expect(Object.keys(j.files)).toEqual(FILES.map(([n]) => n));
    for (const [name, bytes] of FILES) expect(Buffer.from(await j.file(name)!.async('uint8array')).equals(Buffer.from(bytes))).toBe(true);
    expect(j.file('xl/media/empty.bin')!.date.getTime()).toBe(new Date(Date.UTC(2026, 0, 2, 3, 4, 6)).getTime());
  }

  test("with Node's zlib", async () => {
    await roundTrip(await packZip(FILES.map(([n, b]) => packEntry(n, b, 6)), WHEN));
  });

  test('in the page (CompressionStream, crc32Js)', async () => {
    await roundTrip(await asInPage(() => packZip(FILES.map(([n, b]) => packEntry(n, b, 6)), WHEN)));
  });

  test('an entry already compressed is copied as given', async () => {
    const text = Buffer.from('<sst/>'.repeat(1000));
    const deflated = zlib.deflateRawSync(text);
    const zip = await packZip([{ name: Buffer.from('xl/sharedStrings.xml'), crc: zlib.crc32(text), size: text.length, method: 8, data: deflated }], WHEN);
    const [e] = readZipDirectory(zip);
    expect(Buffer.from(entryBytes(zip, e)).equals(deflated)).toBe(true);
    expect(await (await JSZip.loadAsync(zip, { checkCRC32: true })).file('xl/sharedStrings.xml')!.async('string')).toBe(text.toString());
  });
});

describe("addBarChart on the zip ExcelJS's own writer made (the page's download)", () => {
  const SHEET = 'Phụ lục';
  const NAMES = ['Huyện A Lưới', 'Thành phố Huế', 'Thị xã Hương Trà'];
  const SPEC: BarChartSpec = {
    sheet: SHEET,
    title: 'Tỷ lệ hộ nghèo',
    categoriesRef: '$A$2:$A$4',
    categories: NAMES,
    series: [{ name: '2024', nameRef: '$B$1', ref: '$B$2:$B$4', values: [15.83, 0.56, 2.1] }],
    numFmt: '0.00',
    from: { col: 4, row: 1 },
    to: { col: 12, row: 19 },
  };

  async function excelJsZip(): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Bìa').getCell('A1').value = 'Bìa';
    const ws = wb.addWorksheet(SHEET);
    ws.addRow(['Đơn vị', '2024']);
    NAMES.forEach((n, i) => ws.addRow([n, SPEC.series[0].values[i]]));
    // A note: the sheet already has relationships (comments, VML) and a <legacyDrawing> the drawing goes before.
    ws.getCell('A1').note = 'Ghi chú';
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  test.each(['Node', 'the page'])('with %s: the chart parts added, every other part copied byte for byte; JSZip, ExcelJS and the reader read it', async (where) => {
    const src = await excelJsZip();
    const out = where === 'Node' ? await addBarChart(src, SPEC) : await asInPage(() => addBarChart(src, SPEC));
    const before = readZipDirectory(src);
    const after = readZipDirectory(out);
    // JSZip's folder entries are left out; new parts come last.
    const parts = before.filter((e) => !e.name.endsWith('/'));
    expect(before.length).toBeGreaterThan(parts.length);
    expect(after.map((e) => e.name)).toEqual([
      ...parts.map((e) => e.name),
      'xl/charts/chart1.xml',
      'xl/drawings/drawing1.xml',
      'xl/drawings/_rels/drawing1.xml.rels',
    ]);
    const changed = ['[Content_Types].xml', 'xl/worksheets/sheet2.xml', 'xl/worksheets/_rels/sheet2.xml.rels'];
    for (const e of parts) {
      const a = after.find((x) => x.name === e.name)!;
      if (changed.includes(e.name)) continue;
      expect([e.name, Buffer.from(entryBytes(out, a)).equals(Buffer.from(entryBytes(src, e))), localCrc(out, a)]).toEqual([e.name, true, localCrc(src, e)]);
    }

    const j = await JSZip.loadAsync(out, { checkCRC32: true });
    const text = (name: string) => j.file(name)!.async('string');
    expect(await text('xl/charts/chart1.xml')).toContain(`<c:f>'${SHEET}'!$B$2:$B$4</c:f>`);
    const sheet = await text('xl/worksheets/sheet2.xml');
    expect(sheet.indexOf('<drawing r:id="rId3"/>')).toBeGreaterThan(0);
    expect(sheet.indexOf('<drawing r:id="rId3"/>')).toBeLessThan(sheet.indexOf('<legacyDrawing'));
    const rels = await text('xl/worksheets/_rels/sheet2.xml.rels');
    expect(rels.match(/<Relationship /g)).toHaveLength(3);
    expect(rels).toContain('Target="../drawings/drawing1.xml"');
    expect(rels).toContain('Target="../comments2.xml"');
    const types = await text('[Content_Types].xml');
    expect(types).toContain('<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>');
    expect(types).toContain('<Override PartName="/xl/drawings/drawing1.xml"');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.getWorksheet(SHEET)!;
    expect([ws.getCell('A3').value, ws.getCell('B2').value, ws.getCell('A1').note]).toEqual(['Thành phố Huế', 15.83, 'Ghi chú']);

    const grid = await readXlsxBuffer(out);
    expect(grid.sheets.map((s) => s.name)).toEqual(['Bìa', SHEET]);
    expect(cellAt(grid.sheets[1], 3, 1).value).toEqual({ kind: 'number', value: 2.1 });
  });

  test('a part whose local header leaves its CRC to a data descriptor is packed again, with its CRC', async () => {
    const src = await excelJsZip();
    const styles = readZipDirectory(src).find((e) => e.name === 'xl/styles.xml')!;
    const v = new DataView(src.buffer, src.byteOffset, src.byteLength);
    v.setUint16(styles.localOffset + 6, v.getUint16(styles.localOffset + 6, true) | 8, true);
    v.setUint32(styles.localOffset + 14, 0, true);
    const out = await addBarChart(src, SPEC);
    const again = readZipDirectory(out).find((e) => e.name === 'xl/styles.xml')!;
    const text = await entryString(src, styles);
    expect(localCrc(out, again)).toBe(zlib.crc32(Buffer.from(text)));
    expect(await (await JSZip.loadAsync(out, { checkCRC32: true })).file('xl/styles.xml')!.async('string')).toBe(text);
  });

  test('a sheet that already has a drawing, or is not there, is refused', async () => {
    const once = await addBarChart(await excelJsZip(), SPEC);
    await expect(addBarChart(once, SPEC)).rejects.toThrow(/already has a drawing/);
    await expect(addBarChart(once, { ...SPEC, sheet: 'Khác' })).rejects.toThrow(/no sheet named Khác/);
  });
});
