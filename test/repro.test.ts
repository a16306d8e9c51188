// The workbooks that made PovCheck fail (../shared/repro, see its README), each
// with its command: every one now ends in a specific message or a correct
// result, with a JSON document on stdout under --json, and fix's own sheets
// pass check.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readXlsxFile } from '../src/hosts/xlsx';
import { checkWorkbook } from '../src/core/engine';
import { ownSheetPurposeOf } from '../src/core/correct';
import { type UnitFigures } from '../src/core/appendix';
import { appendixSheet } from '../src/core/appendix-sheet';
import { planToSheet } from '../src/core/plan';
import { avoidableErrors, runInProcess } from './mutation/mutate';

const REPRO = path.resolve(__dirname, '..', '..', 'shared', 'repro');
const r = (f: string) => path.join(REPRO, f);
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-repro-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const UNEXPECTED = /Lỗi không mong đợi|Unexpected error/;

/** Exit 2 with a JSON failure document naming `code`, and no internal error. */
async function expectFailure(argv: string[], code: string, mention: RegExp) {
  const res = await runInProcess([...argv, '--json', '--lang', 'en']);
  expect(res.code).toBe(2);
  expect(res.stderr).not.toMatch(UNEXPECTED);
  const doc = JSON.parse(res.stdout) as { error: { code: string; message: string } };
  expect(doc.error.code).toBe(code);
  expect(doc.error.message).toMatch(mention);
  expect(res.stderr).toContain(doc.error.message.split('\n')[0]);
  return doc;
}

/** Errors `check` finds on fix's corrected sheets of `out`. */
async function correctedErrors(out: string) {
  const wb = await readXlsxFile(out);
  const corrected = wb.sheets.filter((s) => ownSheetPurposeOf(s) === 'corrected');
  expect(corrected.length).toBeGreaterThan(0);
  return checkWorkbook({ sheets: corrected }, { file: out, lang: 'en' }).issues.filter((i) => i.severity === 'error');
}

test('fix: an emoji sheet name of 31 UTF-16 units gets a distinct corrected sheet', async () => {
  const out = path.join(tmp, 'emoji.xlsx');
  const res = await runInProcess(['fix', r('fix-emoji-sheetname-31.xlsx'), '-o', out, '--json']);
  expect(res.stderr).not.toMatch(UNEXPECTED);
  expect(res.code).toBe(0);
  const doc = JSON.parse(res.stdout) as { sheets: { name: string; source: string }[] };
  const [s] = doc.sheets;
  expect(s.name).not.toBe(s.source);
  expect(s.name.length).toBeLessThanOrEqual(31);
  expect(s.name).toMatch(/^(😀)+ – đã sửa$/);
  const names = (await readXlsxFile(out)).sheets.map((x) => x.name);
  expect(names).toEqual(expect.arrayContaining([s.source, s.name]));
});

test('allocate: a households count of 4.999999999999999 is named, not converted to a BigInt', async () => {
  const doc = await expectFailure(
    ['allocate', r('allocate-bigint-float-noise.xlsx'), '--target-households', '2195', '-o', path.join(tmp, 'a.xlsx'), '--basis', 'poor'],
    'no-units',
    /B3 is not a usable whole count/,
  );
  expect(doc.error.message).not.toMatch(/BigInt/);
  // check reads the same cell as an invalid-value error.
  const res = await runInProcess(['check', r('allocate-bigint-float-noise.xlsx'), '--json', '--lang', 'en']);
  const issues = (JSON.parse(res.stdout) as { issues: { cell: string; rule: string }[] }).issues;
  expect(issues).toContainEqual(expect.objectContaining({ cell: 'B3', rule: 'invalid-value' }));
});

test('appendix: a near-poor count of 4.0001 is named as not a whole count', async () => {
  await expectFailure(
    ['appendix', r('appendix-bigint-float-1.xlsx'), r('appendix-bigint-float-2.xlsx'), '-o', path.join(tmp, 'b.xlsx'), '--per-file', 'units'],
    'invalid-value',
    /appendix-bigint-float-2\.xlsx: no usable unit figures: C3 holds 4\.0001/,
  );
});

test('allocate: a poor count of 1.8e308 is an invalid value, not an Infinity', async () => {
  await expectFailure(
    ['allocate', r('allocate-infinity.xlsx'), '--target-households', '7723016', '-o', path.join(tmp, 'c.xlsx'), '--basis', 'poor'],
    'no-units',
    /C3 is not a usable whole count/,
  );
  const res = await runInProcess(['check', r('allocate-infinity.xlsx'), '--json', '--lang', 'en']);
  const issues = (JSON.parse(res.stdout) as { issues: { cell: string; rule: string; message: string }[] }).issues;
  expect(issues).toContainEqual(expect.objectContaining({ cell: 'C3', rule: 'invalid-value', message: expect.stringMatching(/too large \(10\^15 or more\)/) }));
});

