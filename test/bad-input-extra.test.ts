// Bad inputs of docs/bad-input.md that no other test took through the
// command line: what the user sees for a password-protected file, zip bombs
// (sizes declared honestly, and sizes that lie), a protected sheet, an empty
// workbook, and markup in a cell. lib/ is built by `pretest`.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { COMMUNE_HEADER } from './helpers';
import { lyingBomb } from './zip-bomb';
import { ROOT, BIN, expectNoStack, run as runWith } from './cli-run';

// Colour codes off: messages are matched as plain text.
const run = (args: string[]) => runWith(args, { NO_COLOR: '1' });


/** Exit 2, one line on stderr in each language, and a JSON error document with `code`. */
async function expectRefused(file: string, code: string, vi: RegExp, en: RegExp): Promise<void> {
  const r = await run(['check', file]);
  expect([r.code, r.stderr.trim().split('\n').length]).toEqual([2, 1]);
  expect(r.stderr).toMatch(vi);
  expectNoStack(r.stderr + r.stdout);
  const e = await run(['check', file, '--lang', 'en']);
  expect(e.code).toBe(2);
  expect(e.stderr).toMatch(en);
  const j = await run(['check', '--json', file]);
  expect(j.code).toBe(2);
  expect(JSON.parse(j.stdout).error.code).toBe(code);
}

let tmp: string;
const T = (f: string) => path.join(tmp, f);

/** The same OLE2 shape Excel gives a workbook saved with a password (an EncryptionInfo stream). */
function encryptedWorkbook(): Buffer {
  const head = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  return Buffer.concat([head, Buffer.alloc(504), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(64)]);
}

/** Rewrites the uncompressed size an entry declares, in its local header and in the central directory. */
function declareSize(zip: Buffer, entry: string, size: number): Buffer {
  const name = Buffer.from(entry);
  const out = Buffer.from(zip);
  let found = 0;
  for (let p = 0; p + 46 < out.length; p++) {
    const sig = out.readUInt32LE(p);
    if (sig === 0x04034b50 && out.subarray(p + 30, p + 30 + name.length).equals(name)) {
      out.writeUInt32LE(size, p + 22);
      found++;
    } else if (sig === 0x02014b50 && out.subarray(p + 46, p + 46 + name.length).equals(name)) {
      out.writeUInt32LE(size, p + 24);
      found++;
    }
  }
  if (found !== 2) throw new Error(`${entry}: found ${found} headers`);
  return out;
}

/** A real .xlsx whose first sheet is padded with `mb` MiB of spaces, stored deflated (about 1,000 : 1). */
async function paddedWorkbook(mb: number): Promise<{ zip: Buffer; entry: string }> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Xã').addRow(COMMUNE_HEADER);
  const JSZip = (await import('jszip')).default; // ExcelJS's own zip library
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  const entry = Object.keys(zip.files).find((n) => /worksheets\/sheet1\.xml$/.test(n))!;
  const xml = await zip.file(entry)!.async('string');
  const at = xml.indexOf('<sheetData');
  zip.file(entry, Buffer.concat([Buffer.from(xml.slice(0, at)), Buffer.alloc(mb * 1024 * 1024, 0x20), Buffer.from(xml.slice(at))]));
  const out = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  return { zip: out, entry };
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-bad-'));
  fs.writeFileSync(T('mat-khau.xlsx'), encryptedWorkbook());

  // Honest bomb: the sizes it declares add up to more than the limit, refused before inflating anything.
  const honest = await paddedWorkbook(4);
  fs.writeFileSync(T('bom.xlsx'), declareSize(honest.zip, honest.entry, 0xf0000000));
  // Lying bombs: 64 MiB of XML declared as 4 KiB (zipped by JSZip), and 1.5 GiB
  // declared as 4 KiB in a 1.5 MB file (deflate pieces put together by hand).
  const lying = await paddedWorkbook(64);
  fs.writeFileSync(T('bom-noi-doi.xlsx'), declareSize(lying.zip, lying.entry, 4096));
  fs.writeFileSync(T('bom-1500.xlsx'), await lyingBomb(COMMUNE_HEADER, 1500));

  const prot = new ExcelJS.Workbook();
  const ws = prot.addWorksheet('Xã');
  ws.addRow(COMMUNE_HEADER);
  ws.addRow([1, 'Thôn 1', 100, 10, 2, 3, 7, 7, 5, 5]);
  ws.addRow([2, 'Thôn 2', 200, 10, 2, 3, 7, 3.5, 5, 2.5]);
  ws.addRow([null, 'Tổng cộng', 400, 20, 4, 6, 14, 3.5, 10, 2.5]); // households total 100 too many
  await ws.protect('matkhau', {});
  await prot.xlsx.writeFile(T('trang-bao-ve.xlsx'));

  await new ExcelJS.Workbook().xlsx.writeFile(T('rong.xlsx'));

  const html = new ExcelJS.Workbook();
  const hs = html.addWorksheet('Xã');
  hs.addRow(COMMUNE_HEADER);
  hs.addRow([1, '<img src=x onerror=alert(1)><script>alert(2)</script>', 100, 10, 2, 3, 7, 9, 5, 5]);
  hs.addRow([null, 'Tổng cộng', 100, 10, 2, 3, 7, 7, 5, 5]);
  await html.xlsx.writeFile(T('html.xlsx'));
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('a password-protected workbook: exit 2, says to remove the password', async () => {
  await expectRefused(T('mat-khau.xlsx'), 'encrypted', /mat-khau\.xlsx có mật khẩu\. Hãy bỏ mật khẩu/, /is password-protected/);
});

