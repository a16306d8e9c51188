import { check, communeSheet, pairs, randomUnits, prng, sheet, type Unit, COMMUNE_HEADER, unitRow } from '../helpers';

const units: Unit[] = [
  { name: 'Thôn An', households: 219, poor: 6, unable: 2, reduction: 1, nearPoor: 4 },
  { name: 'Thôn Bình', households: 209, poor: 6, unable: 4, reduction: 1, nearPoor: 1 },
  { name: 'Thôn Cường', households: 198, poor: 2, unable: 1, reduction: 0, nearPoor: 3 },
  { name: 'Thôn Đông', households: 182, poor: 4, unable: 2, reduction: 1, nearPoor: 2 },
];
// rows 4..7 units, row 8 total

function withCell(s: ReturnType<typeof communeSheet>, addr: string, value: unknown) {
  const m = /^([A-Z])(\d+)$/.exec(addr)!;
  const r = parseInt(m[2], 10) - 1;
  const c = m[1].charCodeAt(0) - 65;
  const old = s.rows[r][c];
  s.rows[r][c] = value === null ? undefined : { ...(old ?? {}), value: typeof value === 'number' ? { kind: 'number', value } : { kind: 'text', value: String(value) } } as never;
  return s;
}

describe('a consistent table', () => {
  test('produces no issue at all', () => {
    expect(check(communeSheet(units)).issues).toEqual([]);
  });
  test('recognises every column', () => {
    const t = check(communeSheet(units)).sheets[0].tables[0];
    expect(t.range).toBe('A3:J8');
    expect(t.columns.map((c) => c.role)).toEqual([
      'ordinal', 'unit', 'households', 'poor.start', 'poor.unable', 'poor.decrease', 'poor.end', 'poor.end.rate', 'nearPoor.start', 'nearPoor.start.rate',
    ]);
  });
});

describe('locating the wrong cell', () => {
  test('a wrong total is reported at the total, once', () => {
    const r = check(withCell(communeSheet(units), 'C8', 908));
    // 908 breaks the sum of C and both rates of the total row: one issue at C8.
    expect(pairs(r.issues)).toEqual(['C8 sum-mismatch']);
    const i = r.issues[0];
    expect(i.stated).toBe(908);
    expect(i.expected).toBe(808);
    expect(i.relations).toHaveLength(3);
  });
  test('a wrong member count is reported at the member, with the value that fits', () => {
    // Thôn Bình poor 6 typed as 60: breaks column D total, end balance, bounds.
    const r = check(withCell(communeSheet(units), 'D5', 60));
    expect(pairs(r.issues)).toEqual(['D5 sum-mismatch']);
    expect(r.issues[0].expected).toBe(6);
    expect(r.issues[0].message).toContain('D5 (Thôn Bình)');
  });
  test('a wrong households cell of a member is found through its rates and the column total', () => {
    const r = check(withCell(communeSheet(units), 'C6', 298));
    expect(pairs(r.issues)).toEqual(['C6 sum-mismatch']);
    expect(r.issues[0].expected).toBe(198);
  });
  test('a wrong end count is reported at the end cell', () => {
    const r = check(withCell(communeSheet(units), 'G4', 7));
    expect(pairs(r.issues)).toEqual(['G4 balance-mismatch']);
    expect(r.issues[0].expected).toBe(5);
  });
  test('a relation broken alone is reported at its derived cell', () => {
    // Only the total's end rate is wrong.
    const r = check(withCell(communeSheet(units), 'H8', 1.99));
    expect(pairs(r.issues)).toEqual(['H8 rate-mismatch']);
    expect(r.issues[0].severity).toBe('error');
  });
});

describe('rates', () => {
  test('a truncated rate is a warning that says so', () => {
    // 5 / 182 = 2.747… → 2.75; truncated 2.74
    const r = check(withCell(communeSheet(units), 'H7', 1.64));
    const s = communeSheet(units);
    expect(s.rows[6][7]!.value).toEqual({ kind: 'number', value: 1.65 });
    expect(pairs(r.issues)).toEqual(['H7 rate-mismatch']);
    expect(r.issues[0].severity).toBe('warning');
    expect(r.issues[0].message).toMatch(/cắt bớt/);
    expect(check(withCell(communeSheet(units), 'H7', 1.64), 'en').issues[0].message).toMatch(/truncated/);
  });
  test('a total rate that is the mean of member rates is explained', () => {
    // end rates: 2.28, 2.39, 1.01, 1.65 → mean 1.8325 → 1.83; true 15/808 = 1.86 (truncated 1.85)
    const s = communeSheet(units);
    const r = check(withCell(s, 'H8', 1.83));
    expect(pairs(r.issues)).toEqual(['H8 rate-mismatch']);
    expect(r.issues[0].message).toMatch(/trung bình cộng/);
  });
  test('rate precision follows the number format, and the digits typed in text', () => {
    const s = communeSheet(units);
    s.rows[3][7] = { value: { kind: 'text', value: '2,3' } }; // 5/219 = 2.283 → 2.3 at one decimal
    expect(check(s).issues.filter((i) => i.rule === 'rate-mismatch')).toEqual([]);
    s.rows[3][7] = { value: { kind: 'text', value: '2,30' } }; // at two decimals it is 2.28
    expect(pairs(check(s).issues, 'warning')).toEqual(['H4 number-as-text', 'H4 rate-mismatch']);
  });
  test('a rate with a zero base is invalid', () => {
    // A stated rate over 0 households (issue 12: 0 typed over 0 is accepted, an all-zero row is one note).
    const s = sheet('x', [COMMUNE_HEADER, [1, 'A', 0, 0, 0, 0, 0, 1.5, 0, 2]]);
    const r = check(s);
    expect(pairs(r.issues)).toEqual(['H2 invalid-value', 'J2 invalid-value']);
    expect(pairs(check(sheet('x', [COMMUNE_HEADER, [1, 'A', 0, 0, 0, 0, 0, 0, 0, 0]])).issues)).toEqual(['C2 not-checked']);
  });
});

