// `povcheck compare` on real .xlsx files: seed 003's commune plan for 2022
// (the sample) against the same commune's 2023 plan written here (rows in
// another order, one hamlet typed without accents, two planted differences),
// the 2025 merger of three communes into one with a map, and a workbook whose
// two tables disagree on one hamlet's households (the cross-table check).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli/main';
import { type CompareReport, compareWorkbooks } from '../src/core/compare';
import { checkedWorkbook } from '../src/core/engine';
import { readXlsxFile } from '../src/hosts/xlsx/read';
import type { Issue, Report } from '../src/core/report';
import { pairNames } from '../src/core/match';
import { type Commune, type Hamlet, seed003NextYear, writeCommunePlan, writeDistrict, writeMap } from './compare-fixtures';
import { check, communeSheet, randomUnits, prng } from './helpers';
import { run as runBin } from './cli-run';

const ROOT = path.resolve(__dirname, '..');
const SEED_003 = path.join(ROOT, 'samples', '003-thinh-duc.xlsx');
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-compare-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, color: false });
  return { code, out: out.join(''), err: err.join('') };
}

const byRule = (issues: Issue[], rule: string) => issues.filter((i) => i.rule === rule);

describe('match: one pairing for appendix and compare', () => {
  test('case, spacing, prefixes and a name typed without accents match; accents that differ and names given twice do not', () => {
    const p = pairNames(['Xã Hải Quế', 'THÔN  Đông', 'ĐẦU PHẦN', 'Thôn 1', 'Thôn 1', 'Cam Thuy'], ['hai que', 'đông', 'ĐẦU PHÂN', 'Thôn 1', 'Cam Thủy', 'Cam Thúy']);
    expect(p.pairs).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(p.nearMisses).toEqual([
      { a: 2, b: 2, why: 'diacritics' },
      { a: 5, b: 4, why: 'diacritics' },
      { a: 5, b: 5, why: 'diacritics' },
    ]);
    expect(p.duplicatesA).toEqual([3, 4]);
    // An unaccented name with two accented candidates is not matched on a guess.
    expect(p.onlyA).toEqual([2, 5]);
    expect(p.onlyB).toEqual([2, 3, 4, 5]);
    // One letter apart (added, dropped or changed) is a near-miss too; two letters apart is not.
    const q = pairNames(['Cam Lộ', 'Hải Ba', 'Vĩnh Định', 'Triệu Ái'], ['Cam Lội', 'Hải Bá', 'Vĩnh Địn', 'Triệu Áo', 'Phong Điền']);
    expect(q.pairs).toEqual([]);
    expect(q.nearMisses).toEqual([
      { a: 0, b: 0, why: 'letter' },
      { a: 1, b: 1, why: 'diacritics' },
      { a: 2, b: 2, why: 'letter' },
      { a: 3, b: 3, why: 'letter' },
    ]);
  });

  test('a tone mark placed the old way or the new way is the same name (Thuỷ / Thủy, Hoà / Hòa, Khoẻ / Khỏe); another tone is not', () => {
    const p = pairNames(['Hương Thuỷ', 'Xã Thanh Hoà', 'Thôn Khoẻ', 'Hương Thủy'], ['Hương Thủy', 'Thanh Hòa', 'KHỎE', 'Hương Thúy']);
    expect(p.pairs).toEqual([
      [1, 1],
      [2, 2],
    ]);
    // Hương Thuỷ and Hương Thủy are one name given twice on the left.
    expect(p.duplicatesA).toEqual([0, 3]);
    // Thúy (sắc) is another tone: a near-miss to confirm, not a match.
    const q = pairNames(['Hương Thuỷ'], ['Hương Thúy']);
    expect(q.pairs).toEqual([]);
    expect(q.nearMisses).toEqual([{ a: 0, b: 0, why: 'diacritics' }]);
  });
});

