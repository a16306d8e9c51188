// The allocation sheet (bảng phân bổ chỉ tiêu giảm nghèo): a parent target
// turned into a reduction per unit of a table, written next to the source as
// a plan with live formulas and a short explanation of the arithmetic.
// Pure: the CLI and the pane share it; a host writes the plan.
import { type Sheet, colName } from './grid';
import * as D from './decimal';
import { type PlannedCell, type SheetPlan, fitRowHeights } from './plan';
import type { Lang } from './report';
import { type Table, columnWith, countAt, householdsByYear, isUnusableCount } from './tables';
import { type Allocation, type PolicyRule, type Target, type TargetResult, SEED_004_RULES, allocate, computeTarget, policyFloor, rateOf } from './allocate';
import { ALLOCATION_MARKER, formatDate, safeSheetName } from './correct';
import { fold } from './text';
import { type MessageId, type Param, phrase } from './messages';
import { fitWithSuffix } from './sheet-names';

export function allocationMarker(source: string, date: Date): string {
  return `${ALLOCATION_MARKER} từ trang '${source}' — ngày ${formatDate(date)}`;
}

/** Policy rule sets by the name the CLI takes (`--rules`): rules are data. */
export const RULE_SETS: Record<string, PolicyRule[]> = { seed004: SEED_004_RULES, none: [] };

export type Basis = 'able' | 'poor';

export interface AllocationOptions {
  lang: Lang;
  target: Target;
  basis: Basis;
  newPoor?: number;
  rules: PolicyRule[];
  date?: Date;
}

export interface AllocatedUnit {
  name: string;
  /** Row of the unit in the source sheet (0-based). */
  sourceRow: number;
  households: number;
  householdsEnd?: number;
  poorStart: number;
  /** Poor households able to leave poverty (poor.able, or poor.start − poor.unable), when known. */
  able?: number;
  basis: number;
  cap: number;
  floor: number;
  floorRules: string[];
  reduction: number;
  end: number;
  endRate: number;
}

export interface AllocationResult {
  plan: SheetPlan;
  target: TargetResult;
  /** Where the basis came from: the poor.able column, poor.start − poor.unable, or poor.start. */
  basisFrom: 'poor.able' | 'poor.start-poor.unable' | 'poor.start';
  units: AllocatedUnit[];
  allocation: Allocation;
  /** The shares add up to the target and no floor is above its cap. */
  feasible: boolean;
  /** The explanation block as written on the sheet (one line each). */
  explanation: string[];
  /** Why the target cannot be met, one line each (the explanation has them too). */
  reasons: string[];
  totals: { households: number; householdsEnd?: number; poorStart: number };
  /**
   * Unit rows left out: a count they need is not a usable whole number (4.0001,
   * 1e308, text, a negative…). `check` reports those cells as invalid-value.
   */
  excluded: ExcludedUnit[];
}

export interface ExcludedUnit {
  name: string;
  sourceRow: number;
  /** The unusable cells, e.g. `C7`. */
  cells: string[];
}

/** Input that makes an allocation impossible to plan (missing columns, no units). */
export class AllocationInputError extends Error {
  constructor(
    readonly code: 'no-units' | 'no-poor' | 'no-households' | 'no-able' | 'totals-too-large',
    message: string,
    /** With no-units: the unit rows left out because a count they need is unusable. */
    readonly excluded: ExcludedUnit[] = [],
  ) {
    super(message);
  }
}

/** Headers stay Vietnamese so the engine recognises their roles; English is added in brackets. */
const H = (lang: Lang, id: MessageId) => (lang === 'vi' ? phrase(id, 'vi') : `${phrase(id, 'vi')} (${phrase(id, 'en')})`);

/** `<source> – phân bổ`, shortened to fit Excel's 31 characters. */
export function allocationSheetName(source: string, lang: Lang): string {
  const suffix = ` – ${phrase('alloc-sheet-suffix', lang)}`;
  return safeSheetName(fitWithSuffix(source.replace(/[[\]:*?/\\]/g, '-'), suffix));
}

