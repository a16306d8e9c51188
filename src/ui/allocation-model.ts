// The allocation panel's logic, kept out of React so it can be tested alone:
// which tables can be allocated, the target as typed (decimal comma), and the
// planner's result (src/core/allocation-plan.ts) turned into what the panel says.
import * as D from '../core/decimal';
import { type Target, percent } from '../core/allocate';
import { type AllocationResult, AllocationInputError, type Basis, RULE_SETS, allocationPlan, canAllocate } from '../core/allocation-plan';
import { ownSheetPurposeOf } from '../core/correct';
import { type Sheet, rangeA1 } from '../core/grid';
import type { Lang } from '../core/report';
import type { Table } from '../core/tables';
import { checkedTables } from '../core/engine';
import type { CheckResult, RoleOverrides } from '../backend/contract';

export interface TableChoice {
  /** `sheet\u0000index`: stable key for a Select. */
  key: string;
  sheet: string;
  index: number;
  range: string;
}

/** Tables of the last check that can be allocated (unit rows, poor households), PovCheck's own sheets left out. */
export function allocatableTables(result: CheckResult | null, roles: RoleOverrides = {}): TableChoice[] {
  if (!result) return [];
  const out: TableChoice[] = [];
  for (const sr of result.report.sheets) {
    const sheet = result.workbook.sheets.find((s) => s.name === sr.name);
    if (!sheet || ownSheetPurposeOf(sheet) !== null) continue;
    checkedTables(result, sheet, roles).forEach((table, index) => {
      if (canAllocate(table)) out.push({ key: `${sheet.name}\u0000${index}`, sheet: sheet.name, index, range: rangeA1(table.range) });
    });
  }
  return out;
}

export interface SourceTable {
  sheet: Sheet;
  table: Table;
}

export function sourceTableOf(result: CheckResult, choice: TableChoice, roles: RoleOverrides = {}): SourceTable | null {
  const sheet = result.workbook.sheets.find((s) => s.name === choice.sheet);
  const table = sheet ? checkedTables(result, sheet, roles)[choice.index] : undefined;
  return sheet && table ? { sheet, table } : null;
}

// ---------------------------------------------------------------------------
// Inputs as typed

/** A rate as typed: `1,50`, `1.5`, `1,50 %`. Null when it is not one. */
export function parseRate(text: string): { value: D.Dec; decimals: number } | null {
  const s = text.trim();
  if (!/^\d{1,3}([.,]\d{1,6})?\s*%?$/.test(s)) return null;
  const p = percent(s.replace(/\s*%$/, ''));
  return D.cmp(p.value, D.dec(100)) > 0 ? null : p;
}

/** A whole number of households as typed: `82`, `1.411` (vi thousands), `1,411`. Null when it is not one. */
export function parseCount(text: string): number | null {
  const s = text.trim().replace(/\s/g, '');
  if (!/^\d{1,3}([.,]\d{3})*$|^\d+$/.test(s)) return null;
  const n = Number(s.replace(/[.,]/g, ''));
  return Number.isSafeInteger(n) ? n : null;
}

export type RuleSet = 'none' | 'seed004';

export interface AllocationInput {
  target: { kind: 'rate'; text: string } | { kind: 'households'; text: string };
  basis: Basis;
  newPoorText: string;
  rules: RuleSet;
}

export type AllocationProblem =
  | { kind: 'bad-target' }
  | { kind: 'bad-new-poor' }
  | { kind: 'no-poor' }
  | { kind: 'no-households' }
  | { kind: 'no-able' }
  | { kind: 'no-units' }
  | { kind: 'totals-too-large' }
  | { kind: 'too-many'; reduction: number; poor: number }
  /** The caps cannot hold the reduction: short by `by`; the units named are at their cap. */
  | { kind: 'shortfall'; by: number; capacity: number; units: string[] }
  /** The rules' floors add up to more than the reduction, by `by`. */
  | { kind: 'excess'; by: number; units: string[] }
  /** A unit's floor is above its cap. */
  | { kind: 'conflict'; units: string[] };

export interface AllocationOutcome {
  /** The planner's result (plan, units, target, allocation); null when the input could not be planned. */
  result: AllocationResult | null;
  /** Problems; any of them means nothing may be written. */
  problems: AllocationProblem[];
  /**
   * Browser page: the plan's cells stayed in the worker (copying a national table's plan to the page and back
   * would hold the page up); the file is written there from the plan kept under this key.
   */
  planKey?: string;
}

/** The target, the shares per unit and the sheet plan, from the core planner (src/core/allocation-plan.ts). */
export function computeAllocation(src: SourceTable, input: AllocationInput, lang: Lang, date = new Date()): AllocationOutcome {
  const fail = (p: AllocationProblem): AllocationOutcome => ({ result: null, problems: [p] });
  const newPoorText = input.newPoorText.trim();
  const newPoor = newPoorText === '' ? 0 : parseCount(newPoorText);
  if (newPoor === null) return fail({ kind: 'bad-new-poor' });
  let target: Target;
  if (input.target.kind === 'rate') {
    const rate = parseRate(input.target.text);
    if (!rate) return fail({ kind: 'bad-target' });
    target = { kind: 'rate', rate };
  } else {
    const n = parseCount(input.target.text);
    if (n === null) return fail({ kind: 'bad-target' });
    target = { kind: 'households', reduction: n };
  }
  let result: AllocationResult;
  try {
    result = allocationPlan(src.sheet, src.table, { lang, target, basis: input.basis, newPoor, rules: RULE_SETS[input.rules] ?? [], date });
  } catch (e) {
    if (e instanceof AllocationInputError) return fail({ kind: e.code });
    throw e;
  }
  if (target.kind === 'households' && target.reduction > result.totals.poorStart) {
    return fail({ kind: 'too-many', reduction: target.reduction, poor: result.totals.poorStart });
  }
  const problems: AllocationProblem[] = [];
  const a = result.allocation;
  const names = (idx: number[]) => idx.map((i) => result.units[i].name);
  if (a.conflicts.length) problems.push({ kind: 'conflict', units: names(a.conflicts) });
  if (a.shortfall > 0) {
    const capacity = result.units.reduce((s, u) => s + u.cap, 0);
    problems.push({ kind: 'shortfall', by: a.shortfall, capacity, units: names(a.binding) });
  }
  if (a.excess > 0) problems.push({ kind: 'excess', by: a.excess, units: names(a.binding) });
  return { result, problems };
}

export { RULE_SETS, type Basis };
