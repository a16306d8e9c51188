// The bundled samples, rebuilt from the published seed plans, checked end to
// end through the .xlsx host. Every expected issue below was worked out by
// hand from the seed tables before the engine existed:
//   001 (Cam Lộ, 2019): CAM THUY's rates are truncated (16/1446 = 1.1065 → 1.10,
//       50/1446 = 3.4578 → 3.45); the total's column 7 is 527/14653 = 3.5965
//       written 3.59; column 11 is declared 3-9 but follows count ÷ households,
//       which differs from the difference of rounded rates at CAM HIẾU
//       (4.87 − 0.74 = 4.13, while 72/1747 = 4.12). Every sum and 10 = 2 − 8 holds.
//   003 (Thịnh Đức, 2022): the households total 2.211 is 100 more than its
//       hamlets (2.111), in both tables; every other sum, and end = start −
//       reduction, holds; both total rates agree with 2.211 (31/2211 = 1.40,
//       19/2211 = 0.86).
//   004 (Thừa Thiên Huế appendix, 2024): no households column; sums and
//       end = start − reduction hold (7.540 − 1.595 = 5.945); the province
//       rates agree with the units' rates through implied households.
import * as path from 'path';
import * as os from 'os';
import * as fs from 'fs';
import { execFileSync } from 'child_process';
import { readXlsxFile } from '../src/hosts/xlsx';
import { checkWorkbook } from '../src/core/engine';
import { pairs } from './helpers';

const SAMPLES = path.join(__dirname, '..', 'samples');
const run = async (name: string, lang: 'vi' | 'en' = 'vi') => checkWorkbook(await readXlsxFile(path.join(SAMPLES, name)), { file: name, lang });

describe('001 Cam Lộ district table', () => {
  const expected = ['G12 rate-mismatch', 'I12 rate-mismatch', 'I20 rate-mismatch', 'K12 rate-mismatch', 'M10 balance-mismatch', 'M12 rate-mismatch'];
  test('columns and numbered row are understood', async () => {
    const r = await run('001-cam-lo.xlsx');
    const t = r.sheets[0].tables[0];
    expect(t.range).toBe('A7:M20');
    expect(t.columns.map((c) => `${c.column}:${c.role}:${c.label}`)).toEqual([
      'A:ordinal:A', 'B:unit:B', 'C:households:I', 'D:poor.start:2', 'E:poor.start.rate:3', 'F:poor.able:4', 'G:poor.able.rate:5',
      'H:poor.unable:6', 'I:poor.unable.rate:7', 'J:poor.decrease:8', 'K:poor.decrease.rate:9', 'L:poor.end:10=2-8', 'M:poor.end.rate:11=3-9',
    ]);
    expect(t.columns[2].header).toBe('Hộ nghèo 2019 / Dân số (hộ)');
    expect(t.columns[8].header).toBe('Hộ nghèo theo nhóm đối tượng / Tổng HN cứng / Tỷ lệ (%)');
  });
  test('every issue, by cell and rule', async () => {
    const r = await run('001-cam-lo.xlsx');
    expect(pairs(r.issues)).toEqual(expected);
    // Truncation is a rounding convention: warnings, no error, so exit code 0 for this sheet.
    expect(r.issues.every((i) => i.severity === 'warning')).toBe(true);
    const g12 = r.issues.find((i) => i.cell === 'G12')!;
    expect([g12.stated, g12.expected]).toEqual([1.1, 1.11]);
    expect(g12.message).toContain('cắt bớt');
    const m10 = r.issues.find((i) => i.cell === 'M10')!;
    expect(m10.cells).toEqual(['M13']);
    expect(m10.message).toContain('CAM HIẾU');
    const m12 = r.issues.find((i) => i.cell === 'M12')!;
    expect(m12.message).toContain('11=3-9');
  });
  test('the pasted-from-Word copy gives the same checks, plus numbers stored as text', async () => {
    const r = await run('001-cam-lo-pasted.xlsx');
    const asText = r.issues.filter((i) => i.rule === 'number-as-text');
    expect(asText.map((i) => i.cell)).toEqual(['C11', 'D11', 'E11', 'F11', 'G11', 'H11', 'I11', 'J11', 'K11', 'L11', 'M11']);
    expect(asText[0].cells).toHaveLength(10);
    expect(pairs(r.issues.filter((i) => i.rule !== 'number-as-text'))).toEqual(expected);
  });
  test('English messages', async () => {
    const r = await run('001-cam-lo.xlsx', 'en');
    expect(r.issues.find((i) => i.cell === 'I20')!.message).toMatch(/^The rate 3\.59 in I20 \(TỔNG CỘNG\).*527 ÷ 14,653 × 100 = 3\.5965.*3\.60.*truncated/);
  });
});