/** Whether a table has what an allocation needs: unit rows with poor households at the start. */
export function canAllocate(table: Table): boolean {
  return table.rows.some((r) => r.kind === 'unit') && table.columns.some((c) => c.role.code === 'poor.start');
}

function ethnicHhCol(table: Table): number | undefined {
  return table.columns.find((c) => c.role.kind === 'households' && /dtts|dan toc/.test(fold(c.header)))?.col;
}

function readUnits(sheet: Sheet, table: Table, basis: Basis) {
  const col = (code: string) => columnWith(table, code);
  const num = (row: number, c: number | undefined) => countAt(sheet, row, c);
  const hhCols = householdsByYear(table).filter((c) => c.col !== ethnicHhCol(table));
  const start = col('poor.start');
  const able = col('poor.able');
  const unable = col('poor.unable');
  // Ethnic-minority figures, for the policy rule about them, when the sheet has them.
  const ethnicHh = ethnicHhCol(table);
  const ethnicPoor = col('poor.ethnic');
  if (start === undefined) throw new AllocationInputError('no-poor', 'poor.start');
  if (!hhCols.length) throw new AllocationInputError('no-households', 'households');
  const basisFrom: AllocationResult['basisFrom'] =
    basis === 'poor' ? 'poor.start' : able !== undefined ? 'poor.able' : unable !== undefined ? 'poor.start-poor.unable' : 'poor.start';
  if (basis === 'able' && basisFrom === 'poor.start') throw new AllocationInputError('no-able', 'poor.able');
  const labelled = table.rows.filter((r) => r.kind === 'unit' && r.label);
  if (!labelled.length) throw new AllocationInputError('no-units', 'units');
  // A unit whose needed counts cannot be read is left out, never guessed as 0.
  const needed = [start, ...hhCols.map((c) => c.col), basis === 'able' ? (able ?? unable) : undefined, ethnicHh, ethnicPoor];
  const excluded: ExcludedUnit[] = [];
  const rows = labelled.filter((r) => {
    const cells = needed.filter((c): c is number => c !== undefined && isUnusableCount(sheet, r.row, c)).map((c) => `${colName(c)}${r.row + 1}`);
    if (cells.length) excluded.push({ name: r.label.trim(), sourceRow: r.row, cells });
    return !cells.length;
  });
  if (!rows.length) throw new AllocationInputError('no-units', 'units', excluded);
  const units = rows.map((r) => {
    const poorStart = num(r.row, start) ?? 0;
    const ableN = able !== undefined ? num(r.row, able) : unable !== undefined ? poorStart - (num(r.row, unable) ?? 0) : undefined;
    return {
      name: r.label.trim(),
      sourceRow: r.row,
      households: num(r.row, hhCols[0].col) ?? 0,
      householdsEnd: hhCols.length > 1 ? num(r.row, hhCols[hhCols.length - 1].col) : undefined,
      poorStart,
      able: ableN === undefined ? undefined : Math.max(0, Math.min(poorStart, ableN)),
      ethnicHouseholds: ethnicHh !== undefined ? num(r.row, ethnicHh) : undefined,
      ethnicPoor: ethnicPoor !== undefined ? num(r.row, ethnicPoor) : undefined,
    };
  });
  return { units, basisFrom, twoYears: hhCols.length > 1, excluded };
}

/**
 * The allocation of a parent target over the unit rows of `table`: shares
 * proportional to the basis (largest remainder), within caps (the poor able
 * to leave poverty) and floors (policy rules), as a sheet plan placed after
 * the source sheet.
 */
