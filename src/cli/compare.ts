// `povcheck compare PREVIOUS.xlsx CURRENT.xlsx [--map MAP.xlsx]`: this
// year's start-of-period counts against last year's end, unit by unit (or,
// with a map of the 2025 merger, against the sum of the former units' ends).
// The JSON report is check's report of CURRENT, extended (see CompareReport).
import { checkedWorkbook } from '../core/engine';
import { type CompareReport, compareWorkbooks, readUnitMap } from '../core/compare';
import type { Issue, Lang } from '../core/report';
import { COMPARE_TEXT as W, summaryLine } from './text';
import { COLOR, PLAIN, countIssues, type Style } from './render';
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
