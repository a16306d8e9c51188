// `povcheck appendix FILES… -o OUT.xlsx`: the province (or district) appendix
// built from the units' own workbooks. Each file gives one unit (its table's
// total row, named after the file) or, with `--per-file units`, its unit
// rows merged by name across files. Near-misses and conflicts are printed for
// the user to confirm, never merged. The appendix is checked by the engine
// before it is written, with a native bar chart of the rates next to it.
import * as fs from 'fs';
import * as path from 'path';
import { checkWorkbook, tablesOf } from '../core/engine';
import type { Issue, Lang } from '../core/report';
import { type LeftOutCell, type MergedUnits, type UnitFigures, leftOutFigures, mergeUnits, totalOfTable, unitsOfTable } from '../core/appendix';
import { appendixSheet } from '../core/appendix-sheet';
import { ownSheetPurposeOf } from '../core/correct';
import { planToSheet } from '../core/plan';
import { colName, rangeA1 } from '../core/grid';
import * as D from '../core/decimal';
import { type Failure, type ParsedFlags, detail, failWith, last, parseFlags, readFailureOf } from './options';
import { maxOf, pushAll } from '../core/arrays';
import { APPENDIX_TEXT as W, T } from './text';

export interface AppendixArgs {
  files: string[];
  output: string;
  year?: number;
  totalAt: 'top' | 'bottom';
  perFile: 'total' | 'units';
  chart: boolean;
  json: boolean;
  lang: Lang;
}

interface Out {
  write(s: string): unknown;
}

/** What `appendix --json` prints. Fields may be added, never renamed. */
export interface AppendixResult {
  output: string;
  sheet: string;
  year: number;
  perFile: 'total' | 'units';
  /** Each input and the tables taken from it. */
  sources: { file: string; unit?: string; tables: { sheet: string; range: string }[] }[];
  units: UnitFigures[];
  nearMisses: MergedUnits['nearMisses'];
  conflicts: MergedUnits['conflicts'];
  /** Figures left out because their cell is not a usable whole count (4.0001, 1e308, text). */
  leftOut: LeftOutCell[];
  /** The chart added next to the appendix (absent with --no-chart or when no unit has both rates). */
  chart?: { range: string };
  /** What the engine says about the appendix before it is written (no error, or nothing is written). */
  issues: Issue[];
}

export const APPENDIX_FLAGS = {
  '--output': { value: true, alias: ['-o'] },
  '--year': { value: true },
  '--total': { value: true },
  '--per-file': { value: true },
  '--no-chart': { value: false },
};


export function appendixUsage(lang: Lang): string {
  return W.usage(lang);
}

export function parseAppendix(argv: string[]) {
  return parseFlags(argv, APPENDIX_FLAGS);
}

export function appendixArgs(p: ParsedFlags): { args?: AppendixArgs; error?: string } {
  const l = p.lang;
  if (p.error) return { error: p.error(l) };
  if (!p.positionals.length) return { error: T.noInput(l) };
  const output = last(p, '--output');
  if (!output) return { error: W.noOutput(l) };
  const y = last(p, '--year');
  if (y !== undefined && !/^(19|20|21)\d\d$/.test(y.trim())) return { error: W.badYear(l, y) };
  const total = last(p, '--total') ?? 'top';
  if (total !== 'top' && total !== 'bottom') return { error: W.badChoice(l, '--total', ['top', 'bottom'], total) };
  const perFile = last(p, '--per-file') ?? 'total';
  if (perFile !== 'total' && perFile !== 'units') return { error: W.badChoice(l, '--per-file', ['total', 'units'], perFile) };
  return {
    args: {
      files: p.positionals,
      output,
      ...(y !== undefined ? { year: Number(y.trim()) } : {}),
      totalAt: total,
      perFile,
      chart: !p.flags.has('--no-chart'),
      json: p.flags.has('--json'),
      lang: l,
    },
  };
}

/** The unit a file stands for in `--per-file total`: its name without folder and extension. */
export function unitNameOfFile(file: string): string {
  return path.basename(file).replace(/\.xlsx$/i, '').trim();
}

