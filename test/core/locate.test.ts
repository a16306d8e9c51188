// Error localisation: the fewest cells whose change makes every relation hold,
// the relations that hold used as evidence. Every expected answer below was
// worked out by hand first (values in the comments).
import * as path from 'path';
import fc from 'fast-check';
import { check, communeSheet, pairs, randomUnits, prng, sheet, type Unit } from '../helpers';
import { checkWorkbook } from '../../src/core/engine';
import { readXlsxFile } from '../../src/hosts/xlsx';
import { typoKind, typoVariants } from '../../src/core/locate';
import * as D from '../../src/core/decimal';
import type { Sheet } from '../../src/core/grid';
import type { Issue } from '../../src/core/report';

// Rows 4..7 are the units, row 8 the total (communeSheet). By hand:
//   An    219 hh, poor 6, unable 2, reduction 1, end 5 (2,28 %), near-poor 4 (1,83 %)
//   Bình  209,        6,        4,           1,     5 (2,39 %),              1 (0,48 %)
//   Cường 198,        2,        1,           0,     2 (1,01 %),              3 (1,52 %)
//   Đông  182,        4,        2,           1,     3 (1,65 %),              2 (1,10 %)
//   total 808,       18,        9,           3,    15 (1,86 %),             10 (1,24 %)
const units: Unit[] = [
  { name: 'Thôn An', households: 219, poor: 6, unable: 2, reduction: 1, nearPoor: 4 },
  { name: 'Thôn Bình', households: 209, poor: 6, unable: 4, reduction: 1, nearPoor: 1 },
  { name: 'Thôn Cường', households: 198, poor: 2, unable: 1, reduction: 0, nearPoor: 3 },
  { name: 'Thôn Đông', households: 182, poor: 4, unable: 2, reduction: 1, nearPoor: 2 },
];

function set(s: Sheet, addr: string, value: number): Sheet {
  const m = /^([A-Z])(\d+)$/.exec(addr)!;
  const r = parseInt(m[2], 10) - 1;
  const c = m[1].charCodeAt(0) - 65;
  s.rows[r][c] = { ...(s.rows[r][c] ?? {}), value: { kind: 'number', value } };
  return s;
}

const errors = (issues: Issue[]) => issues.filter((i) => i.severity === 'error');

/** Writes every high/medium suggestion into the sheet. */
function apply(s: Sheet, issues: Issue[]): Sheet {
  for (const i of issues) if (i.suggestion && i.suggestion.confidence !== 'low') set(s, i.suggestion.cell, i.suggestion.value);
  return s;
}

describe('a single wrong member against a wrong total', () => {
  test('a member households cell 100 too high: its own rates and the total rates decide, the member is named', () => {
    // C5 209 → 309: sum C (908 ≠ 808), H5 (5/309 = 1,62 ≠ 2,39) and J5 (1/309 = 0,32 ≠ 0,48) all break.
    // C8 = 908 would fix the sum but break both total rates (15/908 = 1,65; 10/908 = 1,10): not C8.
    const r = check(set(communeSheet(units), 'C5', 309));
    expect(pairs(r.issues)).toEqual(['C5 sum-mismatch']);
    const i = r.issues[0];
    expect([i.stated, i.expected]).toEqual([309, 209]);
    expect(i.suggestion).toMatchObject({ cell: 'C5', value: 209, kind: 'typo-digit', confidence: 'high' });
    expect(i.suggestion!.reason).toMatch(/309.*209.*một chữ số/);
    expect(i.alternatives).toBeUndefined();
  });

  test('a wrong total whose members agree and whose rates disagree too is named, high with a typo', () => {
    // C8 808 → 908: the sum and both total rates break, every member holds.
    const r = check(set(communeSheet(units), 'C8', 908), 'en');
    expect(pairs(r.issues)).toEqual(['C8 sum-mismatch']);
    expect(r.issues[0].suggestion).toMatchObject({ cell: 'C8', value: 808, kind: 'typo-digit', confidence: 'high' });
    expect(r.issues[0].suggestion!.reason).toMatch(/^Change C8 from 908 to 808 \(one digit mistyped\)/);
  });

  test('the same without a typo pattern is medium', () => {
    // 850 and 808 differ in two digits; 15/850 = 1,76 and 10/850 = 1,18 break the total rates.
    const r = check(set(communeSheet(units), 'C8', 850));
    expect(pairs(r.issues)).toEqual(['C8 sum-mismatch']);
    expect(r.issues[0].suggestion).toMatchObject({ cell: 'C8', value: 808, kind: 'implied', confidence: 'medium' });
  });

  test('a member count breaking only its column total is found through the rates it keeps', () => {
    // Near-poor I6 3 → 13: sum I (20 ≠ 10) and J6 (13/198 = 6,57 ≠ 1,52). I8 = 20 would break J8.
    const r = check(set(communeSheet(units), 'I6', 13));
    expect(pairs(r.issues)).toEqual(['I6 sum-mismatch']);
    expect(r.issues[0].suggestion).toMatchObject({ cell: 'I6', value: 3, kind: 'typo-added', confidence: 'high' });
  });
});

