// Relations from the structure of a table (issue 12 items 4–7): transfers in
// both populations' balances, subgroups bounded at their own time, rates over
// the base their role names, declared "5=4/3" over a rate, zero rows, 0 ÷ 0,
// indicator-row tables.
import * as path from 'path';
import { check, pairs, sheet } from '../helpers';
import { findTables } from '../../src/core/tables';
import { colName } from '../../src/core/grid';
import { tableRelations } from '../../src/core/relations';
import { readXlsxFile } from '../../src/hosts/xlsx';
import { checkWorkbook } from '../../src/core/engine';

const FORMS = path.resolve(__dirname, '..', '..', '..', 'shared', 'forms');

const relText = (t: ReturnType<typeof findTables>[number]) =>
  tableRelations(t).rows.map((x) =>
    x.kind === 'bound' ? `${colName(x.lhs)}<=${x.terms.map((y) => colName(y.col)).join('+')}` : `${colName(x.target)}=${x.terms.map((y) => (y.coef < 0 ? '-' : '+') + colName(y.col)).join('')}`,
  );

describe('transfers between the poor and the near-poor', () => {
  const v: unknown[][] = [
    ['TT', 'Đơn vị', 'Hộ nghèo đầu kỳ', 'Diễn biến giảm số hộ nghèo', 'Diễn biến tăng số hộ nghèo', 'Hộ nghèo cuối kỳ', 'Hộ cận nghèo đầu kỳ', 'Hộ cận nghèo cuối kỳ'],
    ['', '', '', 'Số hộ thoát nghèo', 'Số hộ cận nghèo trở thành hộ nghèo', '', '', ''],
    [1, 'Xã A', 50, 10, 4, 44, 80, 76],
    [2, 'Xã B', 30, 5, 2, 27, 40, 38],
    ['', 'Tổng cộng', 80, 15, 6, 71, 120, 114],
  ];
  const merges = ['A1:A2', 'B1:B2', 'C1:C2', 'F1:F2', 'G1:G2', 'H1:H2'];

  test('a transfer counted under the poor is also a decrease of the near-poor', () => {
    const t = findTables(sheet('x', v, merges))[0];
    expect(relText(t)).toEqual(expect.arrayContaining(['F=+C-D+E', 'H=+G-E']));
    expect(pairs(check(sheet('x', v, merges)).issues, 'warning')).toEqual([]);
  });

  test('a wrong transfer is found at its cell, through both balances', () => {
    const w = v.map((r) => r.slice());
    w[2][4] = 9;
    expect(pairs(check(sheet('x', w, merges)).issues, 'warning')).toEqual(['E3 sum-mismatch']);
  });

  test('a transfer left unknown (no group to say whose) leaves the balances unchecked, not false', () => {
    const flat = [v[0].map((h, i) => (i === 3 ? 'Số hộ thoát nghèo' : i === 4 ? 'Số hộ cận nghèo trở thành hộ nghèo' : h)), ...v.slice(2)];
    expect(pairs(check(sheet('x', flat)).issues, 'warning')).toEqual([]);
  });
});

describe('rates and declared formulas', () => {
  const d: unknown[][] = [
    ['TT', 'Đơn vị', 'Tổng số hộ', 'Hộ nghèo', 'Tỷ lệ hộ nghèo (%)'],
    ['A', 'B', 3, 4, '5=4/3'],
    [1, 'Xã A', 200, 5, 2.5],
    [2, 'Xã B', 300, 6, 2],
  ];
  test('"5=4/3" over a percentage column means ×100', () => {
    expect(pairs(check(sheet('x', d)).issues, 'warning')).toEqual([]);
    const w = d.map((r) => r.slice());
    w[3][4] = 3;
    expect(pairs(check(sheet('x', w)).issues, 'warning')).toEqual(['E4 rate-mismatch']);
  });

  test('persons rates are over persons (Mẫu 7.1)', async () => {
    const wb = await readXlsxFile(path.join(FORMS, 'tt07-mau-7.1-ket-qua-ra-soat.xlsx'));
    const rels = tableRelations(findTables(wb.sheets[0])[0]);
    expect(rels.rates.map((r) => `${colName(r.target)}=${colName(r.count)}/${colName(r.base)}`)).toEqual(['F=E/C', 'H=G/C', 'J=I/C', 'L=K/D', 'N=M/D', 'P=O/D']);
  });
});

