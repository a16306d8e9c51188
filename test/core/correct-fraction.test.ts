// A corrected table keeps a rate column typed as fractions (0,0826 for
// 8,26 %, rate-as-fraction) in its own scale: the recomputed rate is
// ROUND(count/base, the column's decimals), not percent points, and an
// applied suggestion is the fraction to type.
import { a1, type Sheet } from '../../src/core/grid';
import { findTables } from '../../src/core/tables';
import { checkWorkbook } from '../../src/core/engine';
import type { Issue } from '../../src/core/report';
import type { PlannedCell, SheetPlan } from '../../src/core/plan';
import { correctedTablePlan, planToSheet } from '../../src/core/correct';
import { sheet } from '../helpers';

const at = (plan: SheetPlan, addr: string): PlannedCell | undefined => plan.cells.find((c) => a1(c.row, c.col) === addr);

/** Rows 2–5: four hamlets, the rate in E as count ÷ base at four decimals; E3 typed 0,0500 for 0,0400. */
function fractionSheet(numFmt: string | undefined, poorB: number | string = 12): Sheet {
  const s = sheet('Xã', [
    ['TT', 'Tên thôn', 'Tổng số hộ', 'Số hộ nghèo', 'Tỷ lệ hộ nghèo'],
    ['1', 'Thôn A', 200, 10, 0.05],
    ['2', 'Thôn B', 300, poorB, 0.05],
    ['3', 'Thôn C', 250, 9, 0.036],
    ['4', 'Thôn D', 1210, 100, 0.0826],
  ]);
  if (numFmt) for (let r = 1; r <= 4; r++) s.rows[r][4]!.numFmt = numFmt;
  return s;
}

function plan(s: Sheet, issues: Issue[], apply: 'safe' | 'all' = 'safe') {
  return correctedTablePlan(s, findTables(s)[0], issues, { lang: 'vi', apply, date: new Date(2026, 11, 2) });
}

describe.each([
  ['0.0000', '0.0000'],
  ['General', undefined],
])('a fraction column (%s format)', (_, numFmt) => {
  test('the recomputed rate is count ÷ base at the column decimals, in the column format', () => {
    const s = fractionSheet(numFmt);
    const issues = checkWorkbook({ sheets: [s] }).issues;
    expect(issues.map((i) => `${i.cell} ${i.rule}`)).toEqual(['E1 rate-as-fraction', 'E3 rate-mismatch']);
    const p = plan(s, issues);
    // The corrected sheet has the marker row and a blank row first: source row 3 is row 5.
    expect(at(p, 'E4')).toMatchObject({ formula: 'ROUND(D4/C4,4)', result: 0.05, numFmt: '0.0000' });
    expect(at(p, 'E5')).toMatchObject({ formula: 'ROUND(D5/C5,4)', result: 0.04, numFmt: '0.0000' });
    expect(at(p, 'E7')).toMatchObject({ formula: 'ROUND(D7/C7,4)', result: 0.0826 });
    // Only the typo is recomputed, and its note speaks in the column's scale.
    expect(p.recomputed).toEqual([{ sourceCell: 'E3', cell: 'E5' }]);
    expect(at(p, 'E5')!.note).toContain('0,0400');
    // The corrected sheet is still fractions throughout, and nothing else is wrong with it.
    expect(checkWorkbook({ sheets: [planToSheet(p)] }).issues.map((i) => `${i.cell} ${i.rule}`)).toEqual(['E3 rate-as-fraction']);
  });
});

test('a suggestion applied where no formula can be written is the fraction suggested', () => {
  // D3 unusable: no formula for E3, so the suggestion (as the checks make it, in the column's scale) is written.
  const s = fractionSheet('0.0000', 'x');
  const issue: Issue = {
    sheet: 'Xã',
    cell: 'E3',
    rule: 'rate-mismatch',
    severity: 'error',
    message: '…',
    stated: 5,
    expected: 4,
    suggestion: { cell: 'E3', value: 0.04, kind: 'typo-digit', reason: 'Gõ nhầm một chữ số.', confidence: 'high' },
  };
  const p = plan(s, [issue]);
  expect(at(p, 'E5')).toMatchObject({ value: 0.04, numFmt: '0.0000' });
  expect(at(p, 'E5')!.formula).toBeUndefined();
  expect(p.applied).toMatchObject([{ sourceCell: 'E3', cell: 'E5', old: 0.05, value: 0.04 }]);
  expect(at(p, 'E5')!.note).toContain('0,0400');
  expect(at(p, 'E4')).toMatchObject({ formula: 'ROUND(D4/C4,4)', result: 0.05 });
});

test('a percent-points column and a % column keep their own scales beside it', () => {
  const s = sheet('Xã', [
    ['TT', 'Tên thôn', 'Tổng số hộ', 'Số hộ nghèo', 'Tỷ lệ hộ nghèo (%)'],
    ['1', 'Thôn A', 200, 10, 5],
    ['2', 'Thôn B', 300, 12, 4],
  ]);
  expect(at(plan(s, []), 'E4')).toMatchObject({ formula: 'ROUND(D4/C4*100,0)', result: 5 });
  const pct = fractionSheet('0.00%');
  const p = plan(pct, checkWorkbook({ sheets: [pct] }).issues);
  expect(at(p, 'E5')).toMatchObject({ formula: 'ROUND(D5/C5,4)', result: 0.04, numFmt: '0.00%' });
});
