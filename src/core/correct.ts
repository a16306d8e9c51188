// Planners for what PovCheck writes into a workbook: a corrected copy of a
// table (correct-table.ts, its inputs in correct-inputs.ts and its formulas in
// correct-derive.ts), the report sheet (report-sheet.ts), the log of in-place
// edits (log-sheet.ts), and the markers and names of PovCheck's own sheets
// (own-sheets.ts). Pure: no Node, no DOM; hosts (ExcelJS, Office.js) turn the
// plans into cells. Importers use this module; the parts are its layout.
export {
  ALLOCATION_MARKER,
  APPENDIX_MARKER,
  CORRECTED_MARKER,
  FILL_APPLIED,
  FILL_RECOMPUTED,
  allocationMarkerSource,
  correctedMarker,
  correctedSheetName,
  formatDate,
  markerSource,
  numberedName,
  ownSheetPurpose,
  ownSheetPurposeOf,
  safeSheetName,
} from './own-sheets';
export { type AppliedCorrection, type ApplyMode, type CorrectOptions, type CorrectedPlan, correctedSheetPlans, correctedTablePlan } from './correct-table';
export { sumArgs } from './correct-derive';
export { type ReportPlanOptions, reportPlan, suggestionText } from './report-sheet';
export {
  LOG_COL,
  LOG_HEADER,
  LOG_WIDTHS,
  type LogEntry,
  type LogValue,
  formatTime,
  latestBatchToUndo,
  logRow,
  logSheetPlan,
  nextBatch,
  parseLog,
  undoneMark,
} from './log-sheet';
export { planToSheet } from './plan';
/** Column letters of a 0-based index (re-exported for hosts writing log rows). */
export { colName } from './grid';
