// The human-readable rendering of a Report: tables, issues grouped by row,
// suggestions and the summary line, in the words of text.ts.
import type { Issue, Lang, Report, Severity, SheetReport, Suggestion } from '../core/report';
import { format, fromNumber } from '../core/decimal';
import { maxOf, pushAll } from '../core/arrays';
import { type Counts, WORDS, summaryLine } from './text';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

export const COLOR: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
  green: sgr(32, 39),
};

const id = (s: string) => s;
export const PLAIN: Style = { bold: id, dim: id, red: id, yellow: id, cyan: id, green: id };


/** A suggested value in the reader's convention, with the decimals the sheet shows for it. */
function suggested(lang: Lang, issue: Issue, s: Suggestion): string {
  const decimals = s.cell === issue.cell && issue.decimals ? issue.decimals : null;
  return `${s.cell} = ${format(fromNumber(s.value), decimals, lang)}`;
}

/** "→ Đề xuất: C18 = 2.111 (…)" and the tie list, under an issue that has them. */
export function suggestionLines(lang: Lang, issue: Issue, st: Style): string[] {
  const out: string[] = [];
  const s = issue.suggestion;
  if (s) out.push(`      ${st.green('→')} ${WORDS.suggestion[lang]}: ${st.bold(suggested(lang, issue, s))} (${WORDS.confidence[s.confidence][lang]}) ${st.dim(s.reason)}`);
  const alts = issue.alternatives ?? [];
  if (alts.length) {
    const shown = alts.slice(0, 12).map((a) => suggested(lang, issue, a));
    const more = alts.length > shown.length ? WORDS.more(lang, alts.length - shown.length) : '';
    out.push(`      ${st.green('→')} ${WORDS.alternatives[lang]}: ${shown.join(', ')}${more}`);
  }
  return out;
}


export function countIssues(issues: Issue[]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0 };
  for (const i of issues) c[i.severity]++;
  return c;
}



const MARK: Record<Severity, string> = { error: '✖', warning: '⚠', info: 'ℹ' };

function mark(sev: Severity, st: Style): string {
  const m = MARK[sev];
  return sev === 'error' ? st.red(m) : sev === 'warning' ? st.yellow(m) : st.cyan(m);
}

/** Row number (1-based) and column letters of an A1 address; row 0 when it is not one. */
function splitA1(cell: string): { row: number; col: string } {
  const m = /^([A-Za-z]{1,3})(\d+)$/.exec(cell);
  return m ? { row: parseInt(m[2], 10), col: m[1].toUpperCase() } : { row: 0, col: cell };
}

function colOrder(col: string): number {
  let n = 0;
  for (const ch of col) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function pad(s: string, n: number): string {
  // Column letters and role codes are ASCII; plain length is the display width.
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function renderTables(out: string[], lang: Lang, sheet: SheetReport, st: Style): void {
  if (!sheet.tables.length) {
    out.push(`  ${st.dim(WORDS.noTables[lang])}`);
    return;
  }
  for (const t of sheet.tables) {
    out.push(`  ${st.bold(`${WORDS.table[lang]} ${t.range}`)}`);
    const colW = Math.max(1, maxOf(t.columns.map((c) => c.column.length)));
    const roleW = Math.max(4, maxOf(t.columns.map((c) => c.role.length)));
    for (const c of t.columns) {
      const label = c.label ? st.dim(`  [${c.label}]`) : '';
      out.push(`    ${pad(c.column, colW)}  ${st.dim(pad(c.role, roleW))}  ${c.header}${label}`.replace(/\s+$/, ''));
    }
  }
}

function renderIssues(out: string[], lang: Lang, issues: Issue[], st: Style): void {
  // Group by row, in row then column order; the engine's order is kept within a cell.
  const sorted = issues
    .map((issue, i) => ({ issue, i, ...splitA1(issue.cell) }))
    .sort((a, b) => a.row - b.row || colOrder(a.col) - colOrder(b.col) || a.i - b.i);
  let lastRow = -1;
  for (const { issue, row } of sorted) {
    if (row !== lastRow) {
      lastRow = row;
      const unit = sorted.find((x) => x.row === row && x.issue.unit)?.issue.unit;
      out.push(`  ${st.bold(`${WORDS.row[lang]} ${row}`)}${unit ? ` (${unit})` : ''}`);
    }
    const hidden = issue.hiddenRow ? st.dim(` (${WORDS.hiddenRow[lang]})`) : '';
    out.push(`    ${mark(issue.severity, st)} ${issue.cell}${hidden} ${st.dim(issue.rule)}: ${issue.message}`);
    pushAll(out, suggestionLines(lang, issue, st));
  }
}

/** One block of text for one checked file. */
export function renderReport(report: Report, lang: Lang, st: Style): string {
  const out: string[] = [];
  out.push(st.bold(`${WORDS.file[lang]}: ${report.file}`));
  const known = new Set(report.sheets.map((s) => s.name));
  for (const sheet of report.sheets) {
    out.push('');
    out.push(st.bold(`${WORDS.sheet[lang]}: ${sheet.name}`));
    renderTables(out, lang, sheet, st);
    const issues = report.issues.filter((i) => i.sheet === sheet.name);
    if (issues.length) {
      out.push('');
      renderIssues(out, lang, issues, st);
    }
  }
  const stray = report.issues.filter((i) => !known.has(i.sheet));
  if (stray.length) {
    out.push('');
    out.push(st.bold(WORDS.otherSheets[lang]));
    renderIssues(out, lang, stray, st);
  }
  out.push('');
  const c = countIssues(report.issues);
  const summary = summaryLine(lang, c);
  if (!report.issues.length) out.push(st.green(`${summary}. ${WORDS.noIssues[lang]}`));
  else out.push(c.error ? st.red(st.bold(summary)) : c.warning ? st.yellow(st.bold(summary)) : st.bold(summary));
  return out.join('\n') + '\n';
}
