import { parseTyped, readNumber, formatInfo } from '../../src/core/numbers';
import * as D from '../../src/core/decimal';

const txt = (value: string) => ({ value: { kind: 'text' as const, value } });
const num = (value: number, numFmt?: string) => ({ value: { kind: 'number' as const, value }, numFmt });
const plain = (d: D.Dec) => D.format(d, null, 'en').replace(/,/g, '');

describe('numbers as officers type them', () => {
  test.each([
    ['1.411', 'count', '1411', 0],
    ['14.653', 'count', '14653', 0],
    ['1.234.567', 'count', '1234567', 0],
    ['9,92', 'rate', '9.92', 2],
    ['1,4%', 'rate', '1.4', 1],
    ['0,86', 'rate', '0.86', 2],
    ['1,10', 'rate', '1.1', 2],
    ['1.411,5', 'count', '1411.5', 1],
    ['1,411.5', 'count', '1411.5', 1],
    ['9.92', 'rate', '9.92', 2],
    ['14.653', 'rate', '14.653', 3],
    [' 2 211 ', 'count', '2211', 0],
    ['-3', 'count', '-3', 0],
  ])('%s as a %s is %s with %d decimals', (raw, use, value, decimals) => {
    const p = parseTyped(raw, use as 'count' | 'rate')!;
    expect(plain(p.value)).toBe(value);
    expect(p.decimals).toBe(decimals);
  });
  test.each(['abc', '1.2.3,4,5', '12,34,5', '', '1..2', '1,2,3.4.5'])('%j is not a number', (raw) => {
    expect(parseTyped(raw, 'count')).toBeNull();
  });
  test('number formats give the precision shown', () => {
    expect(formatInfo('0.00')).toEqual({ decimals: 2, percent: false });
    expect(formatInfo('#,##0')).toEqual({ decimals: 0, percent: false });
    expect(formatInfo('0.0%')).toEqual({ decimals: 1, percent: true });
    expect(formatInfo('#,##0.00_);[Red](#,##0.00)')).toEqual({ decimals: 2, percent: false });
    expect(formatInfo('General')).toBeNull();
    expect(formatInfo(undefined)).toBeNull();
  });
  test('cells are read with their shown precision; text is flagged as text', () => {
    expect(readNumber(num(9.92204, '0.00'), 'rate')).toMatchObject({ ok: true, shown: 2, fromText: false });
    const pct = readNumber(num(0.0992, '0.00%'), 'rate');
    expect(pct.ok && plain(pct.value)).toBe('9.92');
    expect(readNumber(txt('1.411'), 'count')).toMatchObject({ ok: true, fromText: true });
    expect(readNumber(txt('-'), 'count')).toMatchObject({ ok: false, reason: 'empty' });
    expect(readNumber({ value: { kind: 'error', value: '#DIV/0!' } }, 'count')).toMatchObject({ ok: false, reason: 'error' });
    expect(readNumber(num(1.1), 'rate')).toMatchObject({ ok: true, shown: 1 });
  });
});

describe('exact decimals', () => {
  test('rates round half-up without floating-point noise', () => {
    // 1.005 cannot be held exactly in binary; as a ratio it is exact.
    expect(plain(D.ratio(D.dec(201), D.dec(20000), 100, 2)!)).toBe('1.01');
    expect(plain(D.ratio(D.dec(201), D.dec(20000), 100, 2, 'half-even')!)).toBe('1');
    expect(plain(D.ratio(D.dec(140), D.dec(1411), 100, 2)!)).toBe('9.92');
    expect(plain(D.ratio(D.dec(16), D.dec(1446), 100, 2, 'down')!)).toBe('1.1');
    expect(D.ratio(D.dec(1), D.dec(0), 100, 2)).toBeNull();
  });
  test('numbers convert exactly from what they print as', () => {
    expect(plain(D.fromNumber(0.1 + 0.2))).toBe('0.30000000000000004');
    expect(plain(D.fromNumber(9.92))).toBe('9.92');
    expect(plain(D.fromNumber(1e-7))).toBe('0.0000001');
    expect(plain(D.fromNumber(1e21))).toBe('1000000000000000000000');
  });
  test('formatting follows the language', () => {
    expect(D.format(D.fromNumber(14653.5), 2, 'vi')).toBe('14.653,50');
    expect(D.format(D.fromNumber(14653.5), 2, 'en')).toBe('14,653.50');
    expect(D.format(D.fromNumber(-0.5), 0, 'en')).toBe('-1');
  });
});
