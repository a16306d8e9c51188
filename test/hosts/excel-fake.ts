// A small, honest test double of the parts of Office.js the Excel host uses.
//
// Why not office-addin-mock for everything: its OfficeMockObject holds fixed
// values given up front, so it cannot show a write followed by a read in a
// later batch, has no collections with add/getItem, no *OrNullObject
// semantics, no failing batch. This double keeps a workbook state and, like
// Excel, queues every load and write and runs them in order at sync():
//  - a property read before the sync that loads it throws PropertyNotLoaded;
//  - getItem of a missing sheet fails the batch with ItemNotFound;
//  - a failing write stops the batch, earlier writes of the batch stay applied
//    (Excel batches are not transactions) and no loaded value is delivered;
//  - maxCellsPerSync simulates Excel on the web's response payload limit.
// The Excel behaviours it encodes (no fill reads as #FFFFFF / pattern None,
// one note per cell, merged areas only for top-left cells inside the range)
// follow the Office.js reference.
import { type Range, a1, parseA1, parseRangeA1, rangeA1 } from '../../src/core/grid';

export interface FakeCell {
  value?: string | number | boolean;
  formula?: string;
  format?: string;
  /** The value is an Excel error (valueTypes "Error"). */
  error?: boolean;
  /** Fill colour; absent = no fill. */
  fill?: string;
  bold?: boolean;
  wrap?: boolean;
  /** Range.hyperlink as set (ExcelApi 1.7). */
  link?: { documentReference?: string; address?: string; textToDisplay?: string };
}

export class FakeSheet {
  cells = new Map<string, FakeCell>();
  merges: string[] = [];
  /** 0-based rows hidden by the user (or a filter). */
  hiddenRows = new Set<number>();
  protected = false;
  notes = new Map<string, string>();
  /** Column widths as set through format.columnWidth (points), by 0-based column. */
  widths = new Map<number, number>();
  /** Row heights as set through format.rowHeight (points), by 0-based row. */
  heights = new Map<number, number>();
  freeze?: { rows: number; cols: number };
  /** Charts added through Worksheet.charts.add (ExcelApi 1.1); they go with the sheet when it is deleted. */
  charts: FakeChartState[] = [];
  static nextId = 1;
  readonly id = `{sheet-${FakeSheet.nextId++}}`;
  constructor(public name: string) {}

  set(addr: string, cell: FakeCell): this {
    this.cells.set(addr, { ...this.cells.get(addr), ...cell });
    return this;
  }
  cell(addr: string): FakeCell {
    let c = this.cells.get(addr);
    if (!c) this.cells.set(addr, (c = {}));
    return c;
  }
  /** Values (and `=formula` strings) from `at` on. */
  put(values: unknown[][], at = 'A1'): this {
    const o = parseA1(at)!;
    values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === null || v === undefined || v === '') return;
        const addr = a1(o.row + r, o.col + c);
        if (typeof v === 'string' && v.startsWith('=')) this.set(addr, { formula: v });
        else this.set(addr, { value: v as string | number | boolean });
      }),
    );
    return this;
  }
  hasContent(c: FakeCell | undefined): boolean {
    return !!c && ((c.value !== undefined && c.value !== '') || c.formula !== undefined);
  }
  usedBox(): Range | null {
    let box: Range | null = null;
    for (const [addr, c] of this.cells) {
      if (!this.hasContent(c)) continue;
      const p = parseA1(addr)!;
      if (!box) box = { top: p.row, left: p.col, bottom: p.row, right: p.col };
      else {
        box.top = Math.min(box.top, p.row);
        box.left = Math.min(box.left, p.col);
        box.bottom = Math.max(box.bottom, p.row);
        box.right = Math.max(box.right, p.col);
      }
    }
    return box;
  }
}

export interface FakeChartState {
  type: string;
  /** A1 of the source range, as given. */
  source: string;
  seriesBy?: string;
  title?: string;
  position?: { start: string; end?: string };
}

export interface FakeCommentState {
  id: string;
  sheet: FakeSheet;
  cell: string;
  content: string;
}

export class FakeBook {
  name = 'Thịnh Đức.xlsx';
  sheets: FakeSheet[] = [];
  active = 0;
  settings = new Map<string, unknown>();
  comments: FakeCommentState[] = [];
  selection?: { sheet: string; address: string };
  nextCommentId = 1;

