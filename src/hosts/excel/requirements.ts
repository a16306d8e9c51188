// Which ExcelApi requirement set each feature needs (from the Office.js
// reference), and what an older Excel cannot do, so the pane can say so.

/** `(set, version) => boolean`, i.e. Office.context.requirements.isSetSupported. */
export type IsSetSupported = (name: string, minVersion: string) => boolean;

/**
 * Reading needs getUsedRangeOrNullObject and workbook settings (ExcelApi 1.4);
 * values, formulas, numberFormat, valueTypes and getRange are 1.1; sheet
 * protection (checked before marking) is 1.2.
 */
export const MIN_READ_API = '1.4';

export type ExcelFeature =
  /** Range.getMergedAreasOrNullObject: merged headers are read as merges. */
  | 'merges'
  /** Worksheet.notes: marks come with a note (otherwise a comment, otherwise fill only). */
  | 'notes'
  /** Workbook.comments: the fallback when notes are missing. */
  | 'comments'
  /** RangeFill.pattern: tells "no fill" from a white fill when marks are cleared. */
  | 'fill-pattern'
  /** Range.getSpecialCellsOrNullObject('Visible'): issues in hidden rows are flagged as such. */
  | 'hidden-rows'
  /** Workbook.name: the file name shown in the report. */
  | 'workbook-name'
  /** Range.hyperlink: the report sheet's links to the cells of its issues. */
  | 'hyperlinks';

export const FEATURE_API: Record<ExcelFeature, string> = {
  merges: '1.13',
  notes: '1.18',
  comments: '1.10',
  'fill-pattern': '1.9',
  'hidden-rows': '1.9',
  'workbook-name': '1.7',
  hyperlinks: '1.7',
};

export interface ExcelCapabilities {
  /** ExcelApi 1.4: without it nothing works. */
  read: boolean;
  merges: boolean;
  notes: boolean;
  comments: boolean;
  fillPattern: boolean;
  hiddenRows: boolean;
  workbookName: boolean;
  hyperlinks: boolean;
}

export function capabilities(isSupported: IsSetSupported): ExcelCapabilities {
  const has = (v: string) => {
    try {
      return isSupported('ExcelApi', v) === true;
    } catch {
      return false;
    }
  };
  return {
    read: has(MIN_READ_API),
    merges: has(FEATURE_API.merges),
    notes: has(FEATURE_API.notes),
    comments: has(FEATURE_API.comments),
    fillPattern: has(FEATURE_API['fill-pattern']),
    hiddenRows: has(FEATURE_API['hidden-rows']),
    workbookName: has(FEATURE_API['workbook-name']),
    hyperlinks: has(FEATURE_API.hyperlinks),
  };
}

export interface MissingFeature {
  feature: ExcelFeature;
  /** The ExcelApi version that would bring it. */
  needs: string;
  /** What PovCheck does instead (English; the pane has its own wording per code). */
  effect: string;
}

const EFFECT: Record<ExcelFeature, string> = {
  merges: 'Merged header cells are not seen as merged; a header spread over merged cells may be recognised less well.',
  notes: 'Marked cells get a comment instead of a note.',
  comments: 'Marked cells get a fill colour only, without a note.',
  'fill-pattern': 'A white fill cannot be told from no fill: clearing marks may remove a white fill.',
  'hidden-rows': 'Hidden rows are not known, so issues in them are not flagged as hidden.',
  'workbook-name': 'The report shows no file name.',
  hyperlinks: 'The report sheet names the cells of its issues without links to them.',
};

/** What this Excel cannot do, in the order the pane should list it. Empty on a current Excel. */
export function missingFeatures(isSupported: IsSetSupported): MissingFeature[] {
  const caps = capabilities(isSupported);
  const out: MissingFeature[] = [];
  const add = (feature: ExcelFeature) => out.push({ feature, needs: FEATURE_API[feature], effect: EFFECT[feature] });
  if (!caps.merges) add('merges');
  if (!caps.notes) {
    add('notes');
    if (!caps.comments) add('comments');
  }
  if (!caps.fillPattern) add('fill-pattern');
  if (!caps.hiddenRows) add('hidden-rows');
  if (!caps.workbookName) add('workbook-name');
  if (!caps.hyperlinks) add('hyperlinks');
  return out;
}

/** Office.context.requirements.isSetSupported, or "nothing" outside Office. */
export function officeIsSetSupported(): IsSetSupported {
  return (name, version) => {
    const office = (globalThis as { Office?: typeof Office }).Office;
    const req = office?.context?.requirements;
    return !!req && req.isSetSupported(name, version);
  };
}
