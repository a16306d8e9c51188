import { RULE_CODES } from '../../src/core/report';
import fc from 'fast-check';
import { checkWorkbook } from '../../src/core/engine';
import type { Cell, Sheet } from '../../src/core/grid';
import { parseA1 } from '../../src/core/grid';
import { communeSheet, type Unit } from '../helpers';

const RULES = [...RULE_CODES];

const WORDS = [
  'TT', 'STT', 'Đơn vị', 'Tên xóm', 'Tổng số hộ', 'Hộ nghèo', 'Hộ cận nghèo', 'Tỷ lệ (%)', 'Tỷ lệ %', 'Kế hoạch giảm', 'cuối kỳ', 'Phân tổ', 'Hộ', 'Nhân khẩu',
  'Tổng cộng', 'Cộng', 'Toàn tỉnh', 'I', 'II', 'A', '1.1', '10=2-8', '4=3/1*100', '9=1-2-3-4+5+6+7+8', '1.411', '9,92', '1,4%', '-', 'x', '', 'Thành thị', 'Xã A', 'Huyện B',
  '=SUM(', '#REF!', 'ỦY BAN NHÂN DÂN', 'Hộ nghèo không còn khả năng lao động', 'HN cứng', 'Hộ CS GN', '(1)', '1..2', '١٢٣',
];

const cellArb: fc.Arbitrary<Cell | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(...WORDS).map((v) => ({ value: { kind: 'text' as const, value: v } })),
  fc.string({ maxLength: 12 }).map((v) => ({ value: { kind: 'text' as const, value: v } })),
  fc.integer({ min: -5, max: 5000 }).map((v) => ({ value: { kind: 'number' as const, value: v } })),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((v) => ({ value: { kind: 'number' as const, value: v }, numFmt: '0.00' })),
  fc.constantFrom('#DIV/0!', '#N/A', '#REF!').map((v) => ({ value: { kind: 'error' as const, value: v } })),
  fc.boolean().map((v) => ({ value: { kind: 'boolean' as const, value: v } })),
  fc.constant({ value: { kind: 'date' as const, value: '2024-01-03T00:00:00.000Z' } }),
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([a, b]) => ({ value: { kind: 'number' as const, value: a + b }, formula: `SUM(C${a + 1}:C${b + 1})` })),
);

const sheetArb: fc.Arbitrary<Sheet> = fc
  .record({
    rows: fc.array(fc.array(cellArb, { maxLength: 9 }), { maxLength: 18 }),
    merges: fc.array(
      fc.tuple(fc.nat(17), fc.nat(8), fc.nat(3), fc.nat(3)).map(([top, left, h, w]) => ({ top, left, bottom: top + h, right: left + w })),
      { maxLength: 4 },
    ),
  })
  .map(({ rows, merges }) => ({ name: 'S', rows, merges }));

test('the reader never throws on arbitrary grids, and every issue names a real cell and a known rule', () => {
  fc.assert(
    fc.property(sheetArb, (s) => {
      const r = checkWorkbook({ sheets: [s] }, { lang: 'vi' });
      for (const i of r.issues) {
        expect(parseA1(i.cell)).not.toBeNull();
        expect(RULES).toContain(i.rule);
        expect(typeof i.message).toBe('string');
      }
    }),
    { numRuns: 400 },
  );
});

const unitArb: fc.Arbitrary<Unit> = fc
  .record({
    households: fc.integer({ min: 60, max: 980 }),
    poorShare: fc.double({ min: 0, max: 0.25, noNaN: true }),
    unableShare: fc.double({ min: 0, max: 1, noNaN: true }),
    reductionShare: fc.double({ min: 0, max: 1, noNaN: true }),
    nearShare: fc.double({ min: 0, max: 0.2, noNaN: true }),
  })
  .map((u) => {
    const poor = Math.max(1, Math.floor(u.households * u.poorShare));
    const unable = Math.floor(poor * u.unableShare);
    const reduction = Math.floor((poor - unable) * u.reductionShare);
    const nearPoor = Math.max(1, Math.floor(u.households * u.nearShare));
    return { name: 'Thôn', households: u.households, poor, unable, reduction, nearPoor };
  });

const tableArb = fc.array(unitArb, { minLength: 2, maxLength: 15 }).map((us) => us.map((u, i) => ({ ...u, name: `Thôn ${i + 1}` })));

test('recomputing a consistent synthetic table yields no issue', () => {
  fc.assert(
    fc.property(tableArb, (units) => {
      expect(checkWorkbook({ sheets: [communeSheet(units)] }).issues).toEqual([]);
    }),
    { numRuns: 300 },
  );
});

// Columns where one changed cell always breaks something: C households, D poor, F reduction,
// G end, H end rate, I near-poor, J near-poor rate.
const COLS = [2, 3, 5, 6, 7, 8, 9];

test('injecting one error yields an issue at that cell, and no error anywhere else', () => {
  fc.assert(
    fc.property(tableArb, fc.nat(), fc.constantFrom(...COLS), fc.integer({ min: 1, max: 30 }), fc.boolean(), (units, rowPick, col, delta, up) => {
      const s = communeSheet(units);
      const row = 3 + (rowPick % (units.length + 1)); // a unit or the total
      const cell = s.rows[row][col]!;
      const v = (cell.value as { value: number }).value;
      let next: number;
      if (col === 2) next = v * 2; // households: large enough to move the rates
      else if (col === 7 || col === 9) next = Math.round((v + (up ? 1 : -1) * delta * 0.07) * 100) / 100;
      else next = v + (up || v < delta ? delta : -delta);
      if (next === v) return;
      s.rows[row][col] = { ...cell, value: { kind: 'number', value: next } };
      const target = `${String.fromCharCode(65 + col)}${row + 1}`;
      const issues = checkWorkbook({ sheets: [s] }).issues;
      expect(issues.map((i) => i.cell)).toContain(target);
      expect(issues.filter((i) => i.severity === 'error' && i.cell !== target)).toEqual([]);
    }),
    { numRuns: 500 },
  );
});

test('the reader never throws on a real table with arbitrary cells overwritten', () => {
  fc.assert(
    fc.property(
      tableArb,
      fc.array(fc.tuple(fc.nat(20), fc.nat(11), cellArb), { maxLength: 12 }),
      fc.array(fc.tuple(fc.nat(20), fc.nat(10), fc.nat(2), fc.nat(2)), { maxLength: 3 }),
      (units, edits, merges) => {
        const s = communeSheet(units);
        for (const [r, c, cell] of edits) {
          while (s.rows.length <= r) s.rows.push([]);
          s.rows[r][c] = cell;
        }
        s.merges.push(...merges.map(([top, left, h, w]) => ({ top, left, bottom: top + h, right: left + w })));
        const r = checkWorkbook({ sheets: [s] }, { lang: 'en' });
        for (const i of r.issues) expect(RULES).toContain(i.rule);
      },
    ),
    { numRuns: 400 },
  );
});
