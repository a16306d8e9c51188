// `povcheck allocate IN.xlsx --target-rate R | --target-households N -o OUT.xlsx`:
// a copy of IN with, next to the source sheet, the allocation of the parent
// target over the table's units. The plan is checked by the engine before it
// is written; the source sheets are never changed.
import * as fs from 'fs';
import { type CheckedWorkbook, checkWorkbook, checkedWorkbook } from '../core/engine';
import type { Issue, Lang } from '../core/report';
import { type Target, percent, rateOf } from '../core/allocate';
import { type AllocatedUnit, type AllocationResult, type Basis, type ExcludedUnit, AllocationInputError, RULE_SETS, allocationPlan, canAllocate } from '../core/allocation-plan';
import { ownSheetPurposeOf } from '../core/correct';
import { planToSheet } from '../core/plan';
import { rangeA1 } from '../core/grid';
import * as D from '../core/decimal';
import type { Table } from '../core/tables';
import { ALLOCATE_TEXT as W, T } from './text';
import { countIssues } from './render';
import { type ParsedFlags, detail, failWith, isSameFile, last, parseFlags, readFailureOf } from './options';
import { maxOf } from '../core/arrays';

export interface AllocateArgs {
  input: string;
  output: string;
  target: Target;
  basis: Basis;
  newPoor: number;
  rules: string;
  sheet?: string;
  json: boolean;
  lang: Lang;
}

interface Out {
  write(s: string): unknown;
}

/** What `allocate --json` prints. Fields may be added, never renamed. */
export interface AllocateResult {
  file: string;
  output: string;
  /** The sheet written, and the source sheet and table it was made from. */
  sheet: string;
  source: string;
  sourceRange: string;
  basis: Basis;
  basisFrom: AllocationResult['basisFrom'];
  rules: string;
  target: {
    kind: Target['kind'];
    rate?: number;
    households: number;
    householdsEnd?: number;
    poorStart: number;
    newPoor: number;
    reduction: number;
    exits: number;
    poorEnd: number;
    startRate: number;
    endRate: number;
    met: boolean;
    steps: string[];
  };
  units: AllocatedUnit[];
  allocated: number;
  shortfall: number;
  excess: number;
  /** Names of the units whose cap or floor decides the outcome when the target cannot be met. */
  binding: string[];
  /** Names of the units whose policy floor is above their cap. */
  conflicts: string[];
  feasible: boolean;
  explanation: string[];
  /** Unit rows left out of the allocation: a count they need is not a usable whole number. */
  excluded: ExcludedUnit[];
  /** Errors of the source table (the allocation uses its unit rows, not its total row). */
  sourceIssues: Issue[];
  /** What the engine says about the allocation sheet before it is written (no error, or nothing is written). */
  issues: Issue[];
}

export const ALLOCATE_FLAGS = {
  '--output': { value: true, alias: ['-o'] },
  '--target-rate': { value: true },
  '--target-households': { value: true },
  '--basis': { value: true },
  '--new-poor': { value: true },
  '--rules': { value: true },
  '--sheet': { value: true },
};


export function allocateUsage(lang: Lang): string {
  return W.usage(lang);
}