describe('ties are reported as ties', () => {
  // Members have no rate; the total's rate 10/1.145 = 0,87 backs the total, so either member explains
  // the sum (1.145 ≠ 950 + 95 = 1.045): A 950 → 1.050 (no typo) or B 95 → 195 (a dropped digit).
  const tie = () => {
    const s = sheet('x', [
      ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo', 'Tỷ lệ hộ nghèo (%)'],
      [1, 'Thôn A', 950, 6, null],
      [2, 'Thôn B', 95, 4, null],
      [null, 'Tổng cộng', 1145, 10, 0.87],
    ]);
    s.rows[3][4]!.numFmt = '0.00';
    return s;
  };

  test('two members, either of which explains the sum: no suggestion, both as alternatives, typo first', () => {
    const r = check(tie());
    expect(pairs(r.issues)).toEqual(['C4 sum-mismatch']);
    const i = r.issues[0];
    expect(i.suggestion).toBeUndefined();
    expect(i.alternatives!.map((a) => [a.cell, a.value, a.kind, a.confidence])).toEqual([
      ['C3', 195, 'typo-dropped', 'low'],
      ['C2', 1050, 'implied', 'low'],
    ]);
    expect(i.message).toMatch(/Tổng 1\.145 khớp với tỷ lệ ở E4 nên có lẽ đúng; nhiều khả năng một trong 2 dòng thành phần ghi thiếu 100/);
    // The candidates are listed once, as alternatives (with their units); the message counts them.
    expect(i.message).toMatch(/Ở 1 dòng trong số đó, chênh lệch này chỉ là một lỗi gõ \(thiếu một chữ số: 1 dòng\)\. 1 dòng khác cũng có thể, không do lỗi gõ\./);
    expect(i.alternatives![0].reason).toMatch(/C3 \(Thôn B\): 95 → 195 \(thiếu một chữ số\)/);
    expect(i.alternatives![1].reason).toMatch(/C2 \(Thôn A\): 950 → 1\.050/);
  });

  test('without the total rate the total is a third candidate', () => {
    const s = tie();
    s.rows[3][4] = undefined;
    const i = check(s).issues[0];
    expect(i.cell).toBe('C4');
    expect(i.alternatives!.map((a) => a.cell).sort()).toEqual(['C2', 'C3', 'C4']);
    expect(i.message).toMatch(/Sửa một ô bất kỳ trong 3 ô/);
  });
});

