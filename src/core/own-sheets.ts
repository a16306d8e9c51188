// PovCheck's own sheets: the markers in their A1 that tell them from a
// user's sheet, their fills, and the names they get (31 UTF-16 units, as Excel
// and ExcelJS count). Hosts replace only sheets these recognise.
import { type Sheet, cellAt } from './grid';
import type { Lang } from './report';
import { phrase } from './messages';
import { type Hex, type SheetPlan, LOG_SHEET, REPORT_SHEET } from './plan';
import { cutUnits, fitWithSuffix } from './sheet-names';
import { LOG_HEADER } from './log-sheet';


/** First words of a corrected sheet's A1; hosts recognise their own sheets by it (never a user's). */
export const CORRECTED_MARKER = 'Bảng đã sửa bởi PovCheck';
const REPORT_MARKERS = ['Báo cáo kiểm tra của PovCheck', 'PovCheck report'];

/** Light green: a value PovCheck changed on purpose (an applied suggestion). */
export const FILL_APPLIED: Hex = 'C6EFCE';
/** Light yellow: a derived value that differs from the source once computed by formula. */
export const FILL_RECOMPUTED: Hex = 'FFEB9C';
/** Light red: an error in the report sheet. */
export const FILL_ERROR: Hex = 'FFC7CE';

/** dd/mm/yyyy, the way Vietnamese documents write dates. */
export function formatDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}`;
}

export function correctedMarker(source: string, date: Date): string {
  return `${CORRECTED_MARKER} từ trang '${source}' — ngày ${formatDate(date)}`;
}

/** The source sheet a corrected sheet's marker names, or null when `a1` is no such marker. */
export function markerSource(a1Value: unknown): string | null {
  if (typeof a1Value !== 'string' || !a1Value.startsWith(CORRECTED_MARKER)) return null;
  const m = /từ trang '(.*)' — ngày/.exec(a1Value);
  return m ? m[1] : '';
}

/** First words of an allocation sheet's A1 (`povcheck allocate`), followed by the source sheet and the date. */
export const ALLOCATION_MARKER = 'Bảng phân bổ bởi PovCheck';
/** First words of an appendix sheet's A1 (`povcheck appendix`). */
export const APPENDIX_MARKER = 'Phụ lục lập bởi PovCheck';

/** The source sheet named by an allocation sheet's marker, or null when `a1` is no such marker. */
export function allocationMarkerSource(a1Value: unknown): string | null {
  if (typeof a1Value !== 'string' || !a1Value.startsWith(ALLOCATION_MARKER)) return null;
  const m = /từ trang '(.*)' — ngày/.exec(a1Value);
  return m ? m[1] : '';
}

/**
 * What a sheet is when PovCheck wrote it, from its name and the value of its
 * A1 cell (its first row for the log); null for a user's sheet. A host
 * replaces only sheets this recognises, and only for the same purpose.
 */
export function ownSheetPurpose(name: string, a1Value: unknown, firstRow?: unknown[]): SheetPlan['purpose'] | null {
  if (markerSource(a1Value) !== null) return 'corrected';
  if (allocationMarkerSource(a1Value) !== null) return 'allocation';
  if (typeof a1Value === 'string' && a1Value.startsWith(APPENDIX_MARKER)) return 'appendix';
  if (typeof a1Value === 'string' && name.startsWith(REPORT_SHEET) && REPORT_MARKERS.some((m) => a1Value.startsWith(m))) return 'report';
  if (name === LOG_SHEET && a1Value === LOG_HEADER[0] && (!firstRow || firstRow[1] === LOG_HEADER[1])) return 'log';
  return null;
}

/** Same, on a grid sheet (the read host's view). */
export function ownSheetPurposeOf(sheet: Sheet): SheetPlan['purpose'] | null {
  const v = cellAt(sheet, 0, 0).value;
  const a = v.kind === 'text' ? v.value : null;
  const row = (sheet.rows[0] ?? []).map((c) => (c && c.value.kind !== 'empty' && 'value' in c.value ? c.value.value : null));
  return ownSheetPurpose(sheet.name, a, row);
}

// ---- sheet names ---------------------------------------------------------------

const MAX_NAME = 31;

/** A name Excel accepts: no []:*?/\, at most 31 characters, no apostrophe at either end. */
export function safeSheetName(name: string): string {
  let s = name.replace(/[[\]:*?/\\]/g, '-').replace(/[\u0000-\u001f]/g, ' ');
  s = cutUnits(s, MAX_NAME); // UTF-16 units, as Excel and ExcelJS count
  s = s.replace(/^'+|'+$/g, '').trim();
  return s || 'PovCheck';
}

/** `<source> – đã sửa` (and ` 2`, ` 3`… for later tables of the same sheet), the source shortened to fit 31 characters. */
export function correctedSheetName(source: string, tableIndex: number, lang: Lang): string {
  const suffix = ` – ${phrase('corrected-suffix', lang)}${tableIndex > 0 ? ` ${tableIndex + 1}` : ''}`;
  return safeSheetName(fitWithSuffix(source.replace(/[[\]:*?/\\]/g, '-').replace(/^'+/, ''), suffix, MAX_NAME)); // UTF-16 units
}

/** `name (2)`, `name (3)`…, shortened to 31 characters: the free name a host uses next to a user's sheet. */
export function numberedName(name: string, n: number): string {
  const suffix = ` (${n})`;
  return safeSheetName(fitWithSuffix(name, suffix, MAX_NAME)); // UTF-16 units
}
