// `povcheck compare PREVIOUS.xlsx CURRENT.xlsx [--map MAP.xlsx]`: this
// year's start-of-period counts against last year's end, unit by unit (or,
// with a map of the 2025 merger, against the sum of the former units' ends).
// The JSON report is check's report of CURRENT, extended (see CompareReport).
import { checkedWorkbook } from '../core/engine';
import { type CompareReport, compareWorkbooks, readUnitMap } from '../core/compare';
import type { Issue, Lang } from '../core/report';
import { COLOR, PLAIN, countIssues, summaryLine, type Style } from './text';
import { type ParsedFlags, failureOf, isSameFile, last, parseFlags } from './options';
import { fileErrorMessage } from './text';

export interface CompareArgs {
  previous: string;
  current: string;
  map?: string;
  /** 0.1 for 10 %. */
  share: number;
  json: boolean;
  lang: Lang;
}

interface Out {
  write(s: string): unknown;
}

/** `--share 10`, `10%` or `0,5`: a percentage between 0 and 100. */
function parseShare(v: string): number | null {
  const t = v.trim().replace(/%$/, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return n >= 0 && n <= 100 ? n / 100 : null;
}

export const COMPARE_FLAGS = {
  '--map': { value: true },
  '--share': { value: true, check: (v: string) => (parseShare(v) === null ? (l: Lang) => W.badShare(l, v) : undefined) },
};

const W = {
  usage: (l: Lang) =>
    l === 'en'
      ? `Usage:
  povcheck compare PREVIOUS.xlsx CURRENT.xlsx [--map MAP.xlsx] [--share 10] [--json] [--lang vi|en]

Checks that this year's start-of-period counts (poor, near-poor households…)
in CURRENT equal last year's end-of-period counts in PREVIOUS, unit by unit.
Units are matched by name (case, accents, spacing and Xã/Thôn… prefixes
ignored); names that differ only in accents or one letter are reported, never
matched. Units in one file only are reported, and households that changed by
more than --share percent (default 10) are noted.
  --map MAP.xlsx   a two-column sheet, former unit → new unit (the 2025
                   merger; it may list a whole province): each new unit's
                   start is compared with the sum of its former units' ends
  --share P        note households changing by more than P % (default 10)
Exit codes: 0 no error, 1 errors found, 2 a file could not be read or bad usage.
`
      : `Cách dùng:
  povcheck compare TỆP_NĂM_TRƯỚC.xlsx TỆP_NĂM_NAY.xlsx [--map SÁP_NHẬP.xlsx] [--share 10] [--json] [--lang vi|en]

Kiểm tra số đầu kỳ năm nay (hộ nghèo, hộ cận nghèo…) ở tệp năm nay có bằng số
cuối kỳ năm trước ở tệp năm trước không, theo từng đơn vị. Đơn vị được ghép theo
tên (không phân biệt hoa thường, dấu, khoảng trắng và chữ Xã/Thôn… đứng trước);
tên chỉ khác dấu hoặc một chữ được báo ra, không tự ghép. Đơn vị chỉ có ở một tệp
được báo, và số hộ thay đổi quá --share phần trăm (mặc định 10) được ghi chú.
  --map SÁP_NHẬP.xlsx  bảng hai cột, đơn vị cũ → đơn vị mới (sáp nhập năm 2025;
                       có thể cho cả tỉnh): số đầu kỳ của đơn vị mới được so với
                       tổng số cuối kỳ của các đơn vị cũ
  --share P            ghi chú khi số hộ thay đổi quá P % (mặc định 10)
Mã thoát: 0 không có lỗi, 1 có lỗi, 2 không đọc được tệp hoặc dùng sai lệnh.
`,
  twoFiles: (l: Lang, n: number) =>
    l === 'en' ? `compare takes two files, last year's then this year's (got ${n}).` : `Lệnh compare cần đúng hai tệp: tệp năm trước rồi tệp năm nay (đang có ${n}).`,
  badShare: (l: Lang, v: string) =>
    l === 'en' ? `--share must be a percentage between 0 and 100, not "${v}".` : `--share phải là phần trăm từ 0 đến 100, không phải "${v}".`,
  same: (l: Lang) => (l === 'en' ? 'The two files are the same file.' : 'Hai tệp là cùng một tệp.'),
  emptyMap: (l: Lang, f: string) =>
    l === 'en' ? `${f} has no two-column list of former unit → new unit.` : `${f} không có danh sách hai cột đơn vị cũ → đơn vị mới.`,
  previous: (l: Lang) => (l === 'en' ? 'Last year' : 'Năm trước'),
  current: (l: Lang) => (l === 'en' ? 'This year' : 'Năm nay'),
  mapLine: (l: Lang, f: string, n: number) => (l === 'en' ? `Map: ${f} (${n} former units)` : `Bảng sáp nhập: ${f} (${n} đơn vị cũ)`),
  compared: (l: Lang, c: CompareReport['compared']) => {
    const word = (p: string) => (p === 'poor' ? (l === 'en' ? 'poor' : 'hộ nghèo') : p === 'nearPoor' ? (l === 'en' ? 'near-poor' : 'hộ cận nghèo') : p);
    const parts = c.map((x) => `${word(x.population)} ${x.units}`);
    return l === 'en' ? `Units compared: ${parts.join(', ') || 'none'}` : `Số đơn vị đã so sánh: ${parts.join(', ') || 'không có'}`;
  },
  noIssues: (l: Lang) => (l === 'en' ? 'Every start equals last year\'s end.' : 'Số đầu kỳ năm nay khớp với số cuối kỳ năm trước.'),
};

export function compareUsage(lang: Lang): string {
  return W.usage(lang);
}

export function parseCompare(argv: string[]): ParsedFlags {
  return parseFlags(argv, COMPARE_FLAGS);
}

export function compareArgs(p: ParsedFlags): { args?: CompareArgs; error?: string } {
  const l = p.lang;
  if (p.error) return { error: p.error(l) };
  if (p.positionals.length !== 2) return { error: W.twoFiles(l, p.positionals.length) };
  const share = last(p, '--share');
  const map = last(p, '--map');
  return {
    args: {
      previous: p.positionals[0],
      current: p.positionals[1],
      ...(map !== undefined ? { map } : {}),
      share: share !== undefined ? (parseShare(share) as number) : 0.1,
      json: p.flags.has('--json'),
      lang: l,
    },
  };
}

const MARK = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

function renderCompare(r: CompareReport, args: CompareArgs, st: Style): string {
  const l = args.lang;
  const out: string[] = [st.bold(`${W.previous(l)}: ${r.previous.file}`), st.bold(`${W.current(l)}: ${r.file}`)];
  if (r.map) out.push(st.bold(W.mapLine(l, r.map.file, r.map.pairs)));
  out.push(W.compared(l, r.compared), '');
  const color = (i: Issue) => (i.severity === 'error' ? st.red : i.severity === 'warning' ? st.yellow : st.cyan)(MARK[i.severity]);
  for (const i of r.issues) {
    const where = `${i.file ?? r.file} › ${i.sheet ? `${i.sheet}!` : ''}${i.cell}`;
    out.push(`${color(i)} ${st.dim(where)} ${st.dim(i.rule)}: ${i.message}`);
  }
  if (r.issues.length) out.push('');
  const c = countIssues(r.issues);
  const s = summaryLine(l, c);
  out.push(r.issues.length ? (c.error ? st.red(st.bold(s)) : st.bold(s)) : st.green(`${s}. ${W.noIssues(l)}`));
  return out.join('\n') + '\n';
}

/** Runs `compare`; 0 no error, 1 errors, 2 a file could not be read. */
export async function runCompare(args: CompareArgs, io: { stdout: Out; stderr: Out; color: boolean }): Promise<number> {
  const { lang } = args;
  const fail = (file: string, code: Parameters<typeof fileErrorMessage>[1] | 'same-file' | 'empty-map', message: string) => {
    io.stderr.write(`${message}\n`);
    if (args.json) io.stdout.write(JSON.stringify({ file, error: { code, message } }, null, 2) + '\n');
    return 2;
  };
  if (isSameFile(args.previous, args.current)) return fail(args.current, 'same-file', W.same(lang));
  const { readXlsxFile } = await import('../hosts/xlsx');
  const read = async (file: string) => {
    try {
      return { wb: await readXlsxFile(file) };
    } catch (e) {
      const f = failureOf(e);
      return { failed: fail(file, f.code, fileErrorMessage(lang, f.code, file, f.detail)) };
    }
  };
  const prev = await read(args.previous);
  if (!prev.wb) return prev.failed ?? 2;
  const cur = await read(args.current);
  if (!cur.wb) return cur.failed ?? 2;
  let map;
  if (args.map !== undefined) {
    const m = await read(args.map);
    if (!m.wb) return m.failed ?? 2;
    map = readUnitMap(m.wb);
    if (!map.length) return fail(args.map, 'empty-map', W.emptyMap(lang, args.map));
  }
  // One reading of each file's tables serves both the check and the comparison.
  const curChecked = checkedWorkbook(cur.wb, { file: args.current, lang });
  const prevChecked = checkedWorkbook(prev.wb, { file: args.previous, lang });
  const body = compareWorkbooks(prev.wb, cur.wb, {
    lang,
    currentTables: curChecked.tables,
    previousTables: prevChecked.tables,
    previousFile: args.previous,
    currentFile: args.current,
    share: args.share,
    ...(map ? { map, mapFile: args.map } : {}),
  });
  // check's report of CURRENT first (file, sheets, issues), then what compare adds.
  const report: CompareReport = {
    file: body.file,
    sheets: curChecked.report.sheets,
    issues: body.issues,
    previous: { file: args.previous, sheets: prevChecked.report.sheets },
    ...(body.map ? { map: body.map } : {}),
    share: body.share,
    compared: body.compared,
  };
  if (args.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else io.stdout.write(renderCompare(report, args, io.color ? COLOR : PLAIN));
  return report.issues.some((i) => i.severity === 'error') ? 1 : 0;
}
