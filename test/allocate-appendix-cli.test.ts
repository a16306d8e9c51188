// `povcheck allocate` and `povcheck appendix` through main(): seed 001's
// allocation from the sample, seed 004's appendix from per-district
// workbooks, infeasible targets, warnings to confirm, usage and input errors.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { main } from '../src/cli/main';
import type { AllocateResult } from '../src/cli/allocate';
import type { AppendixResult } from '../src/cli/appendix';
import { checkWorkbook } from '../src/core/engine';
import { type Cell, type Sheet, a1 } from '../src/core/grid';
import { readXlsxFile } from '../src/hosts/xlsx';
import { districtRows, writeSeed004Districts, writeTable } from './seed004-districts';

const ROOT = path.resolve(__dirname, '..');
const CAM_LO = path.join(ROOT, 'samples', '001-cam-lo.xlsx');
const NOW = new Date(2026, 10, 21, 10, 0, 0);
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-alloc-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, color: false, now: () => NOW });
  return { code, out: out.join(''), err: err.join('') };
}

function contents(s: Sheet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  s.rows.forEach((row, r) =>
    row.forEach((c: Cell | undefined, col) => {
      if (c && c.value.kind !== 'empty') out[a1(r, col)] = { value: c.value, formula: c.formula };
    }),
  );
  return out;
}

const SEED_001 = [14, 16, 13, 5, 14, 7, 4, 7, 2];

