// The benchmark's measuring instrument: a minimal in-memory Excel that serves
// one grid to the real ExcelHost (src/hosts/excel), so `npm run bench` can
// count the context.sync round trips and the bytes each one brings back when
// the pane reads that sheet. It models only what reading needs, with Excel's
// load/sync discipline: a loaded property is readable only after the sync
// that loads it, and toJSON() returns exactly the loaded properties (what the
// host's SyncLog meter measures). The full test double, with writes and
// failures, is test/hosts/excel-fake.ts; src/ must not import from test/.
import { type Cell, type Range, type Sheet, a1, parseRangeA1, rangeA1 } from '../core/grid';
import type { ExcelRunner } from '../hosts/excel';

/** isSetSupported of a current Excel (ExcelApi 1.18): merges and hidden rows are read too. */
export const CURRENT_EXCEL = (name: string, version: string): boolean => {
  if (name !== 'ExcelApi') return false;
  const [major, minor] = version.split('.').map(Number);
  return major < 1 || (major === 1 && minor <= 18);
};

class NotLoaded extends Error {
  readonly code = 'PropertyNotLoaded';
}

/** Queues loads; values land on the proxies only at sync(), as in Office.js. */
class DoubleContext {
  private pending: (() => void)[] = [];
  syncs = 0;
  readonly workbook: DoubleWorkbook;
  constructor(readonly sheet: Sheet) {
    this.workbook = new DoubleWorkbook(this);
  }
  queue(deliver: () => void): void {
    this.pending.push(deliver);
  }
  async sync(): Promise<void> {
    const ops = this.pending;
    this.pending = [];
    this.syncs++;
    await Promise.resolve();
    for (const op of ops) op();
  }
}

abstract class DoubleObject {
  protected loaded: Record<string, unknown> = {};
  constructor(protected ctx: DoubleContext) {}
  protected abstract compute(prop: string): unknown;
  protected isNull(): boolean {
    return false;
  }
  load(props: string): this {
    const list = props.split(',').map((p) => p.trim());
    this.ctx.queue(() => {
      const isNull = this.isNull();
      this.loaded.isNullObject = isNull;
      for (const p of list) if (p !== 'isNullObject') this.loaded[p] = isNull ? null : this.compute(p);
    });
    return this;
  }
  protected get(prop: string): any {
    if (!(prop in this.loaded)) throw new NotLoaded(`${prop} was not loaded`);
    return this.loaded[prop];
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  toJSON(): Record<string, unknown> {
    const { isNullObject: _null, ...rest } = this.loaded;
    return rest;
  }
}

class DoubleWorkbook extends DoubleObject {
  readonly worksheets: DoubleWorksheets;
  readonly settings: DoubleSettings;
  constructor(ctx: DoubleContext) {
    super(ctx);
    this.worksheets = new DoubleWorksheets(ctx);
    this.settings = new DoubleSettings(ctx);
  }
  protected compute(prop: string): unknown {
    if (prop === 'name') return 'bench.xlsx';
    throw new Error(`workbook.${prop}`);
  }
  get name(): string {
    return this.get('name');
  }
}

class DoubleWorksheets extends DoubleObject {
  protected compute(prop: string): unknown {
    if (prop === 'items/name') return [new DoubleWorksheet(this.ctx, true)];
    throw new Error(`worksheets.${prop}`);
  }
  get items(): DoubleWorksheet[] {
    return this.get('items/name');
  }
  getActiveWorksheet(): DoubleWorksheet {
    return new DoubleWorksheet(this.ctx);
  }
  getItem(name: string): DoubleWorksheet {
    if (name !== this.ctx.sheet.name) throw Object.assign(new Error('ItemNotFound'), { code: 'ItemNotFound' });
    return new DoubleWorksheet(this.ctx);
  }
  toJSON(): Record<string, unknown> {
    return { items: [{ name: this.ctx.sheet.name }] };
  }
}

class DoubleSettings extends DoubleObject {
  protected compute(prop: string): unknown {
    throw new Error(`settings.${prop}`);
  }
  getItemOrNullObject(_key: string): DoubleNull {
    return new DoubleNull(this.ctx);
  }
}

/** A setting (or anything else) that is not there. */
class DoubleNull extends DoubleObject {
  protected isNull(): boolean {
    return true;
  }
  protected compute(): unknown {
    return null;
  }
  get value(): unknown {
    return this.get('value');
  }
}

class DoubleWorksheet extends DoubleObject {
  constructor(ctx: DoubleContext, named = false) {
    super(ctx);
    if (named) this.loaded = { isNullObject: false, name: ctx.sheet.name };
  }
  protected compute(prop: string): unknown {
    if (prop === 'name') return this.ctx.sheet.name;
    throw new Error(`worksheet.${prop}`);
  }
  get name(): string {
    return this.get('name');
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean): DoubleRange {
    return new DoubleRange(this.ctx, usedBox(this.ctx.sheet));
  }
  getRange(address: string): DoubleRange {
    const box = parseRangeA1(address);
    if (!box) throw new Error(`bad address ${address}`);
    return new DoubleRange(this.ctx, box);
  }
}

/** Excel's used range with valuesOnly: the box around every cell with a value or formula. */
function usedBox(sheet: Sheet): Range | null {
  let box: Range | null = null;
  sheet.rows.forEach((row, r) =>
    row.forEach((c, col) => {
      if (!c || (c.value.kind === 'empty' && !c.formula)) return;
      if (!box) box = { top: r, left: col, bottom: r, right: col };
      else {
        box.top = Math.min(box.top, r);
        box.bottom = Math.max(box.bottom, r);
        box.left = Math.min(box.left, col);
        box.right = Math.max(box.right, col);
      }
    }),
  );
  return box;
}

/** Excel's serial number for an ISO date (1900 system), the inverse of the hosts' serialToDate. */
function isoToSerial(iso: string): number {
  return Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) / 86400000 + 25569;
}

