// The proof of `allocate` and `appendix`: LibreOffice, an engine independent
// of PovCheck, recalculates the written files. Before it does, every cached
// formula result in them is overwritten with 0, so the numbers read back can
// only come from LibreOffice evaluating PovCheck's formulas; they must be the
// numbers PovCheck planned (seed 001's allocation, seed 004's totals), the
// recalculated sheets must check clean, and the chart must survive a re-save.
// Needs `soffice`; without it these tests fail, they are never skipped.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { main } from '../src/cli/main';
import type { AllocateResult } from '../src/cli/allocate';
import { checkWorkbook } from '../src/core/engine';
import { type Sheet, type Workbook, a1 } from '../src/core/grid';
import { readXlsxFile } from '../src/hosts/xlsx';
import { LO_TIMEOUT, makeProfile, recalc, soffice } from './libreoffice';
import { writeSeed004Districts } from './seed004-districts';

const ROOT = path.resolve(__dirname, '..');
const NOW = new Date(2026, 10, 21, 10, 0, 0);
const ALLOC_SHEET = 'Chỉ tiêu GN 2019 – phân bổ';

let tmp: string;
let allocation: { result: AllocateResult; ours: Workbook; lo: Workbook; zeroed: number };
let appendix: { ours: Workbook; lo: Workbook; zeroed: number; loZip: JSZip };

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, color: false, now: () => NOW });
  return { code, out: out.join(''), err: err.join('') };
}

/** Copies an .xlsx with every cached formula result set to 0; returns how many were changed. */
async function zeroCachedResults(src: string, dst: string): Promise<number> {
  const zip = await JSZip.loadAsync(fs.readFileSync(src));
  let n = 0;
  for (const name of Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f))) {
    const xml = await zip.file(name)!.async('string');
    // A formula cell keeps its formula; its cached value (and any string type) becomes the number 0.
    const out = xml.replace(/<c ([^>]*?)(?: t="[^"]*")?([^>]*)><f>([^<]*)<\/f><v>[^<]*<\/v><\/c>/g, (_m, a: string, b: string, f: string) => {
      n++;
      return `<c ${a}${b}><f>${f}</f><v>0</v></c>`;
    });
    zip.file(name, out);
  }
  fs.writeFileSync(dst, await zip.generateAsync({ type: 'nodebuffer' }));
  return n;
}

