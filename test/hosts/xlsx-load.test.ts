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
