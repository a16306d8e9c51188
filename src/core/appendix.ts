// The province appendix (Phụ lục phân bổ chỉ tiêu giảm nghèo) built from the
// units' own tables: unit figures are read from each table, units are matched
// by name across sources, and a plan for the appendix sheet is made with live
// formulas (totals as ratios of sums). Near-miss names are reported, never merged.
import { type Sheet, cellAt, colName } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import { readNumber } from './numbers';
import { type PlannedCell, type SheetPlan, fitRowHeights } from './plan';
import type { Lang } from './report';
import { type MessageId, type Msg, type Param, render } from './messages';
import { type Table, columnWith, countAt, householdsByYear, isUnusableCount } from './tables';
import { tidy } from './text';
import { type NameKeys, type NearMissWhy, findMatch, nameKeys, nearMissWhy } from './match';
import { maxOf, minOf } from './arrays';

export interface PopulationFigures {
  /** Households in the population at the start (poor or near-poor, year N−1). */
  start?: number;
  reduction?: number;
  end?: number;
  /** Stated rates, kept for tables without a households column. */
  startRate?: Dec;
  endRate?: Dec;
}

export interface UnitFigures {
  name: string;
  /** Where the figures came from, e.g. `huyen-a-luoi.xlsx › Phân bổ › A5:H18`. */
  source: string;
  households?: number;
  householdsEnd?: number;
  poor: PopulationFigures;
  nearPoor: PopulationFigures;
}

const rate = (sheet: Sheet, row: number, col: number | undefined): Dec | undefined => {
  if (col === undefined) return undefined;
  const r = readNumber(cellAt(sheet, row, col), 'rate');
  return r.ok ? D.round(r.value, r.shown) : undefined;
};

function figuresAt(sheet: Sheet, table: Table, row: number, name: string, source: string): UnitFigures {
  const col = (code: string) => columnWith(table, code);
  // Two households columns: the later year is the end-of-year base.
  const byYear = householdsByYear(table);
  const pop = (p: 'poor' | 'nearPoor'): PopulationFigures => {
    const start = countAt(sheet, row, col(`${p}.start`));
    const reduction = countAt(sheet, row, col(`${p}.decrease`)) ?? countAt(sheet, row, col(`${p}.exit`));
    let end = countAt(sheet, row, col(`${p}.end`));
    if (end === undefined && start !== undefined && reduction !== undefined) end = start - reduction;
    return { start, reduction, end, startRate: rate(sheet, row, col(`${p}.start.rate`)), endRate: rate(sheet, row, col(`${p}.end.rate`)) };
  };
  return {
    name: tidy(name),
    source,
    households: byYear.length ? countAt(sheet, row, byYear[0].col) : undefined,
    householdsEnd: byYear.length > 1 ? countAt(sheet, row, byYear[byYear.length - 1].col) : undefined,
    poor: pop('poor'),
    nearPoor: pop('nearPoor'),
  };
}

/** A figure the appendix leaves out: the cell holds something that is not a usable whole count. */
export interface LeftOutCell {
  source: string;
  /** A1 address in its sheet. */
  cell: string;
  /** What the cell holds, as typed or stored (4.0001, 1.7976931348623157e+308, "x"). */
  value: string;
}

const FIGURE_CODES = ['poor.start', 'poor.decrease', 'poor.exit', 'poor.end', 'nearPoor.start', 'nearPoor.decrease', 'nearPoor.exit', 'nearPoor.end'];

/**
 * The cells of the figures the appendix reads, on the rows it reads, that hold
 * something other than a whole count: they are left out (as if empty), and
 * said so, rather than guessed or rounded.
 */