  addSheet(name: string): FakeSheet {
    const s = new FakeSheet(name);
    this.sheets.push(s);
    return s;
  }
  sheet(name: string): FakeSheet | undefined {
    // Excel compares sheet names without regard to case.
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }
  /** Deep copy of everything a test may compare before/after. */
  snapshot(): unknown {
    return JSON.parse(
      JSON.stringify({
        sheets: this.sheets.map((s) => ({
          name: s.name,
          cells: [...s.cells],
          notes: [...s.notes],
          protected: s.protected,
          merges: s.merges,
          widths: [...s.widths],
          freeze: s.freeze ?? null,
          charts: s.charts,
        })),
        settings: [...this.settings],
        comments: this.comments.map((c) => ({ sheet: c.sheet.name, cell: c.cell, content: c.content })),
      }),
    );
  }
}

export class FakeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
  }
}

type Op = { kind: 'load'; run: () => () => void; cells: () => number } | { kind: 'write'; label: string; run: () => void };

export interface SyncInfo {
  /** Cells whose values/formulas/formats were loaded in this sync. */
  cells: number;
  writes: string[];
}

function safeCount(f: () => number): number {
  try {
    return f();
  } catch {
    return 0; // a missing sheet fails the batch below, with Excel's error
  }
}

export class FakeContext {
  private ops: Op[] = [];
  readonly syncs: SyncInfo[] = [];
  readonly workbook: FakeWorkbook;
  constructor(
    readonly book: FakeBook,
    readonly rig: FakeRig,
  ) {
    this.workbook = new FakeWorkbook(this);
  }
  queueLoad(run: () => () => void, cells: () => number = () => 0): void {
    this.ops.push({ kind: 'load', run, cells });
  }
  queueWrite(label: string, run: () => void): void {
    this.ops.push({ kind: 'write', label, run });
  }
  async sync(): Promise<void> {
    const ops = this.ops;
    this.ops = [];
    const info: SyncInfo = { cells: ops.reduce((a, o) => a + (o.kind === 'load' ? safeCount(o.cells) : 0), 0), writes: [] };
    this.syncs.push(info);
    this.rig.syncLog.push(info);
    await Promise.resolve();
    if (this.rig.maxCellsPerSync !== undefined && info.cells > this.rig.maxCellsPerSync) {
      throw new FakeError('ResponsePayloadSizeLimitExceeded', `${info.cells} cells`);
    }
    const deliver: (() => void)[] = [];
    for (const op of ops) {
      if (op.kind === 'load') deliver.push(op.run());
      else {
        this.rig.writeCount++;
        if (this.rig.failAtWrite !== undefined && this.rig.writeCount === this.rig.failAtWrite) {
          throw new FakeError('GeneralException', `write ${this.rig.writeCount} (${op.label}) failed`);
        }
        if (this.rig.failOn && this.rig.failOn(op.label)) {
          this.rig.failOn = undefined;
          throw new FakeError('GeneralException', `write ${this.rig.writeCount} (${op.label}) failed`);
        }
        op.run();
        info.writes.push(op.label);
      }
    }
    for (const d of deliver) d();
  }
}

/** Shared by every Excel.run of one test: counters and failure switches. */
export class FakeRig {
  syncLog: SyncInfo[] = [];
  writeCount = 0;
  failAtWrite?: number;
  /** Fails the first write whose label it accepts (e.g. `worksheet.delete`), once. */
  failOn?: (label: string) => boolean;
  maxCellsPerSync?: number;
  contexts: FakeContext[] = [];
  /** Called before every sync (tests abort a signal here). */
  constructor(readonly book: FakeBook) {}
  run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> => {
    const ctx = new FakeContext(this.book, this);
    this.contexts.push(ctx);
    return batch(ctx as unknown as Excel.RequestContext);
  };
  get syncCount(): number {
    return this.syncLog.length;
  }
}

function splitProps(props: string | string[] | undefined): string[] {
  const list = Array.isArray(props) ? props : (props ?? '').split(',');
  return list.map((p) => p.trim()).filter(Boolean);
}