describe('subgroups and parts from what the columns mean', () => {
  test('an end-of-period subgroup is bounded by the end count, and by the same subgroup of all households (Mẫu số 3)', async () => {
    const wb = await readXlsxFile(path.join(FORMS, 'mau-so-3-ra-soat-ho-can-ngheo.xlsx'));
    const rel = relText(findTables(wb.sheets[0])[0]);
    expect(rel).toEqual(expect.arrayContaining(['G<=E', 'Q<=O', 'G<=D', 'Q<=D']));
    expect(rel).not.toContain('Q<=E');
  });

  test('Kinh + DTTS = all, named groups with "Khác" add up to DTTS (Mẫu 7.9); deprivation total = Σ indicators (Mẫu 7.4)', async () => {
    const eth = relText(findTables((await readXlsxFile(path.join(FORMS, 'tt07-mau-7.9-dan-toc.xlsx'))).sheets[0])[0]);
    expect(eth).toEqual(expect.arrayContaining(['C=+D+E', 'E=+F+G+H+I+J+K+L+M+N+O', 'P=+Q+R']));
    const dep = relText(findTables((await readXlsxFile(path.join(FORMS, 'tt07-mau-7.4-thieu-hut-ho-ngheo.xlsx'))).sheets[0])[0]);
    expect(dep).toContain('D=+E+F+G+H+I+J+K+L+M+N+O+P');
  });

  test('households ≤ persons, a population\'s households ≤ its persons (Mẫu 7.1)', async () => {
    const rel = relText(findTables((await readXlsxFile(path.join(FORMS, 'tt07-mau-7.1-ket-qua-ra-soat.xlsx'))).sheets[0])[0]);
    expect(rel).toEqual(expect.arrayContaining(['C<=D', 'E<=K', 'G<=M', 'I<=O']));
  });
});

describe('one root, one issue', () => {
  const z: unknown[][] = [
    ['TT', 'Đơn vị', 'Tổng số hộ', 'Hộ nghèo', 'Tỷ lệ hộ nghèo (%)', 'Hộ cận nghèo', 'Tỷ lệ hộ cận nghèo (%)'],
    [1, 'Xã A', 100, 5, 5, 10, 10],
    [2, 'Xã B', 0, 0, 0, 0, 0],
    ['', 'Tổng cộng', 100, 5, 5, 10, 10],
  ];
  test('an all-zero row is one note', () => {
    const issues = check(sheet('x', z)).issues;
    expect(pairs(issues)).toEqual(['C3 not-checked']);
    expect(issues[0].message).toMatch(/chưa có số liệu/);
  });

  test('0 ÷ 0 typed as 0 is accepted; a rate over 0 households is not', () => {
    const w = z.map((r) => r.slice());
    w[2] = [2, 'Xã B', 0, 0, 0, 3, 0];
    w[3][5] = 13;
    expect(pairs(check(sheet('x', w)).issues, 'warning')).not.toContain('E3 invalid-value');
    w[2][4] = 1;
    expect(pairs(check(sheet('x', w)).issues, 'warning')).toContain('E3 invalid-value');
  });

  test('an indicator-row table is one not-checked note with the reason', () => {
    const v: unknown[][] = [
      ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Năm 2021', 'Năm 2022', 'Năm 2023'],
      [1, 'Tổng số hộ', 'Hộ', 1200, 1230, 1250],
      [2, 'Số hộ nghèo', 'Hộ', 60, 48, 41],
      [3, 'Tỷ lệ hộ nghèo', '%', 5, 3.9, 3.28],
    ];
    const issues = check(sheet('x', v)).issues;
    expect(issues.map((i) => `${i.rule} ${i.severity}`)).toEqual(['not-checked info']);
    expect(issues[0].message).toMatch(/chỉ tiêu/);
  });
});

