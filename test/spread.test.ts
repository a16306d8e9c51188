// Spreading an array into a call (`Math.max(...cells)`, `push(...rows)`) passes
// every element as an argument; from ~100,000 of them the call overflows the
// stack (the 10,000-unit appendix did). src/core/arrays.ts has the loops.
import * as fs from 'fs';
import * as path from 'path';
import { maxOf, minOf, pushAll } from '../src/core/arrays';

const SRC = path.resolve(__dirname, '..', 'src');
const SPREAD_CALL = /(?:Math\.(?:max|min)|\.push|\.unshift|String\.fromCharCode|String\.fromCodePoint)\((?:[^(){}[\]]*,\s*)?\.\.\./;
// roles.ts is being rewritten in another change; its spreads are over one table's columns (at most 16,384).
const ELSEWHERE = new Set([path.join('core', 'roles.ts')]);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

test('no array is spread into Math.max/min, push or unshift anywhere in src', () => {
  const found: string[] = [];
  for (const f of files(SRC)) {
    if (ELSEWHERE.has(path.relative(SRC, f))) continue;
    fs.readFileSync(f, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (SPREAD_CALL.test(line) && !/^\s*\/\//.test(line)) found.push(`${path.relative(SRC, f)}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(found).toEqual([]);
});

test('the pattern catches what it is meant to', () => {
  expect(SPREAD_CALL.test('const m = Math.max(...cells.map((c) => c.row));')).toBe(true);
  expect(SPREAD_CALL.test('out.push(...found);')).toBe(true);
  expect(SPREAD_CALL.test('Math.max(1, ...xs)')).toBe(true);
  expect(SPREAD_CALL.test('cells.push({ row, ...c });')).toBe(false);
});

test('the loops take 200,000 elements, which a spread does not', () => {
  const big = Array.from({ length: 200000 }, (_, i) => (i * 7919) % 200003);
  expect(() => Math.max(...big.concat(big, big, big, big))).toThrow(RangeError);
  expect(maxOf(big)).toBe(big.reduce((a, b) => (b > a ? b : a)));
  expect(minOf(big)).toBe(0);
  expect(maxOf([], 0)).toBe(0);
  expect(pushAll([1], big)).toHaveLength(200001);
});
