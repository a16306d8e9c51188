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

/** What renders a worksheet's parts (exceljs 4.4, lib/xlsx/xlsx.js addWorksheets), for zip-write.ts; null in the page. */
export interface SheetXforms {
  XmlStream: new () => { closeAll(): void; readonly xml: string; _xml?: unknown };
  WorksheetXform: new () => { render(stream: unknown, model: unknown): void };
  RelationshipsXform: new () => { render(stream: unknown, model: unknown): void };
  CommentsXform: new () => { render(stream: unknown, model: unknown): void };
  VmlNotesXform: new () => { render(stream: unknown, model: unknown): void };
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const sheetXforms: SheetXforms | null = {
  XmlStream: require('exceljs/lib/utils/xml-stream'),
  WorksheetXform: require('exceljs/lib/xlsx/xform/sheet/worksheet-xform'),
  RelationshipsXform: require('exceljs/lib/xlsx/xform/core/relationships-xform'),
  CommentsXform: require('exceljs/lib/xlsx/xform/comment/comments-xform'),
  VmlNotesXform: require('exceljs/lib/xlsx/xform/comment/vml-notes-xform'),
};
/* eslint-enable @typescript-eslint/no-require-imports */