/** Base of every proxy: load queues a read evaluated at sync time against the book. */
abstract class FakeObject {
  protected loaded = new Map<string, unknown>();
  constructor(protected ctx: FakeContext) {}
  /** Evaluated at sync; returns undefined target for a null object, throws for a missing item. */
  protected abstract compute(prop: string): unknown;
  protected isNull(): boolean {
    return false;
  }
  protected cellCount(_props: string[]): number {
    return 0;
  }
  load(props?: string | string[]): this {
    const list = splitProps(props);
    this.ctx.queueLoad(() => {
      const isNull = this.isNull();
      const vals = list.filter((p) => p !== 'isNullObject').map((p) => [p, isNull ? null : this.compute(p)] as const);
      return () => {
        this.loaded.set('isNullObject', isNull);
        for (const [p, v] of vals) this.loaded.set(p, v);
      };
    }, () => this.cellCount(list));
    return this;
  }
  protected get(prop: string): any {
    if (!this.loaded.has(prop)) throw new FakeError('PropertyNotLoaded', `${this.constructor.name}.${prop} was not loaded`);
    return this.loaded.get(prop);
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  toJSON(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (const [k, v] of this.loaded) if (k !== 'isNullObject' || v) o[k] = v;
    return o;
  }
}

class FakeWorkbook extends FakeObject {
  readonly worksheets: FakeWorksheetCollection;
  readonly settings: FakeSettings;
  readonly comments: FakeCommentCollection;
  constructor(ctx: FakeContext) {
    super(ctx);
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.settings = new FakeSettings(ctx);
    this.comments = new FakeCommentCollection(ctx, undefined);
  }
  protected compute(prop: string): unknown {
    if (prop === 'name') return this.ctx.book.name;
    throw new FakeError('InvalidArgument', prop);
  }
  get name(): string {
    return this.get('name');
  }
}

class FakeWorksheetCollection extends FakeObject {
  protected compute(prop: string): unknown {
    if (prop.startsWith('items/')) {
      const sub = prop.slice(6);
      return this.ctx.book.sheets.map((s) => {
        const ws = new FakeWorksheet(this.ctx, () => s, false);
        ws.preload(sub, ws.computeNow(sub));
        return ws;
      });
    }
    throw new FakeError('InvalidArgument', prop);
  }
  get items(): FakeWorksheet[] {
    for (const [k, v] of this.loaded) if (k.startsWith('items/')) return v as FakeWorksheet[];
    throw new FakeError('PropertyNotLoaded', 'items');
  }
  load(props?: string | string[]): this {
    // Several items/x paths share one item list.
    const list = splitProps(props);
    this.ctx.queueLoad(() => {
      const sheets = this.ctx.book.sheets;
      const items = sheets.map((s) => new FakeWorksheet(this.ctx, () => s, false));
      for (const p of list) for (const ws of items) ws.preload(p.slice(6), ws.computeNow(p.slice(6)));
      return () => this.loaded.set('items/', items);
    });
    return this;
  }
  /** Worksheets.add: a new sheet at the end (the fake, like Excel, refuses a name in use). */
  add(name: string): FakeWorksheet {
    let created: FakeSheet | null = null;
    this.ctx.queueWrite('worksheets.add', () => {
      checkSheetName(this.ctx.book, name, null);
      created = new FakeSheet(name);
      this.ctx.book.sheets.push(created);
    });
    return new FakeWorksheet(this.ctx, () => created, false);
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.ctx.book.sheets[this.ctx.book.active] ?? null, false);
  }
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.ctx.book.sheet(name) ?? null, false);
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.ctx.book.sheet(name) ?? null, true);
  }
  toJSON(): Record<string, unknown> {
    const items = this.loaded.get('items/') as FakeWorksheet[] | undefined;
    return { items: items?.map((w) => w.toJSON()) ?? [] };
  }
}

/** Excel's rules for a sheet name: 1–31 characters, none of : \\ / ? * [ ], unique without regard to case. */
function checkSheetName(book: FakeBook, name: string, self: FakeSheet | null): void {
  if (!name || name.length > 31 || /[:\\/?*[\]]/.test(name)) throw new FakeError('InvalidArgument', `bad sheet name ${name}`);
  const other = book.sheet(name);
  if (other && other !== self) throw new FakeError('ItemAlreadyExists', `a sheet named ${name} exists`);
}