describe('bounds and values', () => {
  test('a reduction above the poor able to work exceeds its bound', () => {
    // Thôn Bình: poor 6, unable 4 → at most 2; end and totals adjusted so only the bound breaks.
    const u = units.map((x) => ({ ...x }));
    u[1].reduction = 3;
    const r = check(communeSheet(u));
    expect(pairs(r.issues)).toEqual(['F5 exceeds-bound']);
    expect(r.issues[0].expected).toBe(2);
  });
  test('negative, fractional, over 100 and error values are invalid and skipped by the relations', () => {
    const s = communeSheet(units);
    withCell(s, 'E4', -1);
    withCell(s, 'I5', 1.5);
    withCell(s, 'J6', 150);
    s.rows[6][9] = { value: { kind: 'error', value: '#DIV/0!' } };
    const r = check(s);
    expect(pairs(r.issues)).toEqual(['E4 invalid-value', 'I5 invalid-value', 'J6 invalid-value', 'J7 invalid-value']);
  });
  test('text that is not a number, and a date, are invalid', () => {
    const s = communeSheet(units);
    withCell(s, 'D4', 'sáu');
    s.rows[4][2] = { value: { kind: 'date', value: '2022-03-01T00:00:00.000Z' } };
    const r = check(s);
    expect(pairs(r.issues, 'error')).toEqual(['C5 invalid-value', 'D4 invalid-value']);
    expect(r.issues.find((i) => i.cell === 'C5')!.message).toMatch(/ngày tháng/);
  });
  test('numbers typed as text are read, flagged once per column, and still checked', () => {
    const s = communeSheet(units);
    withCell(s, 'C4', '219');
    withCell(s, 'C5', '209');
    withCell(s, 'D4', '7'); // wrong as well
    const r = check(s);
    const asText = r.issues.filter((i) => i.rule === 'number-as-text');
    expect(asText.map((i) => [i.cell, i.cells])).toEqual([
      ['C4', ['C4', 'C5']],
      ['D4', ['D4']],
    ]);
    expect(pairs(r.issues, 'error')).toEqual(['D4 sum-mismatch']);
  });
  test('a lone dash is an empty cell', () => {
    const s = communeSheet(units);
    withCell(s, 'F6', '-');
    expect(check(s).issues).toEqual([]);
  });
});

describe('sums and formulas', () => {
  test('a SUM formula that leaves a member row out is flagged even when the value agrees', () => {
    const s = communeSheet(units);
    s.rows[7][3] = { value: { kind: 'number', value: 18 }, formula: 'SUM(D4:D6)' }; // D7 = 4 left out … and value wrong
    const r = check(s);
    expect(r.issues.find((i) => i.cell === 'D8')!.message).toMatch(/SUM\(D4:D6\).*7/);
    const s2 = communeSheet(units.map((u, i) => (i === 3 ? { ...u, poor: 0, unable: 0, reduction: 0 } : u)));
    s2.rows[7][3] = { value: { kind: 'number', value: 14 }, formula: 'SUM(D4:D6)' }; // D7 is 0: value agrees today
    expect(pairs(check(s2).issues)).toEqual(['D8 sum-mismatch']);
  });
  test('a complete SUM formula is fine', () => {
    const s = communeSheet(units);
    s.rows[7][3] = { value: { kind: 'number', value: 18 }, formula: 'SUM(D4:D7)' };
    expect(check(s).issues).toEqual([]);
  });
  test('numbered-column formulas become checks', () => {
    const values: unknown[][] = [
      ['STT', 'Đơn vị', 'Tổng số hộ', 'Số hộ nghèo', 'Tỷ lệ hộ nghèo (%)', 'Hộ nghèo thoát nghèo', 'Hộ tái nghèo', 'Hộ nghèo phát sinh mới', 'Hộ nghèo cuối kỳ'],
      ['A', 'B', '1', '2', '3=2/1*100', '4', '5', '6', '7=2-4+5+6'],
      [1, 'Xã A', 1000, 50, 5, 10, 1, 2, 43],
      [2, 'Xã B', 800, 40, 5.5, 5, 0, 0, 36],
    ];
    const r = check(sheet('x', values));
    // Xã B: 40/800 = 5.0 ≠ 5.5 (General format shows one decimal in this column); end 40−5 = 35 ≠ 36.
    // No single cell explains both (D4 = 41 would fix the end but gives 5.1), so two issues.
    expect(pairs(r.issues)).toEqual(['E4 rate-mismatch', 'I4 balance-mismatch']);
    expect(r.sheets[0].tables[0].columns.map((c) => c.role)).toEqual([
      'ordinal', 'unit', 'households', 'poor.start', 'poor.start.rate', 'poor.exit', 'poor.reentry', 'poor.new', 'poor.end',
    ]);
  });
  test('a numbered formula that is not a plain sum or rate is evaluated exactly', () => {
    const values: unknown[][] = [
      ['STT', 'Đơn vị', 'Tổng số hộ', 'Hộ nghèo', 'Hộ cận nghèo', 'Hộ nghèo và cận nghèo (%)'],
      ['A', 'B', '1', '2', '3', '4=(2+3)/1*100'],
      [1, 'Xã A', 300, 10, 5, 5],
      [2, 'Xã B', 300, 10, 6, 5],
    ];
    const s = sheet('x', values);
    s.rows[2][5]!.numFmt = '0.00';
    s.rows[3][5]!.numFmt = '0.00';
    const r = check(s);
    expect(pairs(r.issues)).toEqual(['F4 balance-mismatch']);
    expect(r.issues[0].expected).toBe(5.33);
  });
});