describe('typo patterns', () => {
  const k = (a: number, b: number, p = 0) => typoKind(D.fromNumber(a), D.fromNumber(b), p);
  test('each kind, stated first, implied second', () => {
    expect(k(2211, 2111)).toBe('typo-digit');
    expect(k(1524, 1254)).toBe('typo-swap');
    expect(k(94, 194)).toBe('typo-dropped');
    expect(k(1940, 194)).toBe('typo-added');
    expect(k(1.68, 1.86, 2)).toBe('typo-swap');
    expect(k(850, 808)).toBeNull();
    expect(k(7, 5)).toBeNull(); // any two one-digit numbers differ "in one digit": no evidence
    expect(k(100, 1000)).toBe('typo-dropped');
  });
  test('variants of a number are one slip away', () => {
    const v = typoVariants(94n);
    expect(v).toEqual(expect.arrayContaining([194n, 49n, 84n, 9n, 4n, 904n]));
    expect(v).not.toContain(94n);
    expect(v.every((x) => typoKind(D.dec(94), D.dec(x), 0) !== null || x < 10n)).toBe(true);
  });
  test('in the sheet: swapped digits, a dropped digit, an added digit', () => {
    // Total households 808 typed 880: the sum and both total rates break.
    expect(check(set(communeSheet(units), 'C8', 880)).issues[0].suggestion).toMatchObject({ cell: 'C8', value: 808, kind: 'typo-swap', confidence: 'high' });
    // Thôn Đông 182 typed 82: sum C, H7 (3/82 = 3,66) and J7 (2/82 = 2,44) break.
    expect(check(set(communeSheet(units), 'C7', 82)).issues[0].suggestion).toMatchObject({ cell: 'C7', value: 182, kind: 'typo-dropped', confidence: 'high' });
    // Thôn Cường 198 typed 1198.
    expect(check(set(communeSheet(units), 'C6', 1198)).issues[0].suggestion).toMatchObject({ cell: 'C6', value: 198, kind: 'typo-added', confidence: 'high' });
    // A total rate 1,86 typed 1,68: only that rate breaks, and only it can change (G8 and C8 are held by their sums).
    const r = check(set(communeSheet(units), 'H8', 1.68), 'en');
    expect(pairs(r.issues)).toEqual(['H8 rate-mismatch']);
    expect(r.issues[0].suggestion).toMatchObject({ cell: 'H8', value: 1.86, kind: 'typo-swap', confidence: 'high' });
    expect(r.issues[0].suggestion!.reason).toMatch(/two neighbouring digits swapped/);
  });
});

test('a truncated rate stays a warning and gets a rounding suggestion', () => {
  // 3/182 = 1,648… → 1,65; truncated 1,64
  const r = check(set(communeSheet(units), 'H7', 1.64));
  expect(pairs(r.issues)).toEqual(['H7 rate-mismatch']);
  const i = r.issues[0];
  expect([i.severity, i.stated, i.expected]).toEqual(['warning', 1.64, 1.65]);
  expect(i.suggestion).toMatchObject({ cell: 'H7', value: 1.65, kind: 'rounding', confidence: 'high' });
  expect(i.suggestion!.reason).toBe('Ghi 1,65 (làm tròn đúng) thay cho 1,64 ở H7.');
});

test('two wrong cells in one column: the only pair that explains everything is named', () => {
  // D4 6 → 7 and D6 2 → 3: sum D (20 ≠ 18), end of An (7 − 1 = 6 ≠ 5), end of Cường (3 ≠ 2).
  // No single cell fixes all three; D4 = 6 and D6 = 2 together do, and no other pair does.
  const s = set(set(communeSheet(units), 'D4', 7), 'D6', 3);
  const r = check(s);
  expect(pairs(r.issues)).toEqual(['D4 sum-mismatch', 'D6 balance-mismatch']);
  expect(r.issues.map((i) => [i.suggestion!.cell, i.suggestion!.value, i.suggestion!.confidence])).toEqual([
    ['D4', 6, 'medium'],
    ['D6', 2, 'medium'],
  ]);
  expect(r.issues[1].message).toMatch(/^D6 \(Thôn Cường\) có thể là ô sai\./);
  expect(errors(check(apply(s, r.issues)).issues)).toEqual([]);
});