/** Turns parsed flags into the command's arguments, or a usage error. */
export function allocateArgs(p: ParsedFlags): { args?: AllocateArgs; error?: string } {
  const l = p.lang;
  if (p.error) return { error: p.error(l) };
  if (p.positionals.length === 0) return { error: T.noInput(l) };
  if (p.positionals.length > 1) return { error: W.oneFile(l) };
  const output = last(p, '--output');
  if (!output) return { error: W.noOutput(l) };
  const rate = last(p, '--target-rate');
  const hh = last(p, '--target-households');
  if ((rate === undefined) === (hh === undefined)) return { error: W.noTarget(l) };
  let target: Target;
  if (rate !== undefined) {
    const t = rate.trim().replace(/%$/, '').trim();
    if (!/^\d+([.,]\d+)?$/.test(t) || Number(t.replace(',', '.')) > 100) return { error: W.badNumber(l, '--target-rate', rate) };
    const r = percent(t);
    // Plans show rates with 2 decimals; a target typed as 1.5 still means 1,50 %.
    target = { kind: 'rate', rate: { value: r.value, decimals: Math.max(2, r.decimals) } };
  } else {
    if (!/^\d+$/.test(hh!.trim())) return { error: W.badNumber(l, '--target-households', hh!) };
    target = { kind: 'households', reduction: Number(hh!.trim()) };
  }
  const np = last(p, '--new-poor') ?? '0';
  if (!/^\d+$/.test(np.trim())) return { error: W.badNumber(l, '--new-poor', np) };
  const basis = last(p, '--basis') ?? 'able';
  if (basis !== 'able' && basis !== 'poor') return { error: W.badBasis(l, basis) };
  const rules = last(p, '--rules') ?? 'seed004';
  if (!(rules in RULE_SETS)) return { error: W.badRules(l, rules) };
  return {
    args: { input: p.positionals[0], output, target, basis, newPoor: Number(np.trim()), rules, sheet: last(p, '--sheet'), json: p.flags.has('--json'), lang: l },
  };
}

export function parseAllocate(argv: string[]) {
  return parseFlags(argv, ALLOCATE_FLAGS);
}

const pad = (s: string, n: number, right = false) => {
  const len = [...s].length;
  return len >= n ? s : right ? ' '.repeat(n - len) + s : s + ' '.repeat(n - len);
};

/** Runs `allocate`; returns the exit code (0 met, 1 infeasible, 2 bad input or write failure). */
export async function runAllocate(args: AllocateArgs, io: { stdout: Out; stderr: Out; now?: () => Date }): Promise<number> {
  const { lang } = args;
  const fail = (code: string, message: string, file = args.input) => failWith(io, args.json, { code, file, message });
  if (isSameFile(args.input, args.output)) return fail('same-file', T.sameFile(lang, args.input));
  const { readXlsxFile, XlsxWriter } = await import('../hosts/xlsx');
  let sheets;
  let writer: InstanceType<typeof XlsxWriter>;
  try {
    const wb = await readXlsxFile(args.input, args.sheet !== undefined ? { sheet: args.sheet } : undefined);
    // PovCheck's own sheets (an earlier allocation, corrected tables) are never a source.
    sheets = wb.sheets.filter((s) => !ownSheetPurposeOf(s));
    writer = await XlsxWriter.load(await fs.promises.readFile(args.input));
  } catch (e) {
    return failWith(io, args.json, readFailureOf(lang, args.input, e, args.sheet));
  }
  // The source sheet is checked once; its tables (as checked) are the ones allocated.
  let found: { sheet: (typeof sheets)[number]; table: Table; checked: CheckedWorkbook } | undefined;
  for (const sheet of sheets) {
    const checked = checkedWorkbook({ sheets: [sheet] }, { file: args.input, lang });
    const table = checked.tables[sheet.name].find(canAllocate);
    if (table) {
      found = { sheet, table, checked };
      break;
    }
  }
  if (!found) {
    return fail('no-table', W.noTable(lang, args.input));
  }
  let r: AllocationResult;
  try {
    r = allocationPlan(found.sheet, found.table, {
      lang,
      target: args.target,
      basis: args.basis,
      newPoor: args.newPoor,
      rules: RULE_SETS[args.rules],
      date: io.now?.() ?? new Date(),
    });
  } catch (e) {
    if (e instanceof AllocationInputError) {
      return fail(e.code, W.input(lang, e));
    }
    throw e;
  }
  // The sheet must check clean before it is written.
  const issues = checkWorkbook({ sheets: [planToSheet(r.plan)] }, { file: args.output, lang }).issues;
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length) {
    return fail('not-clean', W.notClean(lang, errors), args.output);
  }
  const sourceIssues = found.checked.report.issues.filter((i) => i.severity === 'error');
  let name: string;
  try {
    name = await writer.writeSheet(r.plan);
    await writer.save(args.output);
  } catch (e) {
    return fail('write-failed', T.writeFailed(lang, args.output, detail(e)), args.output);
  }
  const t = r.target;
  const result: AllocateResult = {
    file: args.input,
    output: args.output,
    sheet: name,
    source: found.sheet.name,
    sourceRange: rangeA1(found.table.range),
    basis: args.basis,
    basisFrom: r.basisFrom,
    rules: args.rules,
    target: {
      kind: args.target.kind,
      ...(args.target.kind === 'rate' ? { rate: D.toNumber(args.target.rate.value) } : {}),
      households: r.totals.households,
      ...(r.totals.householdsEnd !== undefined ? { householdsEnd: r.totals.householdsEnd } : {}),
      poorStart: r.totals.poorStart,
      newPoor: args.newPoor,
      reduction: t.reduction,
      exits: t.exits,
      poorEnd: t.poorEnd,
      startRate: D.toNumber(t.startRate),
      endRate: D.toNumber(t.endRate),
      met: t.met,
      steps: t.steps,
    },
    units: r.units,
    allocated: r.allocation.allocated,
    shortfall: r.allocation.shortfall,
    excess: r.allocation.excess,
    binding: r.allocation.binding.map((i) => r.units[i].name),
    conflicts: r.allocation.conflicts.map((i) => r.units[i].name),
    feasible: r.feasible,
    explanation: r.explanation,
    excluded: r.excluded,
    sourceIssues,
    issues,
  };
  if (args.json) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else io.stdout.write(renderAllocation(result, r.reasons, lang));
  return r.feasible ? 0 : 1;
}