describe('povcheck compare: two years of seed 003', () => {
  let cur: string;
  let hamlets: Hamlet[];
  beforeAll(async () => {
    hamlets = await seed003NextYear(SEED_003);
    // Built from the sample's own ends: every hamlet is there, once.
    expect(hamlets).toHaveLength(12);
    cur = path.join(tmp, 'thinh-duc-2023.xlsx');
    await writeCommunePlan(cur, 2023, hamlets);
  });

  test('the two planted differences are errors at this year\'s cells, naming last year\'s cell and value; nothing else is an error', async () => {
    const r = await runBin(['compare', SEED_003, cur, '--json', '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.stdout) as CompareReport;
    // check's report shape, extended.
    expect(rep.file).toBe(cur);
    expect(rep.sheets[0].tables.map((t) => t.range)).toEqual(['A3:H17', 'A21:G35']);
    expect(rep.previous.file).toBe(SEED_003);
    expect(rep.compared).toEqual([
      { population: 'poor', units: 12 },
      { population: 'nearPoor', units: 11 },
    ]);
    const errors = rep.issues.filter((i) => i.severity === 'error');
    // Rows reversed: PHÚC HÒA is the 11th poor row (D15), TÂN ĐỨC the 3rd near-poor row (D25).
    expect(errors.map((i) => [i.rule, i.cell, i.unit, i.stated, i.expected])).toEqual([
      ['carry-mismatch', 'D15', 'PHÚC HÒA', 7, 5],
      ['carry-mismatch', 'D25', 'TÂN ĐỨC', 3, 4],
    ]);
    expect(errors[0].others).toEqual([{ file: SEED_003, sheet: 'Phân bổ 2022', cell: 'G7', unit: 'PHÚC HÒA', value: 5 }]);
    expect(errors[1].others).toEqual([{ file: SEED_003, sheet: 'Phân bổ 2022', cell: 'F35', unit: 'TÂN ĐỨC', value: 4 }]);
    expect(errors[0].message).toContain("'Phân bổ 2022'!G7");
    expect(errors[0].file).toBe(cur);
  });

  test('the hamlet typed without accents is matched; ĐẦU PHẦN / ĐẦU PHÂN is a near-miss to confirm; LÀNG MƠN\'s households are noted', async () => {
    const r = await run(['compare', SEED_003, cur, '--json']);
    const rep = JSON.parse(r.out) as CompareReport;
    expect(byRule(rep.issues, 'unit-unmatched')).toEqual([]);
    const miss = byRule(rep.issues, 'name-near-miss');
    expect(miss.map((i) => [i.cell, i.stated, i.expected, i.severity])).toEqual([['B27', 'ĐẦU PHẦN', 'ĐẦU PHÂN', 'warning']]);
    const hh = byRule(rep.issues, 'households-change');
    expect(hh.map((i) => [i.cell, i.unit, i.stated, i.expected, i.severity])).toEqual([['C5', 'LÀNG MƠN', 150, 130, 'info']]);
    expect(rep.issues.map((i) => i.rule).sort()).toEqual(['carry-mismatch', 'carry-mismatch', 'households-change', 'name-near-miss']);
    // A larger share silences the note; the errors stay.
    const wide = JSON.parse((await run(['compare', SEED_003, cur, '--json', '--share', '20'])).out) as CompareReport;
    expect(byRule(wide.issues, 'households-change')).toEqual([]);
    expect(wide.share).toBe(0.2);
    expect(byRule(wide.issues, 'carry-mismatch')).toHaveLength(2);
  });

  test('a role the officer changed is what compare reads: this year\'s tables passed in with column D set aside leave no carry error', async () => {
    const previous = await readXlsxFile(SEED_003);
    const current = await readXlsxFile(cur);
    const sheet = current.sheets[0].name;
    const plain = compareWorkbooks(previous, current);
    expect(byRule(plain.issues, 'carry-mismatch').map((i) => i.cell)).toEqual(['D15', 'D25']);
    const { tables } = checkedWorkbook(current, { roles: { [sheet]: { D: 'unknown' } } });
    const overridden = compareWorkbooks(previous, current, { currentTables: tables });
    expect(byRule(overridden.issues, 'carry-mismatch')).toEqual([]);
    // The officer's choice for one sheet leaves last year's reading alone.
    const { tables: prevTables } = checkedWorkbook(previous);
    expect(byRule(compareWorkbooks(previous, current, { previousTables: prevTables }).issues, 'carry-mismatch')).toHaveLength(2);
  });

  test('the same plan carried forward without the planted differences is clean (exit 0); the text report names both files', async () => {
    const clean = hamlets.map((h) => ({ ...h }));
    clean.find((h) => h.name === 'PHÚC HÒA')!.poorStart -= 2;
    clean.find((h) => h.name === 'TÂN ĐỨC')!.nearStart += 1;
    const file = path.join(tmp, 'thinh-duc-2023-clean.xlsx');
    await writeCommunePlan(file, 2023, clean);
    const r = await run(['compare', SEED_003, file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Năm trước: ${SEED_003}`);
    expect(r.out).toContain('0 lỗi, 1 cảnh báo, 1 ghi chú');
  });
});

describe('povcheck compare --map: the 2025 merger', () => {
  const prevCommunes: Commune[] = [
    { name: 'Xã Hải Ba', households: 1210, poorStart: 40, poorDecrease: 8, nearStart: 61, nearDecrease: 9 },
    { name: 'Xã Hải Quế', households: 980, poorStart: 25, poorDecrease: 5, nearStart: 44, nearDecrease: 6 },
    { name: 'Xã Hải Thượng', households: 1502, poorStart: 51, poorDecrease: 11, nearStart: 70, nearDecrease: 12 },
    { name: 'Xã Hải Dương', households: 1100, poorStart: 33, poorDecrease: 6, nearStart: 52, nearDecrease: 7 },
    { name: 'Xã Hải An', households: 870, poorStart: 20, poorDecrease: 4, nearStart: 31, nearDecrease: 5 },
    { name: 'Xã Hải Khê', households: 760, poorStart: 18, poorDecrease: 3, nearStart: 27, nearDecrease: 4 },
  ];
  const end = (n: string) => {
    const c = prevCommunes.find((x) => x.name === `Xã ${n}`)!;
    return { poor: c.poorStart - c.poorDecrease, near: c.nearStart - c.nearDecrease, hh: c.households };
  };
  const merged = (name: string, formers: string[], poorExtra = 0): Commune => {
    const e = formers.map(end);
    const s = (f: (x: { poor: number; near: number; hh: number }) => number) => e.reduce((a, x) => a + f(x), 0);
    return { name, households: s((x) => x.hh) + 12, poorStart: s((x) => x.poor) + poorExtra, poorDecrease: 10, nearStart: s((x) => x.near), nearDecrease: 10 };
  };
  let prev: string;
  let cur: string;
  let map: string;
  beforeAll(async () => {
    prev = path.join(tmp, 'huyen-2024.xlsx');
    cur = path.join(tmp, 'tinh-2025.xlsx');
    map = path.join(tmp, 'sap-nhap.xlsx');
    await writeDistrict(prev, 2024, prevCommunes);
    await writeDistrict(cur, 2025, [
      merged('Xã Nam Hải Lăng', ['Hải Ba', 'Hải Quế', 'Hải Thượng'], 2), // planted: 2 more than the former ends
      merged('Xã Mỹ Thủy', ['Hải Dương', 'Hải An']),
      merged('Xã Hải Khê', ['Hải Khê']),
      merged('Xã Vĩnh Định', ['Hải Khê']),
      { name: 'Xã Hải Sơn', households: 900, poorStart: 10, poorDecrease: 2, nearStart: 20, nearDecrease: 3 },
    ]);
    await writeMap(map, [
      ['Nam Hải Lăng', ['Hải Ba', 'Hai Que', 'Xã Hải Thượng']],
      ['Xã Mỹ Thủy', ['Hải Dương', 'Hải An']],
      ['Hải Khê', ['Hải Khê']],
      ['Vĩnh Định', ['Hải Khê']], // mapped twice
      ['Phường Đông Hà', ['Phường 1', 'Phường 5']], // another district of the province: in neither file
    ]);
  });

  test("the new commune's start is compared with the sum of its three former communes' ends, each named", async () => {
    const r = await run(['compare', prev, cur, '--map', map, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.out) as CompareReport;
    expect(rep.map).toEqual({ file: map, pairs: 9 });
    const carry = byRule(rep.issues, 'carry-mismatch');
    const sum = end('Hải Ba').poor + end('Hải Quế').poor + end('Hải Thượng').poor;
    expect(carry.map((i) => [i.cell, i.unit, i.stated, i.expected])).toEqual([['D3', 'Xã Nam Hải Lăng', sum + 2, sum]]);
    expect(carry[0].others!.map((o) => [o.unit, o.cell, o.value])).toEqual([
      ['Xã Hải Ba', 'F3', end('Hải Ba').poor],
      ['Xã Hải Quế', 'F4', end('Hải Quế').poor],
      ['Xã Hải Thượng', 'F5', end('Hải Thượng').poor],
    ]);
    for (const n of ['Xã Hải Ba', 'Xã Hải Quế', 'Xã Hải Thượng']) expect(carry[0].message).toContain(n);
    // Mỹ Thủy agrees; near-poor of Nam Hải Lăng agrees.
    expect(rep.compared).toEqual([
      { population: 'poor', units: 2 },
      { population: 'nearPoor', units: 2 },
    ]);
  });

  test('a former commune mapped twice and a new commune with no former commune are reported; a province-wide map is fine', async () => {
    const rep = JSON.parse((await run(['compare', prev, cur, '--map', map, '--json', '--lang', 'en'])).out) as CompareReport;
    const problems = byRule(rep.issues, 'map-problem');
    expect(problems.map((i) => [i.severity, i.file, i.sheet, i.cell, i.stated])).toEqual([
      ['error', map, 'Sáp nhập', 'B8', 'Hải Khê'],
      ['warning', cur, 'Chỉ tiêu 2025', 'B7', 'Xã Hải Sơn'],
    ]);
    expect(problems[0].message).toMatch(/Hải Khê and Vĩnh Định are not compared/);
    expect(byRule(rep.issues, 'unit-unmatched')).toEqual([]);
    expect(byRule(rep.issues, 'name-near-miss')).toEqual([]);
  });

  test('a map that is not a list, and unreadable files, are failures with a JSON error', async () => {
    const r = await run(['compare', prev, cur, '--map', path.join(tmp, 'nope.xlsx'), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ error: { code: 'not-found' } });
    const one = await run(['compare', prev, '--json']);
    expect(one.code).toBe(2);
    expect(one.err).toContain('cần đúng hai tệp');
    const bad = await run(['compare', prev, cur, '--share', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--share');
  });
});

describe('check: counts two tables of a workbook share must agree', () => {
  test("seed 003's layout with one hamlet's households retyped in the near-poor table: reported at both cells, nothing else changes", async () => {
    const hamlets: Hamlet[] = ['NHÂN HÒA', 'PHÚC HÒA', 'ĐỨC HÒA', 'XÓM PHÚ', 'XÓM CƯỜNG'].map((name, i) => ({
      name,
      households: 180 + 17 * i,
      poorStart: 3 + i,
      unable: 1,
      poorDecrease: 1,
      nearStart: 2 + i,
      nearDecrease: 1,
    }));
    const good = path.join(tmp, 'two-tables-good.xlsx');
    const slip = path.join(tmp, 'two-tables-slip.xlsx');
    await writeCommunePlan(good, 2022, hamlets);
    hamlets[3].nearHouseholds = 231 - 99; // XÓM PHÚ: 231 in the poor table, 132 in the near-poor one
    await writeCommunePlan(slip, 2022, hamlets);
    const a = await run(['check', good, '--json']);
    const b = await run(['check', slip, '--json']);
    const ra = JSON.parse(a.out) as Report;
    const rb = JSON.parse(b.out) as Report;
    expect(byRule(ra.issues, 'cross-table-mismatch')).toEqual([]);
    const cross = byRule(rb.issues, 'cross-table-mismatch');
    expect(cross.map((i) => [i.cell, i.unit, i.stated, i.others?.[0].cell, i.others?.[0].value, i.table])).toEqual([
      ['C8', 'XÓM PHÚ', 231, 'C19', 132, 0],
      ['C19', 'XÓM PHÚ', 132, 'C8', 231, 1],
    ]);
    expect(b.code).toBe(1);
    expect(rb.issues.filter((i) => i.rule !== 'cross-table-mismatch')).toEqual(ra.issues);
  });

  test('two communes whose hamlets share names (Thôn 1…) but not numbers are not compared', () => {
    const rnd = prng(7);
    const r = check([communeSheet(randomUnits(5, rnd), 'Xã A'), communeSheet(randomUnits(5, rnd), 'Xã B')]);
    expect(byRule(r.issues, 'cross-table-mismatch')).toEqual([]);
  });

  test('the seed 003 sample repeats its households and they agree: no cross-table issue', async () => {
    const r = JSON.parse((await run(['check', SEED_003, '--json'])).out) as Report;
    expect(byRule(r.issues, 'cross-table-mismatch')).toEqual([]);
  });
});
