// A "Tỷ lệ" column typed as fractions (0,05 for 5 %, a formula =D/C left
// without ×100 and without a % format) is read as percentages with one note,
// not reported as an error on every row; a typo in it is still an error, and
// the value to type is suggested in the column's own scale.
import { checkWorkbook } from '../../src/core/engine';
import { sheet } from '../helpers';

const units = [
  ['Thôn A', 200, 10],
  ['Thôn B', 300, 12],
  ['Thôn C', 250, 9],
  ['Tổng cộng', 750, 31],
] as const;
const table = (rate: (poor: number, hh: number, i: number) => number) => [
  ['TT', 'Tên thôn', 'Tổng số hộ', 'Số hộ nghèo', 'Tỷ lệ hộ nghèo'],
  ...units.map((u, i) => [i < 3 ? String(i + 1) : '', u[0], u[1], u[2], rate(u[2], u[1], i)]),
];
const fraction = (p: number, hh: number) => Math.round((p / hh) * 10000) / 10000;

test('fractions throughout: one note for the column, no error', () => {
  const r = checkWorkbook({ sheets: [sheet('Xã', table(fraction))] });
  expect(r.issues.map((i) => [i.rule, i.cell, i.severity])).toEqual([['rate-as-fraction', 'E1', 'info']]);
  expect(r.issues[0].message).toContain('0,0500 nghĩa là 5,00 %');
});

test('a typo among the fractions is an error at its cell, and the suggestion is the fraction to type', () => {
  const r = checkWorkbook({ sheets: [sheet('Xã', table((p, hh, i) => fraction(p, hh) + (i === 1 ? 0.01 : 0)))] });
  const errors = r.issues.filter((i) => i.severity === 'error');
  expect(errors.map((i) => [i.rule, i.cell])).toEqual([['rate-mismatch', 'E3']]);
  expect(errors[0].suggestion?.value).toBe(0.04);
});

test('percentages, even small ones, are never taken for fractions', () => {
  const pct = checkWorkbook({ sheets: [sheet('Xã', table((p, hh) => Math.round((p / hh) * 10000) / 100))] });
  expect(pct.issues).toEqual([]);
  // Rates below 1 % (0,5 = 1 of 200): read as percentages, one typed as a fraction is an error.
  const small = [
    ['TT', 'Tên thôn', 'Tổng số hộ', 'Số hộ nghèo', 'Tỷ lệ hộ nghèo (%)'],
    ['1', 'Thôn A', 200, 1, 0.5],
    ['2', 'Thôn B', 400, 2, 0.005],
    ['3', 'Thôn C', 1000, 5, 0.5],
  ];
  const r = checkWorkbook({ sheets: [sheet('Xã', small)] });
  expect(r.issues.map((i) => i.rule)).not.toContain('rate-as-fraction');
  expect(r.issues.filter((i) => i.severity === 'error').map((i) => i.cell)).toEqual(['E3']);
});