export function allocationPlan(sheet: Sheet, table: Table, o: AllocationOptions): AllocationResult {
  const lang = o.lang;
  const { units: read, basisFrom, twoYears, excluded } = readUnits(sheet, table, o.basis);
  const sum = (f: (u: (typeof read)[number]) => number | undefined) => read.reduce((a, u) => a + (f(u) ?? 0), 0);
  const totals = { households: sum((u) => u.households), householdsEnd: twoYears ? sum((u) => u.householdsEnd) : undefined, poorStart: sum((u) => u.poorStart) };
  // Each count is below 10^15; their sum must still be exact in a JavaScript number.
  if (!Number.isSafeInteger(totals.households) || !Number.isSafeInteger(totals.householdsEnd ?? 0) || !Number.isSafeInteger(totals.poorStart)) {
    throw new AllocationInputError('totals-too-large', 'households');
  }
  const target = computeTarget({ households: totals.households, householdsEnd: totals.householdsEnd, poorStart: totals.poorStart, newPoor: o.newPoor, target: o.target }, lang);
  const p = target.decimals;

  const floors = read.map((u) =>
    policyFloor({ households: u.households, poor: u.poorStart, ethnicHouseholds: u.ethnicHouseholds, ethnicPoor: u.ethnicPoor }, o.rules, p),
  );
  const inputs = read.map((u, i) => ({
    name: u.name,
    basis: basisFrom === 'poor.start' ? u.poorStart : (u.able ?? 0),
    // A unit cannot lift out more than its poor who are able to work (all its poor when that is unknown).
    cap: u.able ?? u.poorStart,
    floor: floors[i].floor,
  }));
  const allocation = allocate(target.reduction, inputs);
  const feasible = allocation.shortfall === 0 && allocation.excess === 0 && allocation.conflicts.length === 0;
  if (feasible && allocation.allocated !== target.reduction) {
    throw new Error(`allocation sums to ${allocation.allocated}, not ${target.reduction}`);
  }
  const units: AllocatedUnit[] = read.map((u, i) => {
    const reduction = allocation.shares[i];
    const end = u.poorStart - reduction;
    return {
      name: u.name,
      sourceRow: u.sourceRow,
      households: u.households,
      ...(u.householdsEnd !== undefined ? { householdsEnd: u.householdsEnd } : {}),
      poorStart: u.poorStart,
      ...(u.able !== undefined ? { able: u.able } : {}),
      basis: inputs[i].basis,
      cap: inputs[i].cap,
      floor: inputs[i].floor,
      floorRules: floors[i].rules,
      reduction,
      end,
      endRate: D.toNumber(rateOf(end, u.householdsEnd ?? u.households, p)),
    };
  });

  const { lines: explanation, reasons } = explain(units, allocation, target, o, basisFrom, feasible);
  const plan = buildPlan(sheet.name, units, totals, target, o, explanation, twoYears);
  return { plan, target, basisFrom, units, allocation, feasible, explanation, reasons, totals, excluded };
}

