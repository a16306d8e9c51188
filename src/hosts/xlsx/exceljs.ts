// ExcelJS's Workbook and ValueType only. The package entry also loads the
// streaming reader and writer (archiver, unzipper, fast-csv…), which PovCheck
// never calls: about 0.2 s of every command-line start. The browser bundle
// swaps this file for exceljs.browser.ts (webpack.config.js).
import type * as ExcelJS from 'exceljs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const Workbook: typeof ExcelJS.Workbook = require('exceljs/lib/doc/workbook');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ValueType: typeof ExcelJS.ValueType = require('exceljs/lib/doc/enums').ValueType;
export type Workbook = ExcelJS.Workbook;
export type ValueType = ExcelJS.ValueType;
