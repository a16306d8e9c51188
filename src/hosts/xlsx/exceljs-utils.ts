// Three dependency-free helpers from inside ExcelJS, so the checking reader
// turns cell addresses, built-in number formats and shared formulas into
// exactly what ExcelJS did, without loading ExcelJS itself (the page loads it
// only to write a file).
/* eslint-disable @typescript-eslint/no-require-imports */

export const colCache: { decodeAddress(address: string): { col: number | undefined; row: number | undefined; address: string } } =
  require('exceljs/lib/utils/col-cache');

export const defaultNumFormats: Record<number, { f: string } | undefined> = require('exceljs/lib/xlsx/defaultnumformats');

export const slideFormula: (formula: string, fromCell: string, toCell: string) => string =
  require('exceljs/lib/utils/shared-formula').slideFormula;