function renderAllocation(r: AllocateResult, reasons: string[], lang: Lang): string {
  const int = (n: number) => D.format(D.dec(n), 0, lang);
  const rate = (n: number) => D.format(D.fromNumber(n), 2, lang);
  const lines = [W.wrote(lang, r.output, r.sheet, r.source, r.sourceRange)];
  if (r.sourceIssues.length) lines.push(W.sourceErrors(lang, r.sourceIssues.length));
  for (const x of r.excluded) lines.push(W.excluded(lang, x.name, x.cells));
  lines.push('');
  for (const s of r.target.steps) lines.push(`  ${s}`);
  lines.push('');
  const w = maxOf([10, [...W.total(lang)].length].concat(r.units.map((u) => [...u.name].length))) + 2;
  const head = W.header(lang);
  lines.push(`  ${pad(head[0], w)}${head.slice(1).map((h) => pad(h, 10, true)).join('')}`);
  const row = (name: string, xs: string[]) => `  ${pad(name, w)}${xs.map((x) => pad(x, 10, true)).join('')}`;
  for (const u of r.units) lines.push(row(u.name, [int(u.poorStart), int(u.basis), int(u.cap), int(u.floor), int(u.reduction), int(u.end), rate(u.endRate)]));
  const sum = (f: (u: AllocatedUnit) => number) => r.units.reduce((a, u) => a + f(u), 0);
  lines.push(
    row(W.total(lang), [
      int(sum((u) => u.poorStart)),
      int(sum((u) => u.basis)),
      int(sum((u) => u.cap)),
      int(sum((u) => u.floor)),
      int(sum((u) => u.reduction)),
      int(sum((u) => u.end)),
      rate(D.toNumber(rateOf(sum((u) => u.end), r.target.householdsEnd ?? r.target.households, 2))),
    ]),
  );
  lines.push('');
  if (r.feasible) lines.push(W.feasible(lang, r.allocated));
  else {
    lines.push(W.infeasible(lang));
    for (const e of reasons) lines.push(`  ${e}`);
  }
  const c = countIssues(r.issues);
  if (c.warning) for (const i of r.issues) if (i.severity === 'warning') lines.push(`  ⚠ ${i.cell} ${i.rule}: ${i.message}`);
  return lines.join('\n') + '\n';
}