export function leftOutFigures(sheet: Sheet, table: Table, which: 'units' | 'total', source: string): LeftOutCell[] {
  const cols = [...FIGURE_CODES.map((c) => columnWith(table, c)), ...householdsByYear(table).map((c) => c.col)].filter((c): c is number => c !== undefined);
  const rows = table.rows.filter((r) => (which === 'total' ? r.kind === 'total' : r.kind === 'unit' && r.label));
  const out: LeftOutCell[] = [];
  for (const r of which === 'total' ? rows.slice(0, 1) : rows) {
    for (const c of new Set(cols)) {
      if (!isUnusableCount(sheet, r.row, c) || countAt(sheet, r.row, c) !== undefined) continue;
      const v = cellAt(sheet, r.row, c).value;
      out.push({ source, cell: `${colName(c)}${r.row + 1}`, value: v.kind === 'empty' ? '' : String(v.value) });
    }
  }
  return out;
}

/** One entry per unit row of the table (hamlets of a commune, communes of a province…). */
export function unitsOfTable(sheet: Sheet, table: Table, source: string): UnitFigures[] {
  return table.rows.filter((r) => r.kind === 'unit' && r.label).map((r) => figuresAt(sheet, table, r.row, r.label, source));
}

/** The table's total row as one unit: a district's or commune's own workbook seen from the province. */
export function totalOfTable(sheet: Sheet, table: Table, name: string, source: string): UnitFigures | null {
  const total = table.rows.find((r) => r.kind === 'total');
  return total ? figuresAt(sheet, table, total.row, name, source) : null;
}

// ---------------------------------------------------------------------------
// Names

export { nameKeys } from './match';

export interface NearMiss {
  names: [string, string];
  sources: [string, string];
  /** `diacritics`: the same letters with different accents (ĐẦU PHẦN / ĐẦU PHÂN); `letter`: one letter apart. */
  why: NearMissWhy;
}

export interface MergedUnits {
  units: UnitFigures[];
  nearMisses: NearMiss[];
  /** The same unit giving different numbers for the same figure in two sources. */
  conflicts: { name: string; field: string; values: number[]; sources: string[] }[];
}

/**
 * Units of several sources, one entry per unit, figures combined (poor from
 * one table, near-poor from another). Names match when equal ignoring case,
 * spacing and unit-type prefixes, or when one of them is typed without any
 * accents and nothing else matches it. Names that differ only in their
 * accents, or by one letter, are near-misses: reported, kept apart.
 */
export function mergeUnits(lists: UnitFigures[][]): MergedUnits {
  const units: UnitFigures[] = [];
  const keys: NameKeys[] = [];
  const nearMisses: NearMiss[] = [];
  const conflicts: MergedUnits['conflicts'] = [];
  const seenMiss = new Set<string>();
  // Which source list each unit came from first: rows of one table are distinct units, never merged.
  const origin: number[] = [];
  lists.forEach((list, li) => {
    for (const u of list) {
      const k = nameKeys(u.name);
      const other = (i: number) => origin[i] !== li;
      const at = findMatch(k, keys, other);
      if (at < 0) {
        keys.forEach((x, i) => {
          if (!other(i)) return;
          const why = nearMissWhy(x, k);
          const id = [units[i].name, u.name].sort().join('|');
          if (why && !seenMiss.has(id)) {
            seenMiss.add(id);
            nearMisses.push({ names: [units[i].name, u.name], sources: [units[i].source, u.source], why });
          }
        });
        units.push({ ...u, poor: { ...u.poor }, nearPoor: { ...u.nearPoor } });
        keys.push(k);
        origin.push(li);
        continue;
      }
      const into = units[at];
      const fill = <T extends object>(target: T, from: T, prefix: string) => {
        for (const [f, v] of Object.entries(from) as [keyof T & string, unknown][]) {
          if (v === undefined) continue;
          const have = target[f] as unknown;
          if (have === undefined) (target as Record<string, unknown>)[f] = v;
          else if (typeof v === 'number' && typeof have === 'number' && v !== have) {
            conflicts.push({ name: into.name, field: prefix + f, values: [have, v], sources: [into.source, u.source] });
          }
        }
      };
      fill(into, { households: u.households, householdsEnd: u.householdsEnd } as UnitFigures, '');
      fill(into.poor, u.poor, 'poor.');
      fill(into.nearPoor, u.nearPoor, 'nearPoor.');
      if (!into.source.includes(u.source)) into.source += `; ${u.source}`;
    }
  });
  return { units, nearMisses, conflicts };
}