export class FakeWorksheet extends FakeObject {
  /** Like Excel, a proxy stays bound to the sheet it first resolved to (a rename does not lose it). */
  private bound: FakeSheet | null = null;
  constructor(
    ctx: FakeContext,
    private resolveSheet: () => FakeSheet | null,
    private orNull: boolean,
  ) {
    super(ctx);
    const resolve = resolveSheet;
    this.resolveSheet = () => {
      if (this.bound) return this.ctx.book.sheets.includes(this.bound) ? this.bound : null;
      const s = resolve();
      if (s) this.bound = s;
      return s;
    };
  }
  sheet(): FakeSheet {
    const s = this.resolveSheet();
    if (!s) throw new FakeError('ItemNotFound', 'worksheet not found');
    return s;
  }
  protected isNull(): boolean {
    const s = this.resolveSheet();
    if (!s && !this.orNull) throw new FakeError('ItemNotFound', 'worksheet not found');
    return !s;
  }
  protected compute(prop: string): unknown {
    if (prop === 'name') return this.sheet().name;
    if (prop === 'position') return this.ctx.book.sheets.indexOf(this.sheet());
    if (prop === 'id') return this.sheet().id;
    throw new FakeError('InvalidArgument', prop);
  }
  computeNow(prop: string): unknown {
    return this.compute(prop);
  }
  set name(v: string) {
    this.ctx.queueWrite('worksheet.name', () => {
      const s = this.sheet();
      checkSheetName(this.ctx.book, v, s);
      s.name = v;
    });
  }
  get position(): number {
    return this.get('position');
  }
  set position(v: number) {
    this.ctx.queueWrite('worksheet.position', () => {
      const book = this.ctx.book;
      const s = this.sheet();
      const active = book.sheets[book.active];
      book.sheets.splice(book.sheets.indexOf(s), 1);
      book.sheets.splice(Math.max(0, Math.min(v, book.sheets.length)), 0, s);
      book.active = Math.max(0, book.sheets.indexOf(active));
    });
  }
  get id(): string {
    return this.get('id');
  }
  delete(): void {
    this.ctx.queueWrite('worksheet.delete', () => {
      const book = this.ctx.book;
      const s = this.sheet();
      if (book.sheets.length === 1) throw new FakeError('InvalidOperation', 'a workbook keeps at least one sheet');
      const active = book.sheets[book.active];
      book.sheets.splice(book.sheets.indexOf(s), 1);
      book.active = Math.max(0, book.sheets.indexOf(active));
    });
  }
  get freezePanes(): { freezeRows(n: number): void; freezeColumns(n: number): void; freezeAt(r: FakeRange | string): void } {
    const set = (rows: number, cols: number) =>
      this.ctx.queueWrite('freezePanes', () => {
        this.sheet().freeze = { rows, cols };
      });
    return {
      freezeRows: (n) => set(n, 0),
      freezeColumns: (n) => set(0, n),
      freezeAt: (r) => {
        const box = typeof r === 'string' ? parseRangeA1(r) : null;
        if (typeof r === 'string' && !box) throw new FakeError('InvalidArgument', r);
        this.ctx.queueWrite('freezePanes', () => {
          const b = box ?? (r as FakeRange).target().box;
          this.sheet().freeze = { rows: b.bottom + 1, cols: b.right + 1 };
        });
      },
    };
  }
  preload(prop: string, v: unknown): void {
    this.loaded.set(prop, v);
    this.loaded.set('isNullObject', false);
  }
  get name(): string {
    return this.get('name');
  }
  get protection(): FakeProtection {
    return new FakeProtection(this.ctx, () => this.sheet());
  }
  get notes(): FakeNoteCollection {
    return new FakeNoteCollection(this.ctx, () => this.sheet());
  }
  get comments(): FakeCommentCollection {
    return new FakeCommentCollection(this.ctx, () => this.sheet());
  }
  get charts(): FakeChartCollection {
    return new FakeChartCollection(this.ctx, () => this.sheet());
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    if (valuesOnly !== true) throw new Error('test double only models valuesOnly=true');
    return new FakeRange(this.ctx, () => {
      const s = this.sheet();
      const box = s.usedBox();
      return box ? { sheet: s, box } : null;
    });
  }
  getRange(address: string): FakeRange {
    const box = parseRangeA1(address);
    if (!box) throw new FakeError('InvalidArgument', address);
    return new FakeRange(this.ctx, () => ({ sheet: this.sheet(), box }), false);
  }
  activate(): void {
    this.ctx.queueWrite('activate', () => {
      this.ctx.book.active = this.ctx.book.sheets.indexOf(this.sheet());
    });
  }
}

/** Worksheet.charts: only add, with the chart's title and position (what the appendix uses). */
class FakeChartCollection {
  constructor(
    private ctx: FakeContext,
    private sheet: () => FakeSheet,
  ) {}
  add(type: string, source: FakeRange, seriesBy?: string): FakeChart {
    if (typeof type !== 'string' || !(source instanceof FakeRange)) throw new FakeError('InvalidArgument', 'charts.add(type, range, seriesBy)');
    let created: FakeChartState | null = null;
    this.ctx.queueWrite('charts.add', () => {
      const { sheet, box } = source.target();
      if (sheet !== this.sheet()) throw new FakeError('InvalidArgument', 'the source range is on another sheet');
      created = { type, source: rangeA1(box), ...(seriesBy ? { seriesBy } : {}) };
      this.sheet().charts.push(created);
    });
    return new FakeChart(this.ctx, () => created);
  }
}