function explain(units: AllocatedUnit[], a: Allocation, target: TargetResult, o: AllocationOptions, basisFrom: AllocationResult['basisFrom'], feasible: boolean): { lines: string[]; reasons: string[] } {
  const lang = o.lang;
  const say = (id: MessageId, p: Record<string, Param> = {}) => phrase(id, lang, p);
  const lines: string[] = [];
  const reasons: string[] = [];
  lines.push(say('alloc-note-head'));
  for (const s of target.steps) lines.push(`• ${s}`);
  const basis: MessageId = basisFrom === 'poor.able' ? 'alloc-basis-able' : basisFrom === 'poor.start-poor.unable' ? 'alloc-basis-able-unable' : 'alloc-basis-poor';
  lines.push(say('alloc-shares', { reduction: target.reduction, n: units.length, basis: { id: basis, p: {} } }));
  lines.push(say('alloc-bounds'));
  if (o.rules.length) {
    for (const r of o.rules) {
      const hit = units.filter((u) => u.floorRules.includes(r.id));
      const list: Param = hit.length ? hit.map((u) => ({ id: 'alloc-rule-unit' as const, p: { name: u.name, floor: u.floor } })) : { id: 'alloc-rule-none', p: {} };
      lines.push(say('alloc-rule', { label: r.label[lang], units: list }));
    }
  } else lines.push(say('alloc-no-floors'));
  if (!feasible) {
    const names = (ix: number[]) => ix.map((i) => units[i].name);
    const end = units.reduce((x, u) => x + u.end, 0);
    const base = units.reduce((x, u) => x + (u.householdsEnd ?? u.households), 0);
    const rate = { dec: rateOf(end, base, target.decimals), p: target.decimals };
    lines.push(say('alloc-result-end', { end: end, base: base, rate, target: target.poorEnd }));
    const reduction = target.reduction;
    if (a.shortfall > 0) reasons.push(say('alloc-shortfall', { allocated: a.allocated, shortfall: a.shortfall, target: reduction, units: names(a.binding) }));
    if (a.excess > 0) reasons.push(say('alloc-excess', { allocated: a.allocated, excess: a.excess, target: reduction, units: names(a.binding) }));
    if (a.conflicts.length) {
      const conflicts = a.conflicts.map((i) => ({ id: 'alloc-conflict-unit' as const, p: { name: units[i].name, floor: units[i].floor, cap: units[i].cap } }));
      reasons.push(say('alloc-conflicts', { units: conflicts }));
    }
    for (const r of reasons) lines.push(`• ${r}`);
  }
  return { lines, reasons };
}

