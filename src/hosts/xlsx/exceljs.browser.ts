// The page's ExcelJS: the package's own browser build (webpack maps 'exceljs' to it).
export { Workbook, ValueType } from 'exceljs';
export type { SheetXforms } from './exceljs';
/** The page packs with ExcelJS's own writer (zip-write.ts is for Node). */
export const sheetXforms: import('./exceljs').SheetXforms | null = null;