test('an unrecorded other change is named as a possible cause', () => {
  // Xã X: 50 − 5 + 1 = 46, written 44; every sum holds, so no single filled cell explains it,
  // but 2 households in the empty "Giảm khác" column would. The total row: 80 − 8 + 1 = 73 ≠ 71, same.
  const s = sheet('x', [
    ['TT', 'Đơn vị', 'Hộ nghèo đầu kỳ', 'Thoát nghèo', 'Giảm khác', 'Tái nghèo', 'Hộ nghèo cuối kỳ'],
    [1, 'Xã X', 50, 5, null, 1, 44],
    [2, 'Xã Y', 30, 3, null, 0, 27],
    [null, 'Tổng cộng', 80, 8, null, 1, 71],
  ]);
  const r = check(s);
  expect(pairs(r.issues)).toEqual(['G2 balance-mismatch', 'G4 balance-mismatch']);
  expect(r.issues[0].message).toMatch(/Cũng có thể là 2 hộ giảm khác chưa được ghi: cột “Giảm khác” \(E2\) đang để trống\./);
  expect(r.issues[0].alternatives).toEqual([expect.objectContaining({ cell: 'E2', value: 2, confidence: 'low' })]);
  expect(r.issues[0].suggestion).toBeUndefined();
  expect(check(s, 'en').issues[1].message).toMatch(/unrecorded other decrease of 2 households: “Giảm khác” \(E4\) is empty/);
});

describe('seed 003 (Thịnh Đức): the total agrees with its rate, so a hamlet is 100 too low', () => {
  const run = async (lang: 'vi' | 'en') => checkWorkbook(await readXlsxFile(path.join(__dirname, '..', '..', 'samples', '003-thinh-duc.xlsx')), { lang });
  test('a 12-way tie among the hamlets, not a correction of C18', async () => {
    const r = await run('vi');
    expect(pairs(r.issues)).toEqual(['C18 sum-mismatch', 'C38 sum-mismatch']);
    const c18 = r.issues[0];
    expect([c18.stated, c18.expected]).toEqual([2211, 2111]);
    expect(c18.suggestion).toBeUndefined();
    const alts = c18.alternatives!;
    expect(alts.map((a) => a.cell)).toEqual(['C6', 'C7', 'C8', 'C9', 'C10', 'C11', 'C12', 'C13', 'C14', 'C15', 'C16', 'C17']);
    expect(alts.every((a) => a.confidence === 'low')).toBe(true);
    expect(alts.find((a) => a.cell === 'C6')).toMatchObject({ value: 319, kind: 'typo-digit' });
    expect(alts.find((a) => a.cell === 'C13')).toMatchObject({ value: 194, kind: 'typo-dropped' });
    expect(alts.find((a) => a.cell === 'C16')).toMatchObject({ value: 188, kind: 'typo-dropped' });
    expect(c18.message).toMatch(/Tổng 2\.211 khớp với tỷ lệ ở H18 nên có lẽ đúng; nhiều khả năng một trong 12 dòng thành phần ghi thiếu 100\./);
    expect(alts.find((a) => a.cell === 'C6')!.reason).toMatch(/C6 \(NHÂN HÒA\): 219 → 319/);
    expect(alts.find((a) => a.cell === 'C16')!.reason).toMatch(/C16 \(XÓM LƯỢT\): 88 → 188 \(thiếu một chữ số\)/);
    expect(c18.message).toMatch(/gõ nhầm một chữ số: 10 dòng, thiếu một chữ số: 2 dòng/);
    // The near-poor table: 19/2.211 = 0,86 backs C38 the same way.
    expect(r.issues[1].message).toMatch(/tỷ lệ ở G38/);
    expect(r.issues[1].alternatives).toHaveLength(12);
  });
  test('in English', async () => {
    const r = await run('en');
    expect(r.issues[0].message).toMatch(/The total 2,211 agrees with the rate in H18, so it is probably right; one of the 12 member rows is probably 100 too low\./);
  });
});