// ---------------------------------------------------------------------------
// The appendix sheet

export interface AppendixOptions {
  lang: Lang;
  /** Year N of the plan (the appendix shows N−1 and N). */
  year: number;
  /** `top` as in seed 004 ("Toàn tỉnh" first), or `bottom`. */
  totalAt: 'top' | 'bottom';
  totalLabel?: string;
  title?: string;
  name?: string;
}

const say = (lang: Lang, id: MessageId, p: Record<string, Param> = {}) => render({ id, p }, lang);
const popWord = (pop: 'poor' | 'nearPoor'): Msg => ({ id: pop === 'poor' ? 'population-poor' : 'population-nearPoor', p: {} });

/**
 * The appendix as a sheet plan: STT, Đơn vị, (households N−1 and N when
 * known), poor N−1, rate N−1, reduction N, remaining N, rate N, and the same
 * for near-poor when any unit has near-poor figures. Rates are ROUND(count /
 * households × 100, 2) where households are known; the total row is the sum
 * of the units and its rates the ratio of the sums.
 */
export function appendixPlan(units: UnitFigures[], o: AppendixOptions): SheetPlan {
  const lang = o.lang;
  const N = o.year;
  const hasHh = units.some((u) => u.households !== undefined);
  const hasHhEnd = units.some((u) => u.householdsEnd !== undefined);
  const hasNear = units.some((u) => u.nearPoor.start !== undefined);
  type Col = { header: string; kind: 'stt' | 'name' | 'hh' | 'hhEnd' | 'start' | 'startRate' | 'red' | 'end' | 'endRate'; pop?: 'poor' | 'nearPoor' };
  const cols: Col[] = [
    { header: say(lang, 'appendix-col-no'), kind: 'stt' },
    { header: say(lang, 'appendix-col-unit'), kind: 'name' },
  ];
  if (hasHh) cols.push({ header: say(lang, 'appendix-col-households', { year: String(N - 1) }), kind: 'hh' });
  if (hasHhEnd) cols.push({ header: say(lang, 'appendix-col-households', { year: String(N) }), kind: 'hhEnd' });
  for (const pop of hasNear ? (['poor', 'nearPoor'] as const) : (['poor'] as const)) {
    const w = popWord(pop);
    cols.push(
      { header: say(lang, 'appendix-col-start', { w, year: String(N - 1) }), kind: 'start', pop },
      { header: say(lang, 'appendix-col-rate', { w, year: String(N - 1) }), kind: 'startRate', pop },
      { header: say(lang, 'appendix-col-reduction', { w, year: String(N) }), kind: 'red', pop },
      { header: say(lang, 'appendix-col-end', { w, year: String(N) }), kind: 'end', pop },
      { header: say(lang, 'appendix-col-rate', { w, year: String(N) }), kind: 'endRate', pop },
    );
  }
  const letter = (i: number) => String.fromCharCode(65 + i);
  const colOf = (kind: Col['kind'], pop?: Col['pop']) => cols.findIndex((c) => c.kind === kind && (pop === undefined || c.pop === pop));
  const cells: PlannedCell[] = [];
  const title = o.title ?? say(lang, 'appendix-title', { year: String(N) });
  cells.push({ row: 0, col: 0, value: say(lang, 'appendix-name'), bold: true });
  cells.push({ row: 1, col: 0, value: title, bold: true });
  const headerRow = 3;
  cols.forEach((c, i) => cells.push({ row: headerRow, col: i, value: c.header, bold: true, wrap: true }));
  const first = headerRow + 1;
  const totalRow = o.totalAt === 'top' ? first : first + units.length;
  const unitRow = (i: number) => (o.totalAt === 'top' ? first + 1 + i : first + i);
  const unitRows = units.map((_, i) => unitRow(i) + 1); // A1 row numbers
  const span = `${minOf(unitRows)}:${maxOf(unitRows)}`;
  const [r1, r2] = span.split(':');

  // Values we compute, so the plan carries results and can be checked before writing.
  const exactRate = (count: number | undefined, base: number | undefined): number | undefined =>
    count === undefined || !base ? undefined : D.toNumber(D.ratio(D.dec(count), D.dec(base), 100, 2, 'half-up') ?? D.ZERO);
  const sum = (f: (u: UnitFigures) => number | undefined) => {
    const xs = units.map(f);
    return xs.every((x) => x === undefined) ? undefined : xs.reduce<number>((a, x) => a + (x ?? 0), 0);
  };
  const put = (row: number, colIdx: number, c: Omit<PlannedCell, 'row' | 'col'>) => {
    if (colIdx >= 0) cells.push({ row, col: colIdx, ...c });
  };
  const rateCell = (row: number, countCol: number, baseCol: number, count: number | undefined, base: number | undefined, stated: Dec | undefined) => {
    if (baseCol >= 0 && base) {
      return { formula: `ROUND(${letter(countCol)}${row + 1}/${letter(baseCol)}${row + 1}*100,2)`, result: exactRate(count, base), numFmt: '0.00' };
    }
    return stated ? { value: D.toNumber(stated), numFmt: '0.00' } : { value: null };
  };

  // A cell holds a formula only where every
  // operand is there: a blank operand would make Excel/LibreOffice read 0 and
  // show 0 or 0,00 % for missing data, or a total rate over part of the units.
  // A figure that cannot be worked out is left blank with a note saying why.
  const endOf = (f: PopulationFigures) => f.end ?? (f.start !== undefined && f.reduction !== undefined ? f.start - f.reduction : undefined);
  units.forEach((u, i) => {
    const r = unitRow(i);
    put(r, colOf('stt'), { value: i + 1 });
    put(r, colOf('name'), { value: u.name });
    put(r, colOf('hh'), { value: u.households ?? null, numFmt: '#,##0' });
    put(r, colOf('hhEnd'), { value: u.householdsEnd ?? null, numFmt: '#,##0' });
    for (const pop of ['poor', 'nearPoor'] as const) {
      if (colOf('start', pop) < 0) continue;
      const f = u[pop];
      const end = endOf(f);
      put(r, colOf('start', pop), { value: f.start ?? null, numFmt: '#,##0' });
      put(r, colOf('red', pop), { value: f.reduction ?? null, numFmt: '#,##0' });
      if (f.start !== undefined && f.reduction !== undefined && (f.end === undefined || f.end === f.start - f.reduction)) {
        put(r, colOf('end', pop), { formula: `${letter(colOf('start', pop))}${r + 1}-${letter(colOf('red', pop))}${r + 1}`, result: end, numFmt: '#,##0' });
      } else put(r, colOf('end', pop), { value: end ?? null, numFmt: '#,##0' });
      // A rate is a formula only over a count and a households figure this row holds; otherwise the source's own rate, or blank.
      const startBase = u.households !== undefined && f.start !== undefined ? colOf('hh') : -1;
      put(r, colOf('startRate', pop), rateCell(r, colOf('start', pop), startBase, f.start, u.households, f.startRate));
      const endBaseCol = end === undefined ? -1 : u.householdsEnd !== undefined && hasHhEnd ? colOf('hhEnd') : u.households !== undefined ? colOf('hh') : -1;
      const endBase = endBaseCol === colOf('hhEnd') && hasHhEnd ? u.householdsEnd : u.households;
      put(r, colOf('endRate', pop), rateCell(r, colOf('end', pop), endBaseCol, end, endBase, f.endRate));
    }
  });

  // Total row: sums, and rates as the ratio of the sums — each only when every unit gives its operands.
  const t = totalRow;
  put(t, colOf('name'), { value: o.totalLabel ?? say(lang, 'appendix-total'), bold: true });
  const names = (us: UnitFigures[]) => {
    const shown = us.slice(0, 5).map((u) => u.name).join(', ');
    return us.length > 5 ? say(lang, 'appendix-names-more', { shown, n: { dec: D.dec(us.length - 5), p: 0 } }) : shown;
  };
  const blank = (colIdx: number, reason: string) => put(t, colIdx, { value: null, note: reason, bold: true });
  const lacking = (f: (u: UnitFigures) => number | undefined) => units.filter((u) => f(u) === undefined);
  const sumCell = (colIdx: number, f: (u: UnitFigures) => number | undefined, what: Msg) => {
    if (colIdx < 0) return;
    const missing = lacking(f);
    if (missing.length) {
      blank(colIdx, say(lang, 'appendix-total-missing', { what, names: names(missing) }));
      return;
    }
    put(t, colIdx, { formula: `SUM(${letter(colIdx)}${r1}:${letter(colIdx)}${r2})`, result: sum(f), numFmt: '#,##0', bold: true });
  };
  const hhWhat = (year: number): Msg => ({ id: 'appendix-what-households', p: { year: String(year) } });
  sumCell(colOf('hh'), (u) => u.households, hhWhat(N - 1));
  sumCell(colOf('hhEnd'), (u) => u.householdsEnd, hhWhat(N));
  for (const pop of ['poor', 'nearPoor'] as const) {
    if (colOf('start', pop) < 0) continue;
    const w = popWord(pop);
    sumCell(colOf('start', pop), (u) => u[pop].start, { id: 'appendix-what-start', p: { w, year: String(N - 1) } });
    sumCell(colOf('red', pop), (u) => u[pop].reduction, { id: 'appendix-what-reduction', p: { w } });
    sumCell(colOf('end', pop), (u) => endOf(u[pop]), { id: 'appendix-what-end', p: { w } });
    // The ratio of the sums holds only when every unit has both the count and the households of the same column.
    const totalRate = (rateCol: number, countCol: number, count: (u: UnitFigures) => number | undefined, baseCol: number, base: (u: UnitFigures) => number | undefined, baseYear: number) => {
      if (rateCol < 0) return;
      if (baseCol < 0) {
        blank(rateCol, say(lang, 'appendix-rate-no-households'));
        return;
      }
      const noCount = lacking(count);
      const noBase = lacking(base);
      if (noCount.length || noBase.length) {
        const parts = [
          ...(noBase.length ? [say(lang, 'appendix-missing-for', { what: hhWhat(baseYear), names: names(noBase) })] : []),
          ...(noCount.length ? [say(lang, 'appendix-missing-for', { what: { id: 'appendix-what-count', p: { w } }, names: names(noCount) })] : []),
        ];
        blank(rateCol, say(lang, 'appendix-rate-missing', { w, parts: parts.join('; ') }));
        return;
      }
      const c = sum(count);
      const b = sum(base);
      put(t, rateCol, { ...rateCell(t, countCol, baseCol, c, b, undefined), bold: true });
    };
    totalRate(colOf('startRate', pop), colOf('start', pop), (u) => u[pop].start, colOf('hh'), (u) => u.households, N - 1);
    const endCol = hasHhEnd ? colOf('hhEnd') : colOf('hh');
    totalRate(colOf('endRate', pop), colOf('end', pop), (u) => endOf(u[pop]), endCol, hasHhEnd ? (u) => u.householdsEnd : (u) => u.households, hasHhEnd ? N : N - 1);
  }

  return fitRowHeights({
    name: o.name ?? say(lang, 'appendix-name'),
    purpose: 'appendix',
    cells,
    merges: [],
    widths: cols.map((c) => (c.kind === 'stt' ? 5 : c.kind === 'name' ? 24 : 13)),
    freeze: { rows: headerRow + 1, cols: 2 },
  });
}