/** Writes bytes atomically: a temporary file in the same folder, then a rename. */
async function writeAtomic(file: string, buf: Buffer): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    await fs.promises.writeFile(tmp, buf, { flag: 'wx' });
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** Runs `appendix`; returns the exit code (0 written, 1 written with conflicts, 2 unreadable input, no table or write failure). */
export async function runAppendix(args: AppendixArgs, io: { stdout: Out; stderr: Out; now?: () => Date }): Promise<number> {
  const { lang } = args;
  const out = path.resolve(args.output);
  for (const f of args.files) {
    if (path.resolve(f) === out || (fs.existsSync(f) && fs.existsSync(out) && fs.statSync(f).ino === fs.statSync(out).ino && fs.statSync(f).dev === fs.statSync(out).dev)) {
      return failWith(io, args.json, { code: 'same-file', file: f, message: T.sameFile(lang, f) });
    }
  }
  const { readXlsxFile, XlsxWriter } = await import('../hosts/xlsx');
  const lists: UnitFigures[][] = [];
  const sources: AppendixResult['sources'] = [];
  const years: number[] = [];
  const failures: Failure[] = [];
  const leftOut: LeftOutCell[] = [];
  for (const file of args.files) {
    let wb;
    try {
      wb = await readXlsxFile(file);
    } catch (e) {
      failures.push(readFailureOf(lang, file, e));
      continue;
    }
    const entry: AppendixResult['sources'][number] = { file, tables: [] };
    const unusable: LeftOutCell[] = [];
    if (args.perFile === 'total') entry.unit = unitNameOfFile(file);
    const base = path.basename(file);
    for (const sheet of wb.sheets.filter((s) => !ownSheetPurposeOf(s))) {
      for (const table of tablesOf(sheet)) {
        const src = `${base} › ${sheet.name} › ${rangeA1(table.range)}`;
        let list: UnitFigures[];
        if (args.perFile === 'total') {
          const u = totalOfTable(sheet, table, entry.unit!, src);
          list = u ? [u] : [];
        } else list = unitsOfTable(sheet, table, src);
        const bad = leftOutFigures(sheet, table, args.perFile, src);
        // A table without poor or near-poor figures (a list of notes, a budget) gives nothing.
        list = list.filter((u) => u.poor.start !== undefined || u.nearPoor.start !== undefined);
        if (!list.length) {
          pushAll(unusable, bad.slice(0, 20 - unusable.length));
          continue;
        }
        for (const b of bad) leftOut.push(b);
        lists.push(list);
        entry.tables.push({ sheet: sheet.name, range: rangeA1(table.range) });
        for (const c of table.columns) if (c.role.year) years.push(c.role.year);
      }
    }
    if (!entry.tables.length) {
      // A table whose figures are all unusable is named with its cells, not as "no table".
      if (unusable.length) failures.push({ code: 'invalid-value', file, message: W.unusable(lang, file, unusable) });
      else failures.push({ code: 'no-table', file, message: W.noTable(lang, file, W.what(lang, args.perFile)) });
    }
    sources.push(entry);
  }
  // A province appendix that silently leaves out a district would be wrong: nothing is written.
  if (failures.length) return failWith(io, args.json, failures);

  const merged = mergeUnits(lists);
  const year = args.year ?? (years.length ? maxOf(years) : (io.now?.() ?? new Date()).getFullYear());
  const date = io.now?.() ?? new Date();
  const sheet = appendixSheet(merged.units, { lang, year, totalAt: args.totalAt, date });
  const issues = checkWorkbook({ sheets: [planToSheet(sheet.plan)] }, { file: args.output, lang }).issues;
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length) {
    return failWith(io, args.json, { code: 'not-clean', file: args.output, message: W.notClean(lang, errors) });
  }
  const writer = XlsxWriter.empty();
  let name: string;
  let chartRange: string | undefined;
  try {
    name = await writer.writeSheet(sheet.plan);
    let buf = await writer.toBuffer();
    if (args.chart && sheet.chart) {
      const c = sheet.chart;
      const { addBarChart, appendixChartSpec } = await import('../hosts/xlsx/chart');
      buf = Buffer.from(await addBarChart(buf, appendixChartSpec(name, c)));
      chartRange = `${colName(c.nameCol)}${c.headerRow + 1}:${colName(c.endCol)}${c.lastRow + 1}`;
    }
    await writeAtomic(args.output, buf);
  } catch (e) {
    return failWith(io, args.json, { code: 'write-failed', file: args.output, message: T.writeFailed(lang, args.output, detail(e)) });
  }

  const result: AppendixResult = {
    output: args.output,
    sheet: name,
    year,
    perFile: args.perFile,
    sources,
    units: merged.units,
    nearMisses: merged.nearMisses,
    conflicts: merged.conflicts,
    leftOut,
    ...(chartRange ? { chart: { range: chartRange } } : {}),
    issues,
  };
  // Stated rates are exact decimals ({ n: bigint, s }); JSON gets them as numbers.
  const plain = (_k: string, v: unknown) =>
    v && typeof v === 'object' && typeof (v as { n?: unknown }).n === 'bigint' ? D.toNumber(v as D.Dec) : v;
  if (args.json) io.stdout.write(JSON.stringify(result, plain, 2) + '\n');
  else {
    const lines = [W.wrote(lang, args.output, name, merged.units.length)];
    const int = (n: number | undefined) => (n === undefined ? '–' : D.format(D.dec(n), 0, lang));
    const sum = (f: (u: UnitFigures) => number | undefined) => merged.units.reduce((a, u) => a + (f(u) ?? 0), 0);
    const start = sum((u) => u.poor.start);
    const end = sum((u) => u.poor.end);
    const hh = sum((u) => u.households);
    const hhEnd = sum((u) => u.householdsEnd ?? u.households);
    const rate = (n: number, h: number) => (h ? D.format(D.ratio(D.dec(n), D.dec(h), 100, 2, 'half-up') ?? D.ZERO, 2, lang) : '–');
    lines.push(W.total(lang, int(start), int(end), rate(start, hh), rate(end, hhEnd)));
    if (chartRange) lines.push(W.chart(lang, chartRange));
    for (const m of merged.nearMisses) lines.push(W.nearMiss(lang, m.names[0], m.names[1], m.sources[0], m.sources[1], m.why));
    for (const c of merged.conflicts) lines.push(W.conflict(lang, c.name, c.field, c.values, c.sources));
    for (const c of leftOut) lines.push(W.leftOut(lang, c));
    for (const i of issues) if (i.severity === 'warning') lines.push(`⚠ ${i.cell} ${i.rule}: ${i.message}`);
    io.stdout.write(lines.join('\n') + '\n');
  }
  return merged.conflicts.length ? 1 : 0;
}
