export {
  ExcelHost,
  readSheetsInContext,
  planChunks,
  chunkCells,
  convertCell,
  isDateFormat,
  serialToDate,
  parseAreasAddress,
  officeRunner,
  CELL_BUDGET,
  PAYLOAD_LIMIT_BYTES,
  BYTES_PER_CELL_ESTIMATE,
  type ExcelRunner,
  type ExcelHostOptions,
  type ExcelReadOptions,
  type ReadRun,
  type ReadTarget,
  type ReadConfig,
  type SheetExtent,
  type ChunkPart,
  type ChunkRequest,
} from './read';
export { ExcelBackend, ROLES_KEY, parseRoleOverrides, suggestionTargets } from './backend';
export { ExcelWriter, type ExcelWriterOptions } from './writer';
export {
  writeSheetInContext,
  planWriteChunks,
  parseSheetRecord,
  isOwnSheet,
  cellInput,
  cellFormat,
  charsToPoints,
  candidateName,
  sheetRef,
  SHEETS_KEY,
  WRITE_BUDGET_BYTES,
  type WriteEnv,
  type SheetRecordEntry,
  type WriteHooks,
} from './write';
export { chartPlacement, queueChart, CHART_API, type ChartPlacement } from './chart';
export { applyEditsInContext, undoLastInContext, SKIPPED_NOTE, type EditTarget, type UndoOutcome, type CellRef } from './edits';
export {
  markTargets,
  parseMarkRecord,
  noteText,
  markInContext,
  clearMarksInContext,
  MARKS_KEY,
  NOTE_PREFIX,
  MARK_COLORS,
  type MarkEntry,
  type MarkRecord,
  type MarkTarget,
  type PreviousFill,
} from './marks';
export { SyncLog, syncMetered, jsonBytes, type SyncMeter, type SyncRecord } from './meter';
export {
  capabilities,
  missingFeatures,
  officeIsSetSupported,
  MIN_READ_API,
  FEATURE_API,
  type ExcelCapabilities,
  type ExcelFeature,
  type IsSetSupported,
  type MissingFeature,
} from './requirements';
