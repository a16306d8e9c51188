// The file host loads ExcelJS's Workbook only: the package entry would also load
// its streaming reader and writer (archiver, unzipper), which PovCheck never calls.
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as src from '../../src/hosts/xlsx/exceljs';
import * as ExcelJS from 'exceljs';

const ROOT = path.resolve(__dirname, '..', '..');

test('the loader hands out the same Workbook and ValueType as the package entry', () => {
  expect(src.Workbook).toBe(ExcelJS.Workbook);
  expect(src.ValueType).toEqual(ExcelJS.ValueType);
});

test('reading a file with the built host loads no streaming part of ExcelJS', () => {
  const script = `
    const { readXlsxFile } = require('./lib/hosts/xlsx');
    readXlsxFile('samples/003-thinh-duc.xlsx').then((wb) => {
      const loaded = Object.keys(require.cache);
      const streaming = loaded.filter((k) => /exceljs[\\\\/]lib[\\\\/]stream|[\\\\/]node_modules[\\\\/](archiver|unzipper)[\\\\/]/.test(k));
      process.stdout.write(JSON.stringify({ sheets: wb.sheets.length, exceljs: loaded.some((k) => /exceljs[\\\\/]lib[\\\\/]doc[\\\\/]workbook/.test(k)), streaming }));
    });`;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
  expect(out.sheets).toBeGreaterThan(0);
  expect(out.exceljs).toBe(true);
  expect(out.streaming).toEqual([]);
});

test('equal numbers share one frozen value (small counts across files, others within a read)', async () => {
  const { readXlsxFile } = await import('../../src/hosts/xlsx');
  const wb = await readXlsxFile(path.join(ROOT, 'samples', '003-thinh-duc.xlsx'));
  const values = wb.sheets.flatMap((s) => s.rows.flatMap((r) => r.filter((c) => c && c.value.kind === 'number').map((c) => c!.value)));
  const small = values.filter((v) => v.kind === 'number' && Number.isInteger(v.value) && v.value >= 0 && v.value < 4096);
  expect(small.length).toBeGreaterThan(20);
  expect(values.length).toBeGreaterThan(small.length);
  for (const v of values) expect(Object.isFrozen(v)).toBe(true);
  const byNumber = new Map<number, unknown>();
  for (const v of values) {
    const n = (v as { value: number }).value;
    if (byNumber.has(n)) expect(v).toBe(byNumber.get(n));
    else byNumber.set(n, v);
  }
  expect(byNumber.size).toBeLessThan(values.length);
});

test('checking a file (the CLI imports the reader alone) loads no part of ExcelJS but three small helpers', () => {
  const script = `
    const { readXlsxFile } = require('./lib/hosts/xlsx/read');
    readXlsxFile('samples/003-thinh-duc.xlsx').then((wb) => {
      const loaded = Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/]exceljs[\\\\/]/.test(k));
      process.stdout.write(JSON.stringify({ sheets: wb.sheets.length, loaded: loaded.map((k) => k.replace(/.*exceljs[\\\\/]/, '').replace(/\\\\/g, '/')).sort() }));
    });`;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
  expect(out.sheets).toBeGreaterThan(0);
  expect(out.loaded).toEqual(['lib/utils/col-cache.js', 'lib/utils/shared-formula.js', 'lib/xlsx/defaultnumformats.js']);
});
