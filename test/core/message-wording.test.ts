// Words an officer reads once (issue 13): a single candidate said plainly, column
// labels never shown as numbers or operands, each of several increases named,
// thousands separators in every number, a tie's candidates listed once.
import * as path from 'path';
import { check, sheet } from '../helpers';
import { checkWorkbook, tablesOf } from '../../src/core/engine';
import { readXlsxFile } from '../../src/hosts/xlsx';
import { phrase } from '../../src/core/messages';
import { allocationPlan, RULE_SETS } from '../../src/core/allocation-plan';
import type { Lang } from '../../src/core/report';

const SAMPLES = path.join(__dirname, '..', '..', 'samples');
const sample = async (name: string, lang: Lang) => checkWorkbook(await readXlsxFile(path.join(SAMPLES, name)), { lang });

describe('a tie with one candidate', () => {
  // E = D × C by the numbered row; the total row has no households, so only D5 can make E5 hold,
  // and no single value of it is implied (0 × anything = 0).
  const s = () =>
    sheet('x', [
      ['STT', 'Đơn vị', 'Tổng số hộ', 'Số hộ nghèo', 'Số nhân khẩu nghèo'],
      ['1', '2', '3', '4', '5=4*3'],
      [1, 'Thôn A', 300, 20, 6000],
      [2, 'Thôn B', 300, 10, 3000],
      [null, 'Tổng cộng', null, 30, 100],
    ]);
  test('names the cell to change, not "any one of 1 cell"', () => {
    const vi = check(s(), 'vi').issues.find((i) => i.cell === 'E5')!;
    expect(vi.message).toContain('Ô cần sửa là D5 (Tổng cộng)');
    expect(vi.message).not.toMatch(/trong 1 ô|bất kỳ/);
    const en = check(s(), 'en').issues.find((i) => i.cell === 'E5')!;
    expect(en.message).toContain('D5 (Tổng cộng) is the cell to change');
    expect(en.message).not.toMatch(/any one of 1 cells?/);
  });
});

describe('a rate column declared as a difference of rates (001, 11=3-9)', () => {
  test('the operands are column letters; the label is never the stated value', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const r = await sample('001-cam-lo.xlsx', lang);
      const m10 = r.issues.find((i) => i.cell === 'M10')!;
      expect(m10.rule).toBe('balance-mismatch');
      expect(m10.stated).toBeNull();
      expect(m10.message).toContain(lang === 'vi' ? '(cột L ÷ cột C × 100)' : '(column L ÷ column C × 100)');
      expect(m10.message).not.toContain('10 ÷ 1 × 100');
      expect(m10.message).toMatch(lang === 'vi' ? /^Cột M khai báo 11=3-9 / : /^Column M is declared as 11=3-9, /);
    }
    const en = (await sample('001-cam-lo.xlsx', 'en')).issues.find((i) => i.cell === 'M10')!;
    expect(en.message).toContain('is off in 1 row:');
  });
});

describe('a balance with two increase columns', () => {
  const s = () =>
    sheet('x', [
      ['STT', 'Đơn vị', 'Số hộ nghèo đầu kỳ', 'Số hộ thoát nghèo', 'Số hộ nghèo phát sinh mới', 'Số hộ tái nghèo', 'Số hộ nghèo cuối kỳ'],
      [1, 'Thôn A', 100, 10, 6, 20, 110],
      [2, 'Thôn B', 100, 10, 6, 20, 116],
    ]);
  test('names each increase by its column', () => {
    const vi = check(s(), 'vi').issues.find((i) => i.cell === 'G2')!;
    expect(vi.message).toContain('100 (đầu kỳ) − 10 (giảm) + 6 (tăng, cột E) + 20 (tăng, cột F) = 116');
    expect(vi.message).not.toContain('(tăng) +');
    const en = check(s(), 'en').issues.find((i) => i.cell === 'G2')!;
    expect(en.message).toContain('+ 6 (increase, column E) + 20 (increase, column F)');
  });
  test('a single decrease keeps its short name', () => {
    expect(check(s(), 'vi').issues.find((i) => i.cell === 'G2')!.message).toContain('− 10 (giảm) +');
  });
});

describe('numbers in messages', () => {
  test('counts take the thousands separator: vi 10.000, en 10,000', () => {
    expect(phrase('sum', 'vi', { cell: 'C3', unit: '', stated: 5, n: 10000, members: 'C4…C10003', expected: 4 })).toContain('tổng 10.000 dòng');
    expect(phrase('sum', 'en', { cell: 'C3', unit: '', stated: 5, n: 10000, members: 'C4…C10003', expected: 4 })).toContain('its 10,000 member rows');
  });
  test('an allocation over 10,000 units says so with the separator', () => {
    const rows: unknown[][] = [['STT', 'Đơn vị', 'Tổng số hộ', 'Số hộ nghèo đầu kỳ']];
    for (let i = 0; i < 10000; i++) rows.push([i + 1, `Thôn ${i + 1}`, 100, 10]);
    const s = sheet('x', rows);
    const t = tablesOf(s)[0];
    expect(t.rows).toHaveLength(10000);
    for (const lang of ['vi', 'en'] as const) {
      const r = allocationPlan(s, t, { lang, target: { kind: 'households', reduction: 20000 }, basis: 'poor', rules: RULE_SETS.none });
      const line = r.explanation.find((l) => /10[.,]000/.test(l) && /đơn vị|units/.test(l))!;
      expect(line).toContain(lang === 'vi' ? 'cho 10.000 đơn vị' : 'to 10,000 units');
      expect(r.explanation.join('\n')).not.toMatch(/\b10000\b/);
    }
  });
  test('a row number is not a quantity: no separator', () => {
    expect(phrase('zero-row', 'vi', { unit: '', row: '12345' })).toContain('12345');
  });
});

describe('003 Thịnh Đức: the tie lists its candidates once', () => {
  test('the alternatives name the hamlets; the message counts them by slip', async () => {
    const r = await sample('003-thinh-duc.xlsx', 'vi');
    const c18 = r.issues.find((i) => i.cell === 'C18')!;
    expect(c18.alternatives).toHaveLength(12);
    // Each candidate cell appears once in what the officer reads: in the alternatives, not again in the message.
    expect(c18.message).not.toContain('→');
    for (const hamlet of ['NHÂN HÒA', 'ĐẦU PHẦN', 'XÓM LƯỢT']) expect(c18.message).not.toContain(hamlet);
    expect(c18.message).toContain('Ở 12 dòng trong số đó, chênh lệch này chỉ là một lỗi gõ (gõ nhầm một chữ số: 10 dòng, thiếu một chữ số: 2 dòng).');
    expect(c18.alternatives!.find((a) => a.cell === 'C13')!.reason).toContain('C13 (ĐẦU PHẦN): 94 → 194 (thiếu một chữ số)');
    const en = (await sample('003-thinh-duc.xlsx', 'en')).issues.find((i) => i.cell === 'C18')!;
    expect(en.message).toContain('In 12 of them the difference is a single typing slip (one digit mistyped in 10 rows, a digit dropped in 2 rows).');
  });
});