function buildPlan(
  source: string,
  units: AllocatedUnit[],
  totals: AllocationResult['totals'],
  target: TargetResult,
  o: AllocationOptions,
  explanation: string[],
  twoYears: boolean,
): SheetPlan {
  const lang = o.lang;
  const p = target.decimals;
  const rateFmt = p > 0 ? `0.${'0'.repeat(p)}` : '0';
  type Kind = 'stt' | 'name' | 'hh' | 'hhEnd' | 'start' | 'startRate' | 'cap' | 'basis' | 'floor' | 'red' | 'end' | 'endRate';
  const cols: { kind: Kind; header: string }[] = [
    { kind: 'stt', header: H(lang, 'alloc-h-stt') },
    { kind: 'name', header: H(lang, 'alloc-h-unit') },
    { kind: 'hh', header: H(lang, twoYears ? 'alloc-h-households-start' : 'alloc-h-households') },
    ...(twoYears ? [{ kind: 'hhEnd' as const, header: H(lang, 'alloc-h-households-end') }] : []),
    { kind: 'start', header: H(lang, 'alloc-h-start') },
    { kind: 'startRate', header: H(lang, 'alloc-h-start-rate') },
    { kind: 'cap', header: H(lang, 'alloc-h-cap') },
    { kind: 'basis', header: H(lang, 'alloc-h-basis') },
    { kind: 'floor', header: H(lang, 'alloc-h-floor') },
    { kind: 'red', header: H(lang, 'alloc-h-reduction') },
    { kind: 'end', header: H(lang, 'alloc-h-end') },
    { kind: 'endRate', header: H(lang, 'alloc-h-end-rate') },
  ];
  const at = (k: Kind) => cols.findIndex((c) => c.kind === k);
  const ref = (k: Kind, row: number) => `${colName(at(k))}${row + 1}`;
  const cells: PlannedCell[] = [];
  const put = (row: number, k: Kind, c: Omit<PlannedCell, 'row' | 'col'>) => {
    if (at(k) >= 0) cells.push({ row, col: at(k), ...c });
  };
  cells.push({ row: 0, col: 0, value: allocationMarker(source, o.date ?? new Date()) });
  const title =
    o.target.kind === 'rate'
      ? phrase('alloc-title-rate', lang, { rate: { dec: o.target.rate.value, p } })
      : phrase('alloc-title-households', lang, { reduction: o.target.reduction });
  cells.push({ row: 1, col: 0, value: title, bold: true });
  const headerRow = 3;
  cols.forEach((c, i) => cells.push({ row: headerRow, col: i, value: c.header, bold: true, wrap: true, fill: 'D9E1F2' }));
  const first = headerRow + 1;
  const basisKind: Kind = o.basis === 'poor' ? 'start' : 'cap';
  units.forEach((u, i) => {
    const r = first + i;
    const endBase: Kind = twoYears ? 'hhEnd' : 'hh';
    put(r, 'stt', { value: i + 1 });
    put(r, 'name', { value: u.name });
    put(r, 'hh', { value: u.households, numFmt: '#,##0' });
    put(r, 'hhEnd', { value: u.householdsEnd ?? null, numFmt: '#,##0' });
    put(r, 'start', { value: u.poorStart, numFmt: '#,##0' });
    put(r, 'startRate', { formula: `ROUND(${ref('start', r)}/${ref('hh', r)}*100,${p})`, result: D.toNumber(rateOf(u.poorStart, u.households, p)), numFmt: rateFmt });
    put(r, 'cap', { value: u.cap, numFmt: '#,##0' });
    // The basis is a copy of the column it comes from, kept live.
    put(r, 'basis', { formula: ref(basisKind, r), result: u.basis, numFmt: '#,##0' });
    put(r, 'floor', { value: u.floor, numFmt: '#,##0', ...(u.floorRules.length ? { note: u.floorRules.map((id) => o.rules.find((x) => x.id === id)?.label[lang] ?? id).join('\n') } : {}) });
    put(r, 'red', { value: u.reduction, numFmt: '#,##0', bold: true });
    put(r, 'end', { formula: `${ref('start', r)}-${ref('red', r)}`, result: u.end, numFmt: '#,##0' });
    put(r, 'endRate', { formula: `ROUND(${ref('end', r)}/${ref(endBase, r)}*100,${p})`, result: u.endRate, numFmt: rateFmt });
  });
  const t = first + units.length;
  const span = (k: Kind) => `SUM(${ref(k, first)}:${ref(k, t - 1)})`;
  const total = (f: (u: AllocatedUnit) => number) => units.reduce((a, u) => a + f(u), 0);
  put(t, 'name', { value: phrase('alloc-total', lang), bold: true });
  const sums: [Kind, number | undefined][] = [
    ['hh', totals.households],
    ['hhEnd', totals.householdsEnd],
    ['start', totals.poorStart],
    ['cap', total((u) => u.cap)],
    ['basis', total((u) => u.basis)],
    ['floor', total((u) => u.floor)],
    ['red', total((u) => u.reduction)],
    ['end', total((u) => u.end)],
  ];
  for (const [k, v] of sums) if (v !== undefined) put(t, k, { formula: span(k), result: v, numFmt: '#,##0', bold: true });
  const endT = total((u) => u.end);
  const endBaseT = twoYears ? (totals.householdsEnd ?? totals.households) : totals.households;
  put(t, 'startRate', { formula: `ROUND(${ref('start', t)}/${ref('hh', t)}*100,${p})`, result: D.toNumber(rateOf(totals.poorStart, totals.households, p)), numFmt: rateFmt, bold: true });
  put(t, 'endRate', { formula: `ROUND(${ref('end', t)}/${ref(twoYears ? 'hhEnd' : 'hh', t)}*100,${p})`, result: D.toNumber(rateOf(endT, endBaseT, p)), numFmt: rateFmt, bold: true });
  explanation.forEach((line, i) => cells.push({ row: t + 2 + i, col: 0, value: line, ...(i === 0 ? { bold: true } : {}) }));
  return fitRowHeights({
    name: allocationSheetName(source, lang),
    purpose: 'allocation',
    source,
    cells,
    merges: [],
    widths: cols.map((c) => (c.kind === 'stt' ? 5 : c.kind === 'name' ? 22 : 13)),
    freeze: { rows: headerRow + 1, cols: 2 },
  });
}