class FakeChart {
  readonly title: { text: string };
  constructor(
    private ctx: FakeContext,
    private state: () => FakeChartState | null,
  ) {
    const self = this;
    this.title = {
      set text(v: string) {
        self.ctx.queueWrite('chart.title', () => {
          self.chart().title = v;
        });
      },
      get text(): string {
        throw new FakeError('PropertyNotLoaded', 'chart.title.text');
      },
    };
  }
  private chart(): FakeChartState {
    const c = this.state();
    if (!c) throw new FakeError('ItemNotFound', 'chart not found');
    return c;
  }
  setPosition(start: string | FakeRange, end?: string | FakeRange): void {
    const addr = (r: string | FakeRange) => (typeof r === 'string' ? r : rangeA1(r.target().box));
    this.ctx.queueWrite('chart.setPosition', () => {
      if (typeof start === 'string' && !parseRangeA1(start)) throw new FakeError('InvalidArgument', start);
      this.chart().position = { start: addr(start), ...(end !== undefined ? { end: addr(end) } : {}) };
    });
  }
}

class FakeProtection extends FakeObject {
  constructor(
    ctx: FakeContext,
    private sheet: () => FakeSheet,
  ) {
    super(ctx);
  }
  protected compute(prop: string): unknown {
    if (prop === 'protected') return this.sheet().protected;
    throw new FakeError('InvalidArgument', prop);
  }
  get protected(): boolean {
    return this.get('protected');
  }
}