describe('one root, one issue: consequences and two readings', () => {
  test('a count above its households is one issue that names the rate above 100 %', () => {
    const z: unknown[][] = [
      ['TT', 'Đơn vị', 'Tổng số hộ', 'Hộ nghèo', 'Tỷ lệ hộ nghèo (%)'],
      [1, 'Xã A', 100, 5, 5],
      [2, 'Xã B', 40, 50, 125],
      [3, 'Xã C', 200, 10, 5],
      ['', 'Tổng cộng', 340, 65, 19.12],
    ];
    const issues = check(sheet('x', z)).issues;
    expect(pairs(issues, 'warning')).toEqual(['D3 exceeds-bound']);
    expect(issues[0].message).toMatch(/E3.*100/);
  });

  const d: unknown[][] = [
    ['TT', 'Đơn vị', 'Hộ nghèo đầu kỳ', 'Số hộ thoát nghèo', 'Số hộ tái nghèo', 'Hộ nghèo cuối kỳ'],
    ['A', 'B', 1, 2, 3, '4=1-2'],
    [1, 'Xã A', 50, 10, 4, 40],
    [2, 'Xã B', 30, 5, 2, 25],
    [3, 'Xã C', 20, 5, 0, 15],
    ['', 'Tổng cộng', 100, 20, 6, 80],
  ];
  test('a declared formula that holds wins over the headers\' balance, with a note', () => {
    const issues = check(sheet('x', d)).issues;
    expect(pairs(issues)).toEqual(['F2 declared-formula-used']);
    expect(issues[0].message).toMatch(/4=1-2/);
  });

  test('both readings failing at one cell are one issue with both expected values', () => {
    const e = d.map((r) => r.slice());
    e[2][5] = 41;
    e[5][5] = 81;
    const issues = check(sheet('x', e)).issues.filter((i) => i.severity === 'error');
    expect(issues.filter((i) => i.cell === 'F3')).toHaveLength(1);
    expect(issues.find((i) => i.cell === 'F3')!.message).toMatch(/40.*44/);
  });
});

describe('disjoint classes', () => {
  test('poor + near-poor + middle ≤ households (Mẫu 7.1): a near-poor count that breaks it is found at its cell', async () => {
    const wb = await readXlsxFile(path.join(FORMS, 'tt07-mau-7.1-ket-qua-ra-soat.xlsx'));
    const s = wb.sheets[0];
    const t = findTables(s)[0];
    const rels = tableRelations(t).rows.filter((x) => x.kind === 'bound' && x.message === 'bound-classes');
    expect(rels.map((x) => (x.kind === 'bound' ? colName(x.lhs) : ''))).toEqual(['E', 'K']);
    const member = t.rows.find((r) => !r.members.length && t.rows.some((g) => g.members.includes(t.rows.indexOf(r))))!.row;
    const n = (col: number) => {
      const v = s.rows[member][col]?.value;
      return v?.kind === 'number' ? v.value : 0;
    };
    // G (near-poor) raised to C − E − I + 3: still ≤ C, but the three classes exceed the households.
    s.rows[member][6] = { value: { kind: 'number', value: n(2) - n(4) - n(8) + 3 } };
    const issues = checkWorkbook(wb, { file: 'x.xlsx' }).issues.filter((i) => i.severity === 'error');
    expect(issues.map((i) => i.cell)).toContain(`G${member + 1}`);
  });
});

describe('numbered rows that are not formulas', () => {
  test('a hierarchy (1.0, 1.1, 1.2.1) and "I" printed for "1" declare no formula', async () => {
    const eth = findTables((await readXlsxFile(path.join(FORMS, 'tt07-mau-7.9-dan-toc.xlsx'))).sheets[0])[0];
    expect(tableRelations(eth).declared).toEqual([]);
    const plan = findTables((await readXlsxFile(path.join(FORMS, 'ke-hoach-huyen-chi-tieu-giam-ngheo.xlsx'))).sheets[0])[0];
    expect(tableRelations(plan).declared.map((r) => (r.kind === 'rate-formula' ? r.target.label : 'label' in r ? r.label : ''))).toEqual(['10=2-8', '11=3-9']);
  });
});