describe('003 Thịnh Đức hamlet tables', () => {
  test('both tables on one sheet, poor and near-poor', async () => {
    const r = await run('003-thinh-duc.xlsx');
    expect(r.sheets[0].tables.map((t) => t.range)).toEqual(['A4:H18', 'A24:G38']);
    expect(r.sheets[0].tables[0].columns.map((c) => c.role)).toEqual([
      'ordinal', 'unit', 'households', 'poor.start', 'poor.unable', 'poor.decrease', 'poor.end', 'poor.end.rate',
    ]);
    expect(r.sheets[0].tables[1].columns.map((c) => c.role)).toEqual([
      'ordinal', 'unit', 'households', 'nearPoor.start', 'nearPoor.decrease', 'nearPoor.end', 'nearPoor.end.rate',
    ]);
  });
  test('the households total is 100 more than its hamlets, in both tables, and nothing else is wrong', async () => {
    const r = await run('003-thinh-duc.xlsx');
    expect(pairs(r.issues)).toEqual(['C18 sum-mismatch', 'C38 sum-mismatch']);
    for (const i of r.issues) expect([i.stated, i.expected, i.severity]).toEqual([2211, 2111, 'error']);
    // The message now also weighs the evidence: the total agrees with its rate, so a hamlet is off by 100.
    expect(r.issues[0].message).toMatch(/^C18 \(CỘNG\) ghi 2\.211 nhưng tổng 12 dòng thành phần \(C6…C17\) là 2\.111\. Tổng 2\.211 khớp với tỷ lệ ở H18/);
    expect(r.issues[0].message).toContain('ghi thiếu 100');
  });
});

describe('004 Thừa Thiên Huế province appendix', () => {
  test('total row first, no households column: says what could not be checked, finds no error', async () => {
    const r = await run('004-thua-thien-hue.xlsx');
    const t = r.sheets[0].tables[0];
    expect(t.range).toBe('A5:G15');
    expect(t.rows).toEqual({ units: 9, groups: 0, totals: 1 });
    expect(t.columns.map((c) => c.role)).toEqual(['ordinal', 'unit', 'poor.start', 'poor.start.rate', 'poor.decrease', 'poor.end', 'poor.end.rate']);
    expect(pairs(r.issues)).toEqual(['D5 not-checked']);
  });
});

describe('clean tables with live formulas', () => {
  test('produce no issue; a sheet without a table says so and nothing else', async () => {
    const r = await run('clean-formulas.xlsx');
    expect(r.sheets.map((s) => [s.name, s.tables.length])).toEqual([
      ['Xã An Bình', 1],
      ['Huyện (nhóm)', 1],
      ['Phân tổ', 1],
      ['Ghi chú', 0],
    ]);
    expect(pairs(r.issues)).toEqual(['A1 no-table']);
    expect(r.issues[0].sheet).toBe('Ghi chú');
  });
});

test('the samples are rebuilt identically from the seed tables by scripts/make-samples.ts', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-samples-'));
  const tsNode = path.join(__dirname, '..', 'node_modules', 'ts-node', 'dist', 'bin.js');
  execFileSync(process.execPath, [tsNode, '--transpile-only', path.join(__dirname, '..', 'scripts', 'make-samples.ts'), out], { stdio: 'pipe' });
  for (const f of fs.readdirSync(SAMPLES).filter((x) => x.endsWith('.xlsx'))) {
    expect(await readXlsxFile(path.join(out, f))).toEqual(await readXlsxFile(path.join(SAMPLES, f)));
  }
  fs.rmSync(out, { recursive: true, force: true });
});