/** One cell as Excel's four parallel arrays give it: value, formula, number format, value type. */
function excelCell(c: Cell | undefined): [unknown, unknown, string, string] {
  if (!c) return ['', '', 'General', 'Empty'];
  const v = c.value;
  const fmt = c.numFmt ?? (v.kind === 'date' ? 'yyyy-mm-dd' : 'General');
  let value: unknown;
  let type: string;
  switch (v.kind) {
    case 'empty':
      [value, type] = ['', 'Empty'];
      break;
    case 'number':
      [value, type] = [v.value, 'Double'];
      break;
    case 'boolean':
      [value, type] = [v.value, 'Boolean'];
      break;
    case 'error':
      [value, type] = [v.value, 'Error'];
      break;
    case 'date':
      [value, type] = [isoToSerial(v.value), 'Double'];
      break;
    default:
      [value, type] = [v.value, v.value === '' ? 'Empty' : 'String'];
  }
  return [value, c.formula !== undefined ? `=${c.formula}` : value, fmt, type];
}

class DoubleRange extends DoubleObject {
  constructor(
    ctx: DoubleContext,
    private box: Range | null,
  ) {
    super(ctx);
  }
  protected isNull(): boolean {
    return !this.box;
  }
  private grid(k: 0 | 1 | 2 | 3): unknown[][] {
    const { top, left, bottom, right } = this.box!;
    const out: unknown[][] = [];
    for (let r = top; r <= bottom; r++) {
      const row = this.ctx.sheet.rows[r] ?? [];
      const line: unknown[] = [];
      for (let c = left; c <= right; c++) line.push(excelCell(row[c])[k]);
      out.push(line);
    }
    return out;
  }
  protected compute(prop: string): unknown {
    const b = this.box!;
    switch (prop) {
      case 'rowIndex':
        return b.top;
      case 'columnIndex':
        return b.left;
      case 'rowCount':
        return b.bottom - b.top + 1;
      case 'columnCount':
        return b.right - b.left + 1;
      case 'values':
        return this.grid(0);
      case 'formulas':
        return this.grid(1);
      case 'numberFormat':
        return this.grid(2);
      case 'valueTypes':
        return this.grid(3);
    }
    throw new Error(`range.${prop}`);
  }
  get rowIndex(): number {
    return this.get('rowIndex');
  }
  get columnIndex(): number {
    return this.get('columnIndex');
  }
  get rowCount(): number {
    return this.get('rowCount');
  }
  get columnCount(): number {
    return this.get('columnCount');
  }
  get values(): unknown[][] {
    return this.get('values');
  }
  get formulas(): unknown[][] {
    return this.get('formulas');
  }
  get numberFormat(): unknown[][] {
    return this.get('numberFormat');
  }
  get valueTypes(): unknown[][] {
    return this.get('valueTypes');
  }
  /** Merged areas whose top-left cell lies in this range, as Excel reports them. */
  getMergedAreasOrNullObject(): DoubleAreas {
    const b = this.box!;
    const inside = this.ctx.sheet.merges.filter((m) => m.top >= b.top && m.top <= b.bottom && m.left >= b.left && m.left <= b.right);
    return new DoubleAreas(this.ctx, inside.map((m) => `${this.sheetRef()}!${rangeA1(m)}`));
  }
  /** Visible cells: one area per run of rows that are not hidden. */
  getSpecialCellsOrNullObject(_type: string): DoubleAreas {
    const b = this.box!;
    const hidden = new Set(this.ctx.sheet.hiddenRows ?? []);
    const areas: string[] = [];
    let start = -1;
    for (let r = b.top; r <= b.bottom + 1; r++) {
      const shown = r <= b.bottom && !hidden.has(r);
      if (shown && start < 0) start = r;
      if (!shown && start >= 0) {
        const top = a1(start, b.left);
        const bottom = a1(r - 1, b.right);
        areas.push(`${this.sheetRef()}!${top}:${bottom}`);
        start = -1;
      }
    }
    return new DoubleAreas(this.ctx, areas);
  }
  private sheetRef(): string {
    const name = this.ctx.sheet.name;
    return /^[A-Za-z0-9_]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
  }
}

class DoubleAreas extends DoubleObject {
  constructor(
    ctx: DoubleContext,
    private areas: string[],
  ) {
    super(ctx);
  }
  protected isNull(): boolean {
    return this.areas.length === 0;
  }
  protected compute(prop: string): unknown {
    if (prop === 'address') return this.areas.join(',');
    throw new Error(`areas.${prop}`);
  }
  get address(): string {
    return this.get('address');
  }
}

/** Excel.run over one sheet held in memory; `syncs` counts every context.sync. */
export class ExcelDouble {
  syncs = 0;
  constructor(readonly sheet: Sheet) {}
  run: ExcelRunner = async (batch) => {
    const ctx = new DoubleContext(this.sheet);
    try {
      return await batch(ctx as unknown as Excel.RequestContext);
    } finally {
      this.syncs += ctx.syncs;
    }
  };
}