describe('property: one changed count in a consistent table', () => {
  const COUNT_COLS = [2, 3, 4, 5, 6, 8]; // C households, D poor, E unable, F reduction, G end, I near-poor
  test('the changed cell is in the minimal set, and applying a confident suggestion leaves no error', () => {
    const seen = { unique: 0, tie: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 2, max: 12 }), fc.nat(), fc.constantFrom(...COUNT_COLS), fc.integer({ min: 1, max: 300 }), fc.boolean(), (seed, n, rowPick, col, delta, up) => {
        const us = randomUnits(n, prng(seed));
        const s = communeSheet(us);
        const row = 3 + (rowPick % n);
        const v = (s.rows[row][col]!.value as { value: number }).value;
        const next = up || v < delta ? v + delta : v - delta;
        const target = `${String.fromCharCode(65 + col)}${row + 1}`;
        set(s, target, next);
        const issues = check(s).issues;
        fc.pre(errors(issues).length > 0);
        const named = issues.filter((i) => i.suggestion?.cell === target || i.alternatives?.some((a) => a.cell === target));
        expect(named.length).toBeGreaterThan(0);
        const sug = issues.find((i) => i.suggestion?.cell === target)?.suggestion;
        if (sug) expect(sug.value).toBe(v);
        if (sug && sug.confidence !== 'low') seen.unique++;
        else seen.tie++;
        // When every error carries a confident suggestion, applying them clears every error.
        const errs = errors(issues);
        if (errs.every((i) => i.suggestion && i.suggestion.confidence !== 'low')) expect(errors(check(apply(s, errs)).issues)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    // Both outcomes occur: unique fixes (households, poor, end …) and ties (e.g. a small change
    // to households that no rate notices, which any member or the total explains).
    expect(seen.unique).toBeGreaterThan(50);
    expect(seen.tie).toBeGreaterThan(0);
  });
});

describe('the CLI text prints suggestions under their issue', () => {
  test('a unique fix, and a tie list', async () => {
    const { renderReport, PLAIN } = await import('../../src/cli/render');
    const one = renderReport(check(set(communeSheet(units), 'C8', 908)), 'vi', PLAIN);
    expect(one).toMatch(/✖ C8 sum-mismatch: .*\n {6}→ Đề xuất: C8 = 808 \(chắc chắn\) Sửa C8 từ 908 thành 808/);
    const rate = renderReport(check(set(communeSheet(units), 'H7', 1.64), 'en'), 'en', PLAIN);
    expect(rate).toMatch(/→ Suggestion: H7 = 1\.65 \(high confidence\)/);
    const r003 = checkWorkbook(await readXlsxFile(path.join(__dirname, '..', '..', 'samples', '003-thinh-duc.xlsx')), { lang: 'en', file: '003' });
    const text = renderReport(r003, 'en', PLAIN);
    expect(text).toMatch(/✖ C18 sum-mismatch: .*\n {6}→ Equally likely: C6 = 319, C7 = 309, .*C13 = 194.*C17 = 230\n/);
    expect(text).not.toMatch(/→ Suggestion/);
  });
});

describe('a total row left from a shorter list', () => {
  // Every column total is off and the total row's own rates still hold as typed, so no single
  // cell and no pair explains it. The pair search once tried each member of one sum against
  // each member of the next: quadratic in the rows (4 s for 4,000 rows).
  test('each stale total is reported, without a suggestion, on thousands of rows', () => {
    const units = randomUnits(3000, prng(7));
    const s = communeSheet(units);
    const stale = communeSheet(units.slice(0, 4));
    s.rows[s.rows.length - 1] = stale.rows[stale.rows.length - 1];
    const issues = check(s).issues;
    expect(pairs(issues, 'error')).toEqual(['C3004', 'D3004', 'E3004', 'F3004', 'G3004', 'I3004'].map((c) => `${c} sum-mismatch`));
    expect(issues.filter((i) => i.suggestion || i.alternatives?.length)).toEqual([]);
  });
});