describe('what cannot be read', () => {
  test('a sheet with no table reports that and nothing else', () => {
    const r = check(sheet('Ghi chú', [['Số liệu lấy từ kết quả rà soát cuối năm 2023.'], [], ['Người lập biểu']]));
    expect(r.issues.map((i) => [i.sheet, i.cell, i.rule, i.severity])).toEqual([['Ghi chú', 'A1', 'no-table', 'info']]);
    expect(r.sheets[0].tables).toEqual([]);
  });
  test('an unrecognised column is reported, not guessed', () => {
    const values = [['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo', 'Ghi chú của cán bộ'], [1, 'A', 100, 3, 'đã rà soát']];
    const r = check(sheet('x', values));
    expect(r.sheets[0].tables[0].columns[4]).toEqual({ column: 'E', role: 'unknown', header: 'Ghi chú của cán bộ', confidence: 0 });
    expect(pairs(r.issues)).toEqual(['E1 unknown-column']);
  });
  test('a header only table gets one note and nothing else', () => {
    expect(pairs(check(sheet('x', [COMMUNE_HEADER])).issues)).toEqual(['A1 not-checked']);
  });
});

test('every table of a generated commune set is clean', () => {
  const rnd = prng(7);
  for (let k = 0; k < 20; k++) expect(check(communeSheet(randomUnits(12, rnd))).issues).toEqual([]);
});

describe('a province appendix without a households column', () => {
  const appendix = (totalRate: number) =>
    sheet('Phụ lục', [
      ['STT', 'Đơn vị', 'Tổng số hộ nghèo năm 2023', 'Tỷ lệ nghèo năm 2023', 'Số hộ nghèo giảm năm 2024', 'Tổng số hộ nghèo còn lại năm 2024', 'Tỷ lệ năm 2024'],
      [null, 'Toàn tỉnh', 7540, totalRate, 1595, 5945, 1.76],
      [1, 'Thành phố Huế', 859, 0.65, 103, 756, 0.56],
      [2, 'Thị xã Hương Thủy', 166, 0.64, 16, 150, 0.57],
      [3, 'Thị xã Hương Trà', 277, 1.5, 28, 249, 1.33],
      [4, 'Huyện Phong Điền', 615, 2.05, 54, 561, 1.85],
      [5, 'Huyện Quảng Điền', 445, 1.7, 33, 412, 1.56],
      [6, 'Huyện Phú Lộc', 692, 1.66, 67, 625, 1.48],
      [7, 'Huyện Phú Vang', 811, 2.27, 67, 744, 2.05],
      [8, 'Huyện Nam Đông', 190, 2.62, 31, 159, 2.16],
      [9, 'Huyện A Lưới', 3485, 24.4, 1196, 2289, 15.83],
    ]);
  test('as published it holds together', () => {
    expect(pairs(check(appendix(2.27)).issues)).toEqual(['D1 not-checked']);
  });
  test('a province rate taken as the mean of the units\' rates is caught through implied households', () => {
    // mean of 0.65 … 24.40 = 4.1656 → 4.17
    const r = check(appendix(4.17));
    expect(pairs(r.issues)).toEqual(['D1 not-checked', 'D2 rate-mismatch']);
    expect(r.issues.find((i) => i.cell === 'D2')!.message).toMatch(/trung bình cộng/);
  });
  test('a sum or a balance that does not hold is still found', () => {
    const s = appendix(2.27);
    s.rows[10][5] = { value: { kind: 'number', value: 2298 } }; // A Lưới end 2289 typed 2298
    expect(pairs(check(s).issues)).toEqual(['D1 not-checked', 'F11 balance-mismatch']);
  });
});