function quoteSheet(name: string): string {
  return /^[A-Za-z0-9_]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function cellsOf(box: Range): string[] {
  const out: string[] = [];
  for (let r = box.top; r <= box.bottom; r++) for (let c = box.left; c <= box.right; c++) out.push(a1(r, c));
  return out;
}

export class FakeRange extends FakeObject {
  constructor(
    ctx: FakeContext,
    private resolve: () => { sheet: FakeSheet; box: Range } | null,
    private orNull = true,
  ) {
    super(ctx);
  }
  target(): { sheet: FakeSheet; box: Range } {
    const t = this.resolve();
    if (!t) throw new FakeError('ItemNotFound', 'range');
    return t;
  }
  protected isNull(): boolean {
    const t = this.resolve();
    if (!t && !this.orNull) throw new FakeError('ItemNotFound', 'range');
    return !t;
  }
  protected cellCount(props: string[]): number {
    const t = this.resolve();
    if (!t) return 0;
    const n = (t.box.bottom - t.box.top + 1) * (t.box.right - t.box.left + 1);
    return props.some((p) => ['values', 'formulas', 'numberFormat', 'valueTypes'].includes(p)) ? n : 0;
  }
  private grid<T>(f: (c: FakeCell | undefined) => T): T[][] {
    const { sheet, box } = this.target();
    const out: T[][] = [];
    for (let r = box.top; r <= box.bottom; r++) {
      const row: T[] = [];
      for (let c = box.left; c <= box.right; c++) row.push(f(sheet.cells.get(a1(r, c))));
      out.push(row);
    }
    return out;
  }
  protected compute(prop: string): unknown {
    const { sheet, box } = this.target();
    const has = (c: FakeCell | undefined) => sheet.hasContent(c);
    switch (prop) {
      case 'rowIndex':
        return box.top;
      case 'columnIndex':
        return box.left;
      case 'rowCount':
        return box.bottom - box.top + 1;
      case 'columnCount':
        return box.right - box.left + 1;
      case 'address':
        return `${quoteSheet(sheet.name)}!${box.top === box.bottom && box.left === box.right ? a1(box.top, box.left) : rangeA1(box)}`;
      case 'values':
        return this.grid((c) => (has(c) ? (c!.value ?? '') : ''));
      case 'formulas':
        return this.grid((c) => (c?.formula !== undefined ? c.formula : has(c) ? c!.value : ''));
      case 'numberFormat':
        return this.grid((c) => c?.format ?? 'General');
      case 'valueTypes':
        return this.grid((c) => {
          if (!has(c)) return 'Empty';
          const v = c!.value ?? '';
          if (c!.error) return 'Error';
          if (typeof v === 'number') return 'Double';
          if (typeof v === 'boolean') return 'Boolean';
          return v === '' ? 'Empty' : 'String';
        });
    }
    throw new FakeError('InvalidArgument', prop);
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
  get address(): string {
    return this.get('address');
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
  get format(): FakeRangeFormat {
    return new FakeRangeFormat(this.ctx, () => this.target());
  }
  /** Writes a 2-D array cell by cell as Excel does: null leaves a cell alone; the array must match the range. */
  private writeGrid(label: string, grid: unknown[][], each: (c: FakeCell, v: unknown) => void): void {
    const copy = grid.map((r) => [...r]);
    this.ctx.queueWrite(label, () => {
      const { sheet, box } = this.target();
      const rows = box.bottom - box.top + 1;
      const cols = box.right - box.left + 1;
      if (copy.length !== rows || copy.some((r) => r.length !== cols)) {
        throw new FakeError('InvalidArgument', `${label}: ${copy.length}×${copy[0]?.length} for a ${rows}×${cols} range`);
      }
      copy.forEach((r, i) =>
        r.forEach((v, j) => {
          if (v === null || v === undefined) return;
          each(sheet.cell(a1(box.top + i, box.left + j)), v);
        }),
      );
    });
  }
  set values(grid: unknown[][]) {
    // Like typing: "=…" becomes a formula, a leading apostrophe keeps text as text.
    this.writeGrid('range.values', grid, (c, v) => enter(c, v));
  }
  set formulas(grid: unknown[][]) {
    this.writeGrid('range.formulas', grid, (c, v) => enter(c, v));
  }
  set numberFormat(grid: unknown[][]) {
    this.writeGrid('range.numberFormat', grid, (c, v) => {
      if (v === 'General') delete c.format;
      else c.format = String(v);
    });
  }
  set hyperlink(link: { documentReference?: string; address?: string; textToDisplay?: string }) {
    const copy = { ...link };
    this.ctx.queueWrite('range.hyperlink', () => {
      const { sheet, box } = this.target();
      for (const a of cellsOf(box)) {
        const c = sheet.cell(a);
        c.link = copy;
        if (copy.textToDisplay !== undefined) enter(c, copy.textToDisplay);
      }
    });
  }
  clear(): void {
    this.ctx.queueWrite('range.clear', () => {
      const { sheet, box } = this.target();
      for (const a of cellsOf(box)) sheet.cells.delete(a);
    });
  }
  merge(_across?: boolean): void {
    this.ctx.queueWrite('range.merge', () => {
      const { sheet, box } = this.target();
      sheet.merges.push(rangeA1(box));
    });
  }
  getMergedAreasOrNullObject(): FakeAreas {
    return new FakeAreas(this.ctx, () => {
      const { sheet, box } = this.target();
      const inside = sheet.merges
        .map((m) => parseRangeA1(m)!)
        .filter((m) => m.top >= box.top && m.top <= box.bottom && m.left >= box.left && m.left <= box.right);
      return inside.length ? inside.map((m) => `${quoteSheet(sheet.name)}!${rangeA1(m)}`).join(', ') : null;
    });
  }
  getSpecialCellsOrNullObject(type: string): FakeAreas {
    if (type !== 'Visible') throw new Error('test double only models Visible');
    return new FakeAreas(this.ctx, () => {
      const { sheet, box } = this.target();
      const areas: string[] = [];
      let start = -1;
      for (let r = box.top; r <= box.bottom + 1; r++) {
        const shown = r <= box.bottom && !sheet.hiddenRows.has(r);
        if (shown && start < 0) start = r;
        if (!shown && start >= 0) {
          areas.push(`${quoteSheet(sheet.name)}!${rangeA1({ top: start, left: box.left, bottom: r - 1, right: box.right })}`);
          start = -1;
        }
      }
      return areas.length ? areas.join(',') : null;
    });
  }
  select(): void {
    this.ctx.queueWrite('select', () => {
      const { sheet, box } = this.target();
      this.ctx.book.selection = { sheet: sheet.name, address: box.top === box.bottom && box.left === box.right ? a1(box.top, box.left) : rangeA1(box) };
    });
  }
}

class FakeAreas extends FakeObject {
  constructor(
    ctx: FakeContext,
    private addr: () => string | null,
  ) {
    super(ctx);
  }
  protected isNull(): boolean {
    return this.addr() === null;
  }
  protected compute(prop: string): unknown {
    if (prop === 'address') return this.addr();
    throw new FakeError('InvalidArgument', prop);
  }
  get address(): string {
    return this.get('address');
  }
}

/** What typing `v` into a cell does. */
function enter(c: FakeCell, v: unknown): void {
  delete c.formula;
  delete c.error;
  if (v === '') delete c.value;
  else if (typeof v === 'string' && c.format === '@') c.value = v; // Text format: kept exactly as given
  else if (typeof v === 'string' && v.startsWith("'")) c.value = v.slice(1);
  else if (typeof v === 'string' && v.startsWith('=') && v.length > 1) {
    c.formula = v;
    delete c.value; // the fake does not calculate
  } else if (v === '') delete c.value;
  else if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) c.value = Number(v); // General: typed digits become a number
  else c.value = v as string | number | boolean;
}

class FakeRangeFormat {
  readonly fill: FakeFill;
  readonly font: { bold: boolean };
  constructor(
    private ctx: FakeContext,
    private target: () => { sheet: FakeSheet; box: Range },
  ) {
    this.fill = new FakeFill(ctx, target);
    const each = (label: string, f: (c: FakeCell) => void) =>
      ctx.queueWrite(label, () => {
        const { sheet, box } = target();
        for (const a of cellsOf(box)) f(sheet.cell(a));
      });
    this.font = {
      set bold(v: boolean) {
        each('font.bold', (c) => (c.bold = v));
      },
      get bold(): boolean {
        throw new FakeError('PropertyNotLoaded', 'font.bold is write-only in the fake');
      },
    };
  }
  set wrapText(v: boolean) {
    this.ctx.queueWrite('format.wrapText', () => {
      const { sheet, box } = this.target();
      for (const a of cellsOf(box)) sheet.cell(a).wrap = v;
    });
  }
  set columnWidth(points: number) {
    this.ctx.queueWrite('format.columnWidth', () => {
      const { sheet, box } = this.target();
      for (let c = box.left; c <= box.right; c++) sheet.widths.set(c, points);
    });
  }
  set rowHeight(points: number) {
    this.ctx.queueWrite('format.rowHeight', () => {
      const { sheet, box } = this.target();
      for (let r = box.top; r <= box.bottom; r++) sheet.heights.set(r, points);
    });
  }
}

export class FakeFill extends FakeObject {
  constructor(
    ctx: FakeContext,
    private target: () => { sheet: FakeSheet; box: Range },
  ) {
    super(ctx);
  }
  protected compute(prop: string): unknown {
    const { sheet, box } = this.target();
    const fills = cellsOf(box).map((a) => sheet.cells.get(a)?.fill);
    const same = fills.every((f) => f === fills[0]);
    if (prop === 'color') return same ? (fills[0] ?? '#FFFFFF') : null; // Excel: no fill reads as white
    if (prop === 'pattern') return same ? (fills[0] ? 'Solid' : 'None') : null;
    throw new FakeError('InvalidArgument', prop);
  }
  get color(): string {
    return this.get('color');
  }
  set color(v: string) {
    this.ctx.queueWrite('fill.color', () => {
      const { sheet, box } = this.target();
      for (const a of cellsOf(box)) sheet.cell(a).fill = v.toUpperCase();
    });
  }
  get pattern(): string {
    return this.get('pattern');
  }
  set pattern(_v: string) {
    this.ctx.queueWrite('fill.pattern', () => undefined);
  }
  clear(): void {
    this.ctx.queueWrite('fill.clear', () => {
      const { sheet, box } = this.target();
      for (const a of cellsOf(box)) delete sheet.cell(a).fill;
    });
  }
}

function cellAddress(x: FakeRange | string, sheet: FakeSheet): { sheet: FakeSheet; cell: string } {
  if (typeof x === 'string') return { sheet, cell: x };
  const t = x.target();
  if (t.box.top !== t.box.bottom || t.box.left !== t.box.right) throw new FakeError('InvalidArgument', 'not a single cell');
  return { sheet: t.sheet, cell: a1(t.box.top, t.box.left) };
}

class FakeNoteCollection extends FakeObject {
  constructor(
    ctx: FakeContext,
    private sheet: () => FakeSheet,
  ) {
    super(ctx);
  }
  protected compute(prop: string): unknown {
    throw new FakeError('InvalidArgument', prop);
  }
  add(where: FakeRange | string, content: string): FakeNote {
    this.ctx.queueWrite('note.add', () => {
      const { sheet, cell } = cellAddress(where, this.sheet());
      if (sheet.notes.has(cell)) throw new FakeError('InvalidArgument', `${cell} already has a note`);
      sheet.notes.set(cell, content);
    });
    const cell = typeof where === 'string' ? where : undefined;
    return new FakeNote(this.ctx, () => (cell ? { sheet: this.sheet(), cell } : cellAddress(where, this.sheet())));
  }
  getItemOrNullObject(key: string): FakeNote {
    return new FakeNote(this.ctx, () => ({ sheet: this.sheet(), cell: key }));
  }
}

class FakeNote extends FakeObject {
  constructor(
    ctx: FakeContext,
    private where: () => { sheet: FakeSheet; cell: string },
  ) {
    super(ctx);
  }
  protected isNull(): boolean {
    const { sheet, cell } = this.where();
    return !sheet.notes.has(cell);
  }
  protected compute(prop: string): unknown {
    const { sheet, cell } = this.where();
    if (prop === 'content') return sheet.notes.get(cell);
    throw new FakeError('InvalidArgument', prop);
  }
  get content(): string {
    return this.get('content');
  }
  delete(): void {
    this.ctx.queueWrite('note.delete', () => {
      const { sheet, cell } = this.where();
      if (!sheet.notes.delete(cell)) throw new FakeError('ItemNotFound', `no note at ${cell}`);
    });
  }
}

class FakeCommentCollection extends FakeObject {
  constructor(
    ctx: FakeContext,
    private sheet: (() => FakeSheet) | undefined,
  ) {
    super(ctx);
  }
  private list(): FakeCommentState[] {
    const s = this.sheet?.();
    return this.ctx.book.comments.filter((c) => !s || c.sheet === s);
  }
  protected compute(prop: string): unknown {
    throw new FakeError('InvalidArgument', prop);
  }
  load(props?: string | string[]): this {
    const list = splitProps(props).map((p) => p.replace(/^items\//, ''));
    this.ctx.queueLoad(() => {
      const items = this.list().map((state) => {
        const c = new FakeComment(this.ctx, () => state);
        for (const p of list) c.preload(p, c.computeNow(p));
        return c;
      });
      return () => this.loaded.set('items', items);
    });
    return this;
  }
  get items(): FakeComment[] {
    return this.get('items');
  }
  add(where: FakeRange | string, content: string): FakeComment {
    let state: FakeCommentState | undefined;
    this.ctx.queueWrite('comment.add', () => {
      const { sheet, cell } = cellAddress(where, this.sheet?.() ?? this.ctx.book.sheets[0]);
      if (this.ctx.book.comments.some((c) => c.sheet === sheet && c.cell === cell)) {
        throw new FakeError('InvalidArgument', `${cell} already has a comment`);
      }
      state = { id: `c${this.ctx.book.nextCommentId++}`, sheet, cell, content };
      this.ctx.book.comments.push(state);
    });
    return new FakeComment(this.ctx, () => state ?? null);
  }
  toJSON(): Record<string, unknown> {
    const items = this.loaded.get('items') as FakeComment[] | undefined;
    return { items: items?.map((c) => c.toJSON()) ?? [] };
  }
}

class FakeComment extends FakeObject {
  constructor(
    ctx: FakeContext,
    private state: () => FakeCommentState | null,
  ) {
    super(ctx);
  }
  private s(): FakeCommentState {
    const s = this.state();
    if (!s || !this.ctx.book.comments.includes(s)) throw new FakeError('ItemNotFound', 'comment');
    return s;
  }
  protected compute(prop: string): unknown {
    const s = this.s();
    if (prop === 'id') return s.id;
    if (prop === 'content') return s.content;
    throw new FakeError('InvalidArgument', prop);
  }
  computeNow(prop: string): unknown {
    return this.compute(prop);
  }
  preload(prop: string, v: unknown): void {
    this.loaded.set(prop, v);
  }
  get id(): string {
    return this.get('id');
  }
  get content(): string {
    return this.get('content');
  }
  getLocation(): FakeRange {
    return new FakeRange(this.ctx, () => {
      const s = this.s();
      const p = parseA1(s.cell)!;
      return { sheet: s.sheet, box: { top: p.row, left: p.col, bottom: p.row, right: p.col } };
    }, false);
  }
  delete(): void {
    this.ctx.queueWrite('comment.delete', () => {
      const s = this.s();
      this.ctx.book.comments.splice(this.ctx.book.comments.indexOf(s), 1);
    });
  }
}

class FakeSettings extends FakeObject {
  protected compute(prop: string): unknown {
    throw new FakeError('InvalidArgument', prop);
  }
  getItemOrNullObject(key: string): FakeSetting {
    return new FakeSetting(this.ctx, key);
  }
  add(key: string, value: unknown): void {
    // Excel stores settings as JSON; a round trip shows what survives.
    const stored = JSON.parse(JSON.stringify(value));
    this.ctx.queueWrite('settings.add', () => {
      this.ctx.book.settings.set(key, stored);
    });
  }
}

class FakeSetting extends FakeObject {
  constructor(
    ctx: FakeContext,
    private key: string,
  ) {
    super(ctx);
  }
  protected isNull(): boolean {
    return !this.ctx.book.settings.has(this.key);
  }
  protected compute(prop: string): unknown {
    if (prop === 'value') return this.ctx.book.settings.get(this.key);
    throw new FakeError('InvalidArgument', prop);
  }
  get value(): unknown {
    return this.get('value');
  }
}

/** isSetSupported for an Excel that has every ExcelApi version up to `max` (e.g. '1.17'). */
export function excelApiUpTo(max: string): (name: string, v: string) => boolean {
  const num = (s: string) => s.split('.').map(Number);
  const [M, m] = num(max);
  return (name, v) => {
    if (name !== 'ExcelApi') return false;
    const [a, b] = num(v);
    return a < M || (a === M && b <= m);
  };
}
