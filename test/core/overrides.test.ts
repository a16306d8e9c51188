// Role choices made in the pane override recognition, column by column.
import { checkWorkbook } from '../../src/core/engine';
import { ROLE_CODES, roleFromCode } from '../../src/core/roles';
import { communeSheet, pairs, prng, randomUnits } from '../helpers';

function sheetWithUnreadableEnd() {
  const s = communeSheet(randomUnits(6, prng(7)), 'Xã');
  s.rows[2][6] = { value: { kind: 'text', value: 'Cột 7' } };
  // Row 6: end poor households typed 3 too high, rate left as it was.
  const cell = s.rows[5][6]!;
  cell.value = { kind: 'number', value: (cell.value as { value: number }).value + 3 };
  return s;
}

test('a column recognition missed is checked once the user names its role', () => {
  const s = sheetWithUnreadableEnd();
  const before = checkWorkbook({ sheets: [s] });
  expect(before.sheets[0].tables[0].columns.find((c) => c.column === 'G')!.role).toBe('unknown');
  expect(pairs(before.issues, 'error')).not.toContain('G6 balance-mismatch');

  const after = checkWorkbook({ sheets: [s] }, { roles: { Xã: { G: 'poor.end' } } });
  const cols = after.sheets[0].tables[0].columns;
  expect(cols.find((c) => c.column === 'G')!.role).toBe('poor.end');
  expect(cols.find((c) => c.column === 'H')!.role).toBe('poor.end.rate');
  // The typo breaks the balance and the rate of row 6 and the column total: one cell explains all three.
  const at = after.issues.filter((i) => i.cell === 'G6' && i.severity === 'error');
  expect(at.length).toBe(1);
  expect(at[0].expected).toBe((s.rows[5][6]!.value as { value: number }).value - 3);
});

test('choices apply only to the sheet they were made for', () => {
  const s = sheetWithUnreadableEnd();
  const r = checkWorkbook({ sheets: [s] }, { roles: { 'Another sheet': { G: 'poor.end' } } });
  expect(r.sheets[0].tables[0].columns.find((c) => c.column === 'G')!.role).toBe('unknown');
});

test('a chosen rate is tied to the count with the chosen code', () => {
  const s = communeSheet(randomUnits(4, prng(3)), 'Xã');
  // J is the near-poor rate; call it a rate of the end poor count in G instead.
  const r = checkWorkbook({ sheets: [s] }, { roles: { Xã: { J: 'poor.end.rate' } } });
  expect(r.sheets[0].tables[0].columns.find((c) => c.column === 'J')!.role).toBe('poor.end.rate');
  // J's values are near-poor rates, so now they disagree with G ÷ households.
  expect(r.issues.some((i) => i.cell.startsWith('J') && i.rule === 'rate-mismatch')).toBe(true);
});

test('every role code the pane offers maps back to itself', () => {
  for (const code of ROLE_CODES) {
    const role = roleFromCode(code)!;
    expect(role).toBeDefined();
    if (role.kind !== 'rate') expect(role.code).toBe(code);
  }
  expect(roleFromCode('poor.nonsense')).toBeUndefined();
});