test('a zip bomb declaring 3.75 GiB: exit 2, too large, refused before inflating', async () => {
  await expectRefused(T('bom.xlsx'), 'too-large', /bom\.xlsx quá lớn \(hoặc nén bất thường\)/, /too large \(or unusually compressed\)/);
});

test('a zip bomb that under-declares its size: exit 2, too large, caught while inflating with a cap', async () => {
  const file = T('bom-noi-doi.xlsx');
  expect(fs.statSync(file).size).toBeLessThan(1024 * 1024); // 64 MiB of XML in well under 1 MiB
  await expectRefused(file, 'too-large', /bom-noi-doi\.xlsx quá lớn \(hoặc nén bất thường\)/, /too large \(or unusually compressed\)/);
});

test('a 1.5 MB file inflating to 1.5 GiB that declares 4 KiB: refused as too large in well under 2 s, little memory', async () => {
  const file = T('bom-1500.xlsx');
  expect(fs.statSync(file).size).toBeLessThan(2 * 1024 * 1024);
  // Before the cap: 10.6 s and 1.7 GB of peak memory, then "corrupt".
  const t0 = Date.now();
  const r = await run(['check', file]);
  const elapsed = Date.now() - t0;
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/bom-1500\.xlsx quá lớn \(hoặc nén bất thường\)/);
  expect(elapsed).toBeLessThan(2000); // process start included
  // Peak memory of the whole process, where GNU time is installed.
  if (fs.existsSync('/usr/bin/time')) {
    const rss = await new Promise<number>((resolve, reject) => {
      const child = spawn('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, BIN, 'check', file], { cwd: ROOT });
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.on('error', reject);
      child.on('close', () => resolve(Number(/maxrss=(\d+)/.exec(err)?.[1] ?? NaN) * 1024));
    });
    expect(rss).toBeLessThan(300 * 1024 * 1024);
  }
});

test('a protected sheet in a file is read and checked like any other (protection only stops editing)', async () => {
  const r = await run(['check', '--json', T('trang-bao-ve.xlsx')]);
  expect(r.code).toBe(1);
  const doc = JSON.parse(r.stdout);
  expect(doc.issues.filter((i: { severity: string }) => i.severity === 'error').map((i: { cell: string }) => i.cell)).toEqual(['C4']);
});

test('an empty workbook: exit 0 and one note that there is nothing to check', async () => {
  const r = await run(['check', '--json', T('rong.xlsx')]);
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(doc.issues.map((i: { rule: string; severity: string }) => `${i.rule} ${i.severity}`)).toEqual(['no-table info']);
  const human = await run(['check', T('rong.xlsx')]);
  expect(human.code).toBe(0);
  expect(human.stdout).toMatch(/không có trang tính/);
});

test('markup in a cell is printed as the text it is, and JSON keeps it as a string', async () => {
  const markup = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  const r = await run(['check', T('html.xlsx')]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(markup);
  const doc = JSON.parse((await run(['check', '--json', T('html.xlsx')])).stdout);
  const issue = doc.issues.find((i: { cell: string }) => i.cell === 'H2');
  expect(issue).toMatchObject({ rule: 'rate-mismatch', unit: markup });
});
