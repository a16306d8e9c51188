// The page's ExcelJS: the package's own browser build (webpack maps 'exceljs' to it).
export { Workbook, ValueType } from 'exceljs';