const sheetOf = (wb: Workbook, name: string): Sheet => {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name} in ${wb.sheets.map((x) => x.name).join(', ')}`);
  return s;
};

/** Every formula cell of `ours` with the number PovCheck stored, and the number LibreOffice computed there. */
function formulaPairs(ours: Sheet, lo: Sheet): { ref: string; formula: string; planned: unknown; lo: unknown }[] {
  const out: { ref: string; formula: string; planned: unknown; lo: unknown }[] = [];
  ours.rows.forEach((row, r) =>
    row.forEach((c, col) => {
      if (!c?.formula) return;
      const v = (x: typeof c | undefined) => (x && x.value.kind === 'number' ? x.value.value : x?.value.kind);
      out.push({ ref: a1(r, col), formula: c.formula, planned: v(c), lo: v(lo.rows[r]?.[col]) });
    }),
  );
  return out;
}

const valueAt = (s: Sheet, ref: string) => {
  const m = /^([A-Z])(\d+)$/.exec(ref)!;
  const c = s.rows[Number(m[2]) - 1]?.[m[1].charCodeAt(0) - 65];
  return c && c.value.kind !== 'empty' && 'value' in c.value ? c.value.value : undefined;
};

beforeAll(async () => {
  soffice(); // fail first, and clearly, when LibreOffice is missing
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-alloc-lo-'));
  const profile = makeProfile(path.join(tmp, `lo-profile-${process.pid}`));

  const allocOut = path.join(tmp, 'allocation.xlsx');
  const a = await run(['allocate', path.join(ROOT, 'samples', '001-cam-lo.xlsx'), '--target-households', '82', '--new-poor', '35', '-o', allocOut, '--json']);
  if (a.code !== 0) throw new Error(`allocate: ${a.code} ${a.err}`);
  const districts = await writeSeed004Districts(path.join(tmp, 'hue'));
  const appOut = path.join(tmp, 'appendix.xlsx');
  const b = await run(['appendix', ...districts, '-o', appOut]);
  if (b.code !== 0) throw new Error(`appendix: ${b.code} ${b.err}`);

  const zeroDir = path.join(tmp, 'zeroed');
  fs.mkdirSync(zeroDir);
  const za = await zeroCachedResults(allocOut, path.join(zeroDir, 'allocation.xlsx'));
  const zb = await zeroCachedResults(appOut, path.join(zeroDir, 'appendix.xlsx'));
  await recalc(profile, [path.join(zeroDir, 'allocation.xlsx'), path.join(zeroDir, 'appendix.xlsx')], path.join(tmp, 'lo'));
  allocation = { result: JSON.parse(a.out) as AllocateResult, ours: await readXlsxFile(allocOut), lo: await readXlsxFile(path.join(tmp, 'lo', 'allocation.xlsx')), zeroed: za };
  appendix = {
    ours: await readXlsxFile(appOut),
    lo: await readXlsxFile(path.join(tmp, 'lo', 'appendix.xlsx')),
    zeroed: zb,
    loZip: await JSZip.loadAsync(fs.readFileSync(path.join(tmp, 'lo', 'appendix.xlsx'))),
  };
}, LO_TIMEOUT + 60_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('allocate, recalculated by LibreOffice', () => {
  test('every formula of the allocation sheet evaluates to the number PovCheck planned', () => {
    const pairs = formulaPairs(sheetOf(allocation.ours, ALLOC_SHEET), sheetOf(allocation.lo, ALLOC_SHEET));
    // 9 units × (start rate, basis, end, end rate) + totals.
    expect(pairs.length).toBeGreaterThanOrEqual(9 * 4 + 8);
    expect(allocation.zeroed).toBeGreaterThanOrEqual(pairs.length);
    for (const p of pairs) {
      expect(typeof p.planned).toBe('number');
      expect({ ref: p.ref, formula: p.formula, value: p.lo }).toEqual({ ref: p.ref, formula: p.formula, value: p.planned });
    }
  });

  test("seed 001's numbers come out of LibreOffice: the reductions, 527 poor and 3,60 % at the end", () => {
    const s = sheetOf(allocation.lo, ALLOC_SHEET);
    expect([5, 6, 7, 8, 9, 10, 11, 12, 13].map((r) => valueAt(s, `I${r}`))).toEqual([14, 16, 13, 5, 14, 7, 4, 7, 2]);
    expect([valueAt(s, 'I14'), valueAt(s, 'J14'), valueAt(s, 'K14')]).toEqual([82, 527, 3.6]);
    expect(valueAt(s, 'J5')).toBe(126);
    expect(allocation.result.units.map((u) => u.end)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13].map((r) => valueAt(s, `J${r}`)));
  });

  test('the recalculated allocation sheet checks clean, and the source sheet is still there', () => {
    const issues = checkWorkbook({ sheets: [sheetOf(allocation.lo, ALLOC_SHEET)] }).issues;
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(allocation.lo.sheets.map((s) => s.name)).toEqual(['Chỉ tiêu GN 2019', ALLOC_SHEET]);
  });
});

describe('appendix, recalculated by LibreOffice', () => {
  test('every formula evaluates to the number PovCheck planned', () => {
    const pairs = formulaPairs(sheetOf(appendix.ours, 'Phụ lục'), sheetOf(appendix.lo, 'Phụ lục'));
    // 9 units × (rate 2023, remaining, rate 2024) + 7 totals + 18 chart cells.
    expect(pairs.length).toBeGreaterThanOrEqual(27 + 7 + 18);
    expect(appendix.zeroed).toBeGreaterThanOrEqual(pairs.length);
    for (const p of pairs) expect({ ref: p.ref, formula: p.formula, value: p.lo }).toEqual({ ref: p.ref, formula: p.formula, value: p.planned });
  });

  test("seed 004's totals: 7.540 → 5.945 poor, 2,27 % → 1,76 %", () => {
    const s = sheetOf(appendix.lo, 'Phụ lục');
    expect([valueAt(s, 'B5'), valueAt(s, 'E5'), valueAt(s, 'F5'), valueAt(s, 'G5'), valueAt(s, 'H5'), valueAt(s, 'I5')]).toEqual(['Toàn tỉnh', 7540, 2.27, 1595, 5945, 1.76]);
    // A Lưới, the last unit: 3.485 poor at 24,40 % → 2.289 at 15,83 %.
    expect([valueAt(s, 'B14'), valueAt(s, 'E14'), valueAt(s, 'F14'), valueAt(s, 'H14'), valueAt(s, 'I14')]).toEqual(['Huyện A Lưới', 3485, 24.4, 2289, 15.83]);
  });

  test('the recalculated appendix checks clean', () => {
    const issues = checkWorkbook({ sheets: [sheetOf(appendix.lo, 'Phụ lục')] }).issues;
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  test('the chart survives LibreOffice: re-saved as a clustered bar chart with both series over the sorted range', async () => {
    const charts = Object.keys(appendix.loZip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    expect(charts).toHaveLength(1);
    const xml = await appendix.loZip.file(charts[0])!.async('string');
    expect(xml).toMatch(/<c:barChart>\s*<c:barDir val="bar"\/>\s*<c:grouping val="clustered"\/>/);
    expect(xml.match(/<c:ser>/g)).toHaveLength(2);
    expect(xml).toMatch(/<c:f>(&apos;|')Phụ lục(&apos;|')!\$B\$18:\$B\$26<\/c:f>/);
    expect(xml).toMatch(/<c:f>(&apos;|')Phụ lục(&apos;|')!\$D\$18:\$D\$26<\/c:f>/);
    // The sorted range itself, recalculated: 2024 rates ascending, A Lưới last.
    const s = sheetOf(appendix.lo, 'Phụ lục');
    const rates = Array.from({ length: 9 }, (_, i) => valueAt(s, `D${18 + i}`) as number);
    expect(rates).toEqual([...rates].sort((x, y) => x - y));
    expect([valueAt(s, 'B26'), rates[8]]).toEqual(['Huyện A Lưới', 15.83]);
  });
});