test('appendix: a count of 1.8e308 is named, not summed to Infinity', async () => {
  await expectFailure(
    ['appendix', r('appendix-infinity-1.xlsx'), r('appendix-infinity-2.xlsx'), '-o', path.join(tmp, 'd.xlsx'), '--per-file', 'units'],
    'invalid-value',
    /C3 holds 1\.7976931348623157e\+308/,
  );
});

test('appendix: 12,000 units build a plan without spreading them into a call', () => {
  // The old code spread every cell of the plan into Math.max and overflowed the stack from ~10,000 units.
  const units: UnitFigures[] = Array.from({ length: 12000 }, (_, i) => ({
    name: `Xã ${i + 1}`,
    source: 'gen',
    households: 1000 + (i % 500),
    poor: { start: 10 + (i % 40), reduction: i % 5, end: 10 + (i % 40) - (i % 5) },
    nearPoor: { start: 5 + (i % 30) },
  }));
  const sheet = appendixSheet(units, { lang: 'vi', year: 2026, totalAt: 'top', date: new Date(Date.UTC(2026, 0, 1)) });
  expect(sheet.chart?.lastRow).toBeGreaterThan(12000);
  // Every unit row made it into the plan (the unit names, copied to the chart data as well).
  const names = new Set(planToSheet(sheet.plan).rows.flatMap((row) => row.map((c) => (c?.value.kind === 'text' ? c.value.value : ''))));
  expect(names.has('Xã 12000')).toBe(true);
});

describe('fix writes cells that check accepts', () => {
  test('a rate recomputed in a cell holding "x" takes the column format’s decimals, not 0', async () => {
    const out = path.join(tmp, 'x.xlsx');
    const res = await runInProcess(['fix', r('fix-rate-decimals-unusable-cell.xlsx'), '-o', out, '--json']);
    expect(res.code).toBe(0);
    const s = (await readXlsxFile(out)).sheets.find((x) => ownSheetPurposeOf(x) === 'corrected')!;
    const d4 = s.rows[3][3]!;
    expect(d4.formula).toBe('ROUND(C4/B4*100,2)');
    expect(d4.numFmt).toBe('0.00');
    expect(await correctedErrors(out)).toEqual([]);
  });

  test('a count formatted 0.00% is written as the number typed (30, not 3,000), without the %', async () => {
    const out = path.join(tmp, 'pct.xlsx');
    const res = await runInProcess(['fix', r('fix-sum-percent-format-count.xlsx'), '-o', out, '--apply', 'none', '--json']);
    expect([0, 1]).toContain(res.code);
    const s = (await readXlsxFile(out)).sheets.find((x) => ownSheetPurposeOf(x) === 'corrected')!;
    const c4 = s.rows[3][2]!;
    expect(c4.numFmt ?? '').not.toMatch(/%/);
    expect(c4.value).toEqual({ kind: 'number', value: 30 });
    expect(await correctedErrors(out)).toEqual([]);
    expect(await avoidableErrors(out)).toEqual([]);
  });

  test('a rate recomputed over a date keeps no date format', async () => {
    const out = path.join(tmp, 'date.xlsx');
    const res = await runInProcess(['fix', r('fix-date-format-on-derived.xlsx'), '-o', out, '--json']);
    expect(res.code).toBe(0);
    const s = (await readXlsxFile(out)).sheets.find((x) => ownSheetPurposeOf(x) === 'corrected')!;
    const d4 = s.rows[3][3]!;
    expect(d4.value.kind).toBe('number');
    expect(d4.numFmt).toBe('0.00');
    expect(await correctedErrors(out)).toEqual([]);
  });

  test('without a households column, what remains on the corrected sheet is only what no formula can fix', async () => {
    const out = path.join(tmp, 'nohh.xlsx');
    const res = await runInProcess(['fix', r('fix-rate-no-households-column.xlsx'), '-o', out, '--json']);
    expect([0, 1]).toContain(res.code);
    expect(await avoidableErrors(out)).toEqual([]);
  });

  // "(hộ)" is a measure, not a role: the header names a planned reduction (roles.ts reads the whole path).
  test('"Chỉ tiêu giảm (hộ)" is a reduction, not households: the source and fix’s sheet check clean', async () => {
    const file = r('fix-rate-reduction-header-as-households.xlsx');
    const chk = await runInProcess(['check', file, '--json']);
    expect(chk.code).toBe(0);
    const out = path.join(tmp, 'hh.xlsx');
    const res = await runInProcess(['fix', file, '-o', out, '--apply', 'none', '--json']);
    expect(res.code).toBe(0);
    expect(await correctedErrors(out)).toEqual([]);
  });
});