describe('povcheck allocate', () => {
  test("seed 001: 82 households by the able-to-work column reproduce the plan's column; the source sheet is untouched", async () => {
    const out = path.join(tmp, 'cam-lo-82.xlsx');
    const r = await run(['allocate', CAM_LO, '--target-households', '82', '--new-poor', '35', '-o', out, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out) as AllocateResult;
    expect(res.units.map((u) => u.reduction)).toEqual(SEED_001);
    expect(res).toMatchObject({ sheet: 'Chỉ tiêu GN 2019 – phân bổ', source: 'Chỉ tiêu GN 2019', sourceRange: 'A7:M20', basisFrom: 'poor.able', allocated: 82, feasible: true });
    expect(res.target).toMatchObject({ households: 14653, poorStart: 609, reduction: 82, exits: 117, poorEnd: 527, endRate: 3.6, met: true });
    expect(res.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const input = await readXlsxFile(CAM_LO);
    const wb = await readXlsxFile(out);
    expect(wb.sheets.map((s) => s.name)).toEqual(['Chỉ tiêu GN 2019', 'Chỉ tiêu GN 2019 – phân bổ']);
    expect(contents(wb.sheets[0])).toEqual(contents(input.sheets[0]));
    // The written sheet, read back, checks clean.
    expect(checkWorkbook({ sheets: [wb.sheets[1]] }).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  test('the text output shows the target arithmetic and the allocation', async () => {
    const r = await run(['allocate', CAM_LO, '--target-households=82', '--new-poor', '35', '-o', path.join(tmp, 'text.xlsx')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('609 − 82 = 527');
    expect(r.out).toContain('82 + 35 = 117');
    expect(r.out).toMatch(/CAM TUYỀN\s+140\s+14\s+14\s+0\s+14\s+126\s+8,93/);
    expect(r.out).toContain('Đã phân bổ 82 hộ');
  });

  test('running it again on its own output replaces the allocation sheet instead of adding one', async () => {
    const first = path.join(tmp, 'again-1.xlsx');
    const second = path.join(tmp, 'again-2.xlsx');
    expect((await run(['allocate', CAM_LO, '--target-households', '82', '-o', first])).code).toBe(0);
    const r = await run(['allocate', first, '--target-households', '60', '-o', second, '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as AllocateResult).allocated).toBe(60);
    expect((await readXlsxFile(second)).sheets.map((s) => s.name)).toEqual(['Chỉ tiêu GN 2019', 'Chỉ tiêu GN 2019 – phân bổ']);
  });

  test('an infeasible rate target exits 1 and says by how much and which units bind', async () => {
    const out = path.join(tmp, 'infeasible.xlsx');
    const r = await run(['allocate', CAM_LO, '--target-rate', '3,00', '-o', out, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('The target cannot be met');
    expect(r.out).toContain('87 short of the target 169');
    expect(r.out).toContain('CAM CHÍNH');
    expect(fs.existsSync(out)).toBe(true);
  });

  test.each([
    [['allocate', CAM_LO, '-o', 'x.xlsx'], 'Cần chỉ tiêu'],
    [['allocate', CAM_LO, '--target-rate', '1.5', '--target-households', '3', '-o', 'x.xlsx'], 'Cần chỉ tiêu'],
    [['allocate', CAM_LO, '--target-households', '3'], 'cần tệp kết quả'],
    [['allocate', CAM_LO, '--target-households', '-3', '-o', 'x.xlsx'], '--target-households'],
    [['allocate', CAM_LO, '--target-rate', 'abc', '-o', 'x.xlsx'], '--target-rate'],
    [['allocate', CAM_LO, '--target-households', '3', '--basis', 'all', '-o', 'x.xlsx'], '--basis'],
    [['allocate', CAM_LO, '--target-households', '3', '--rules', 'x', '-o', 'x.xlsx'], '--rules'],
    [['allocate', CAM_LO, '--target-households', '3', '--apply', 'safe', '-o', 'x.xlsx'], '--apply'],
    [['allocate', CAM_LO, '--target-households', '3', '-o', CAM_LO], 'Không ghi đè'],
    [['allocate', path.join(ROOT, 'no-such.xlsx'), '--target-households', '3', '-o', 'x.xlsx'], 'Không tìm thấy tệp'],
  ])('bad usage or input %j: exit 2', async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message as string);
  });

  test('a table without able-to-work figures needs --basis poor', async () => {
    const file = path.join(tmp, 'plain.xlsx');
    await writeTable(file, 'Xã', 'UBND XÃ', districtRows('Xã', 1000, 1010, 40, 10).rows);
    const r = await run(['allocate', file, '--target-households', '10', '-o', path.join(tmp, 'plain-out.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--basis poor');
    const ok = await run(['allocate', file, '--target-households', '10', '--basis', 'poor', '-o', path.join(tmp, 'plain-out.xlsx'), '--json']);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.out) as AllocateResult).units.map((u) => u.reduction)).toEqual([5, 5]);
  });

  test('help', async () => {
    const r = await run(['allocate', '--help', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--target-rate R');
    expect((await run(['--help'])).out).toContain('povcheck allocate');
  });
});

describe('povcheck appendix', () => {
  let districts: string[];
  beforeAll(async () => {
    districts = await writeSeed004Districts(path.join(tmp, 'hue'));
  });

  test('seed 004: nine district workbooks give the province appendix 7.540 → 5.945, 2,27 % → 1,76 %', async () => {
    const out = path.join(tmp, 'hue-appendix.xlsx');
    const r = await run(['appendix', ...districts, '-o', out, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out) as AppendixResult;
    expect(res.year).toBe(2024);
    expect(res.units.map((u) => u.name)).toEqual(['Thành phố Huế', 'Thị xã Hương Thủy', 'Thị xã Hương Trà', 'Huyện Phong Điền', 'Huyện Quảng Điền', 'Huyện Phú Lộc', 'Huyện Phú Vang', 'Huyện Nam Đông', 'Huyện A Lưới']);
    expect(res.nearMisses).toEqual([]);
    expect(res.conflicts).toEqual([]);
    expect(res.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const s = (await readXlsxFile(out)).sheets[0];
    const v = (ref: string) => {
      const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
      const c = s.rows[Number(m[2]) - 1]?.[m[1].charCodeAt(0) - 65];
      return c && c.value.kind !== 'empty' && 'value' in c.value ? c.value.value : undefined;
    };
    // Total on top (row 5): E poor 2023, F rate 2023, G reduction, H remaining, I rate 2024.
    expect([v('B5'), v('E5'), v('F5'), v('G5'), v('H5'), v('I5')]).toEqual(['Toàn tỉnh', 7540, 2.27, 1595, 5945, 1.76]);
    expect(s.rows[4][8]?.formula).toBe('ROUND(H5/D5*100,2)');
    expect(String(v('A1'))).toMatch(/^Phụ lục lập bởi PovCheck/);
    // The text output says the same.
    const t = await run(['appendix', ...districts, '-o', path.join(tmp, 'hue-text.xlsx')]);
    expect(t.out).toContain('7.540 → 5.945 hộ nghèo, 2,27 % → 1,76 %');
  });

  test('the chart: a clustered bar chart of both rates over the sorted range, anchored on the appendix sheet', async () => {
    const out = path.join(tmp, 'hue-appendix.xlsx');
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    const chart = await zip.file('xl/charts/chart1.xml')!.async('string');
    expect(chart).toContain('<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/>');
    expect(chart.match(/<c:ser>/g)).toHaveLength(2);
    expect(chart).toContain("<c:f>'Phụ lục'!$B$18:$B$26</c:f>");
    // Sorted by the 2024 rate, lowest first (a bar chart draws the first category at the bottom).
    const cats = [...chart.matchAll(/<c:cat>.*?<\/c:cat>/g)][0][0];
    expect([...cats.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]).slice(0, 2)).toEqual(['Thành phố Huế', 'Thị xã Hương Thủy']);
    expect([...cats.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]).at(-1)).toBe('Huyện A Lưới');
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('/xl/charts/chart1.xml');
    expect(await zip.file('xl/worksheets/_rels/sheet1.xml.rels')!.async('string')).toContain('../drawings/drawing1.xml');
    expect(await zip.file('xl/worksheets/sheet1.xml')!.async('string')).toMatch(/<drawing r:id="rId\d+"\/>/);
    expect(await zip.file('xl/drawings/_rels/drawing1.xml.rels')!.async('string')).toContain('../charts/chart1.xml');
    // Anchored to the right of the table (A–I), from its header row.
    expect(await zip.file('xl/drawings/drawing1.xml')!.async('string')).toContain('<xdr:from><xdr:col>10</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>3</xdr:row>');
  });

  test('--per-file units: unit rows merged by name across files; near-misses are warnings, never merged', async () => {
    const a = path.join(tmp, 'units', 'A.xlsx');
    const b = path.join(tmp, 'units', 'B.xlsx');
    await writeTable(a, 'Huyện A', 'UBND HUYỆN A', [
      [1, 'Xã Đông', 500, 505, 20, 5],
      [2, 'Xã Tây', 400, 404, 10, 2],
      [null, 'Toàn huyện', 900, 909, 30, 7],
    ]);
    await writeTable(b, 'Huyện B', 'UBND HUYỆN B', [
      [1, 'Xã Động', 300, 303, 9, 3],
      [null, 'Toàn huyện', 300, 303, 9, 3],
    ]);
    const r = await run(['appendix', a, b, '--per-file', 'units', '--total', 'bottom', '-o', path.join(tmp, 'units-out.xlsx'), '--json']);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out) as AppendixResult;
    expect(res.units.map((u) => u.name)).toEqual(['Xã Đông', 'Xã Tây', 'Xã Động']);
    expect(res.nearMisses).toEqual([expect.objectContaining({ names: ['Xã Đông', 'Xã Động'], why: 'diacritics' })]);
    const t = await run(['appendix', a, b, '--per-file', 'units', '-o', path.join(tmp, 'units-text.xlsx')]);
    expect(t.out).toMatch(/⚠ "Xã Đông" .* "Xã Động" .* chỉ khác dấu: đang để riêng/);
  });

  test('the same unit with different numbers in two files is a conflict to confirm: exit 1', async () => {
    const a = path.join(tmp, 'conflict', 'A.xlsx');
    const b = path.join(tmp, 'conflict', 'B.xlsx');
    await writeTable(a, 'A', 'A', [[1, 'Xã Đông', 500, 505, 20, 5], [null, 'Tổng cộng', 500, 505, 20, 5]]);
    await writeTable(b, 'B', 'B', [[1, 'Xã Đông', 500, 505, 22, 5], [null, 'Tổng cộng', 500, 505, 22, 5]]);
    const r = await run(['appendix', a, b, '--per-file', 'units', '-o', path.join(tmp, 'conflict-out.xlsx'), '--json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as AppendixResult).conflicts).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Xã Đông', field: 'poor.start', values: [20, 22] })]));
  });

  test('an unreadable file stops it: exit 2, nothing written', async () => {
    const out = path.join(tmp, 'missing-out.xlsx');
    const r = await run(['appendix', districts[0], path.join(tmp, 'no-such.xlsx'), '-o', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Không tìm thấy tệp');
    expect(fs.existsSync(out)).toBe(false);
  });

  test.each([
    [['appendix', '-o', 'x.xlsx'], 'Chưa chỉ định tệp'],
    [['appendix', 'a.xlsx'], 'cần tệp kết quả'],
    [['appendix', 'a.xlsx', '--total', 'middle', '-o', 'x.xlsx'], '--total'],
    [['appendix', 'a.xlsx', '--per-file', 'rows', '-o', 'x.xlsx'], '--per-file'],
    [['appendix', 'a.xlsx', '--year', '24', '-o', 'x.xlsx'], '--year'],
  ])('bad usage %j: exit 2', async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message as string);
  });
});
