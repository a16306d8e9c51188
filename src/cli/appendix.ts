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

const W = {
  usage: (l: Lang) =>
    l === 'en'
      ? `Usage:
  povcheck appendix FILE.xlsx [FILE2.xlsx ...] -o OUT.xlsx [--year N] [--total top|bottom]
           [--per-file total|units] [--no-chart] [--json] [--lang vi|en]

Builds the appendix (poor N−1, rate, reduction N, remaining, rate N per unit,
with the total as sums and ratios of sums) from the units' own workbooks and
writes it to the new workbook OUT.xlsx, with a bar chart of the rates.
  --per-file total   each file is one unit: its table's total row, named after
                     the file (default; "Huyện A Lưới.xlsx" gives "Huyện A Lưới")
  --per-file units   the unit rows of every file, matched by name across files
  --year N           year N of the plan (default: the latest year in the headers)
  --total top|bottom where the total row goes (default: top, as in provincial appendices)
  --no-chart         no chart
Names that differ only in accents or by one letter, and units whose numbers
disagree between files, are printed as warnings to confirm; they are never merged.
Exit codes: 0 written, 1 written but some unit's numbers disagree between files,
2 a file could not be read, has no table, or bad usage.
`
      : `Cách dùng:
  povcheck appendix TỆP.xlsx [TỆP2.xlsx ...] -o TỆP_RA.xlsx [--year N] [--total top|bottom]
           [--per-file total|units] [--no-chart] [--json] [--lang vi|en]

Lập phụ lục (hộ nghèo năm N−1, tỷ lệ, số giảm năm N, còn lại, tỷ lệ năm N của từng
đơn vị; dòng tổng là tổng và tỷ lệ của tổng) từ các tệp của từng đơn vị, ghi vào
tệp mới TỆP_RA.xlsx, kèm biểu đồ cột tỷ lệ hộ nghèo.
  --per-file total   mỗi tệp là một đơn vị: dòng tổng của bảng, tên đơn vị là tên tệp
                     (mặc định; "Huyện A Lưới.xlsx" thành "Huyện A Lưới")
  --per-file units   các dòng đơn vị của mọi tệp, ghép theo tên giữa các tệp
  --year N           năm N của kế hoạch (mặc định: năm lớn nhất ở tiêu đề cột)
  --total top|bottom vị trí dòng tổng (mặc định: top, như phụ lục của tỉnh)
  --no-chart         không vẽ biểu đồ
Tên chỉ khác dấu hoặc khác một chữ, và đơn vị có số liệu khác nhau giữa các tệp,
được in ra để xác nhận; không bao giờ tự ghép.
Mã thoát: 0 đã ghi, 1 đã ghi nhưng có đơn vị có số liệu khác nhau giữa các tệp,
2 không đọc được tệp, tệp không có bảng, hoặc dùng sai lệnh.
`,
  noOutput: (l: Lang) => (l === 'en' ? 'appendix needs the output file: -o OUT.xlsx' : 'Lệnh appendix cần tệp kết quả: -o TỆP_RA.xlsx'),
  noFiles: (l: Lang) => (l === 'en' ? 'No file given.' : 'Chưa chỉ định tệp.'),
  badChoice: (l: Lang, flag: string, ok: string[], v: string) =>
    l === 'en' ? `${flag} must be ${ok.join(' or ')}, not "${v}".` : `${flag} phải là ${ok.join(' hoặc ')}, không phải "${v}".`,
  badYear: (l: Lang, v: string) => (l === 'en' ? `--year must be a year such as 2024, not "${v}".` : `--year phải là một năm, ví dụ 2024, không phải "${v}".`),
  outputIsInput: (l: Lang, f: string) =>
    l === 'en' ? `Refusing to overwrite the input file ${f}; give another name with -o.` : `Không ghi đè lên tệp gốc ${f}; hãy chọn tên khác với -o.`,
  noTable: (l: Lang, f: string, what: string) =>
    l === 'en' ? `${f}: no table with ${what} was found.` : `${f}: không tìm thấy bảng có ${what}.`,
  what: (l: Lang, perFile: 'total' | 'units') =>
    perFile === 'total' ? (l === 'en' ? 'a total row' : 'dòng tổng') : l === 'en' ? 'unit rows' : 'các dòng đơn vị',
  notClean: (l: Lang, issues: Issue[]) =>
    (l === 'en' ? 'The appendix does not pass the check, so nothing was written:\n' : 'Phụ lục không qua được kiểm tra nên chưa ghi gì:\n') +
    issues.map((i) => `  ✖ ${i.cell} ${i.rule}: ${i.message}`).join('\n'),
  writeFailed: (l: Lang, f: string, d: string) => (l === 'en' ? `Could not write ${f}: ${d}` : `Không ghi được ${f}: ${d}`),
  wrote: (l: Lang, f: string, sheet: string, n: number) => (l === 'en' ? `Wrote ${f}: sheet '${sheet}' with ${n} unit(s)` : `Đã ghi ${f}: trang '${sheet}' gồm ${n} đơn vị`),
  chart: (l: Lang, range: string) => (l === 'en' ? `  bar chart of the rates, from the sorted range ${range}` : `  biểu đồ cột tỷ lệ hộ nghèo, từ vùng đã xếp ${range}`),
  nearMiss: (l: Lang, a: string, b: string, sa: string, sb: string, why: string) =>
    l === 'en'
      ? `⚠ "${a}" (${sa}) and "${b}" (${sb}) differ only ${why === 'diacritics' ? 'in their accents' : 'by one letter'}: kept apart. If they are the same unit, correct the name and run again.`
      : `⚠ "${a}" (${sa}) và "${b}" (${sb}) chỉ khác ${why === 'diacritics' ? 'dấu' : 'một chữ'}: đang để riêng. Nếu là cùng một đơn vị, hãy sửa tên rồi chạy lại.`,
  conflict: (l: Lang, name: string, field: string, values: number[], sources: string[]) =>
    l === 'en'
      ? `⚠ ${name}: ${field} is ${values.join(' in one table and ')} in another (${sources.join('; ')}); the appendix uses ${values[0]}. Confirm which is right.`
      : `⚠ ${name}: ${field} là ${values.join(' ở một bảng và ')} ở bảng khác (${sources.join('; ')}); phụ lục dùng ${values[0]}. Hãy xác nhận số đúng.`,
  unusable: (l: Lang, f: string, cells: LeftOutCell[]) =>
    l === 'en'
      ? `${f}: no usable unit figures: ${cells.map((c) => `${c.cell} holds ${c.value}`).join(', ')}, not a whole count of households (see povcheck check).`
      : `${f}: không có số liệu đơn vị dùng được: ${cells.map((c) => `ô ${c.cell} ghi ${c.value}`).join(', ')}, không phải số hộ nguyên (xem povcheck check).`,
  leftOut: (l: Lang, c: LeftOutCell) =>
    l === 'en'
      ? `⚠ ${c.source}: ${c.cell} holds ${c.value}, not a whole count: left out of the appendix.`
      : `⚠ ${c.source}: ô ${c.cell} ghi ${c.value}, không phải số nguyên: không đưa vào phụ lục.`,
  total: (l: Lang, start: string, end: string, r1: string, r2: string) =>
    l === 'en' ? `  total: ${start} → ${end} poor households, ${r1} % → ${r2} %` : `  tổng: ${start} → ${end} hộ nghèo, ${r1} % → ${r2} %`,
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
  if (!p.positionals.length) return { error: W.noFiles(l) };
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
      return failWith(io, args.json, { code: 'same-file', file: f, message: W.outputIsInput(lang, f) });
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
    return failWith(io, args.json, { code: 'write-failed', file: args.output, message: W.writeFailed(lang, args.output, detail(e)) });
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
