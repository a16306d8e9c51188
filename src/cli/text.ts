// The command line's own words (vi first, en second) and the human-readable
// rendering of a Report. Issue messages come localised from the engine; only
// the frame around them is written here.
import type { Issue, Lang, Report, Severity, SheetReport, Suggestion } from '../core/report';
import { format, fromNumber } from '../core/decimal';
import type { HostErrorCode } from '../hosts/types';
import { maxOf, pushAll } from '../core/arrays';

/** Why a file was not checked: a host error, or something the CLI adds. */
export type FileErrorCode = HostErrorCode | 'no-access' | 'unexpected';

type Words = Record<Lang, string>;

const w = (vi: string, en: string): Words => ({ vi, en });

export function usage(lang: Lang): string {
  return lang === 'en'
    ? `Usage:
  povcheck check FILE.xlsx [FILE2.xlsx ...] [--sheet NAME] [--json] [--lang vi|en]
  povcheck fix IN.xlsx -o OUT.xlsx [--apply safe|none|all] [--json] [--lang vi|en]
  povcheck allocate IN.xlsx (--target-rate R | --target-households N) -o OUT.xlsx [...]
  povcheck appendix FILE.xlsx [FILE2.xlsx ...] -o OUT.xlsx [...]
  povcheck compare PREVIOUS.xlsx CURRENT.xlsx [--map MAP.xlsx] [...]
  povcheck --help
  povcheck --version

Checks poverty-reduction allocation sheets: finds the tables, recomputes
rates, totals and end-of-period counts, and names the cell that is wrong.
fix writes OUT.xlsx: a copy of IN.xlsx with one corrected sheet per table
(rates, totals and end counts as formulas) and a report sheet. The sheets
of IN.xlsx are not changed, and IN.xlsx itself is never overwritten.
allocate adds the allocation of a parent target over the table's units;
appendix builds the appendix from the units' workbooks; compare checks this
year's start counts against last year's end. For their options:
povcheck allocate --help, povcheck appendix --help, povcheck compare --help.

Options:
  --sheet NAME   check only the sheet named NAME
  --json         print the report as JSON (an array when several files are given)
  --lang vi|en   language of the output (default: vi)
  -o, --output F fix: the file to write
  --apply MODE   fix: safe applies only certain suggestions (default), none
                 applies none, all applies every unambiguous one
  -h, --help     show this help
  -v, --version  show the version

Exit codes: 0 no errors, 1 some error found, 2 a file could not be read or bad usage.
fix: 0 no error remains in the corrected sheets, 1 some remain, 2 as above.
`
    : `Cách dùng:
  povcheck check TỆP.xlsx [TỆP2.xlsx ...] [--sheet TÊN] [--json] [--lang vi|en]
  povcheck fix TỆP.xlsx -o TỆP_RA.xlsx [--apply safe|none|all] [--json] [--lang vi|en]
  povcheck allocate TỆP.xlsx (--target-rate R | --target-households N) -o TỆP_RA.xlsx [...]
  povcheck appendix TỆP.xlsx [TỆP2.xlsx ...] -o TỆP_RA.xlsx [...]
  povcheck compare TỆP_NĂM_TRƯỚC.xlsx TỆP_NĂM_NAY.xlsx [--map SÁP_NHẬP.xlsx] [...]
  povcheck --help
  povcheck --version

Kiểm tra biểu phân bổ chỉ tiêu giảm nghèo: tìm các bảng, tính lại tỷ lệ,
tổng cộng và số cuối kỳ, chỉ ra ô bị sai.
fix ghi TỆP_RA.xlsx: bản sao của TỆP.xlsx thêm một trang bảng đã sửa cho
mỗi bảng (tỷ lệ, tổng cộng, số cuối kỳ là công thức) và một trang báo cáo.
Các trang của TỆP.xlsx giữ nguyên, và TỆP.xlsx không bao giờ bị ghi đè.
allocate thêm trang phân bổ chỉ tiêu cấp trên cho các đơn vị của bảng;
appendix lập phụ lục từ tệp của các đơn vị; compare đối chiếu số đầu kỳ năm
nay với số cuối kỳ năm trước. Xem tùy chọn:
povcheck allocate --help, povcheck appendix --help, povcheck compare --help.

Tùy chọn:
  --sheet TÊN    chỉ kiểm tra trang tính có tên TÊN
  --json         in báo cáo dạng JSON (một mảng khi có nhiều tệp)
  --lang vi|en   ngôn ngữ hiển thị (mặc định: vi)
  -o, --output T fix: tệp kết quả
  --apply CÁCH   fix: safe chỉ áp dụng các sửa chắc chắn (mặc định), none
                 không áp dụng sửa nào, all áp dụng mọi sửa không mơ hồ
  -h, --help     hiện hướng dẫn này
  -v, --version  hiện phiên bản

Mã thoát: 0 không có lỗi, 1 có lỗi, 2 không đọc được tệp hoặc dùng sai lệnh.
fix: 0 bảng đã sửa không còn lỗi, 1 còn lỗi, 2 như trên.
`;
}

export const T = {
  unknownCommand: (lang: Lang, cmd: string) => (lang === 'en' ? `Unknown command: ${cmd}` : `Lệnh không hợp lệ: ${cmd}`),
  unknownFlag: (lang: Lang, flag: string) => (lang === 'en' ? `Unknown option: ${flag}` : `Tùy chọn không hợp lệ: ${flag}`),
  missingValue: (lang: Lang, flag: string) =>
    lang === 'en' ? `Option ${flag} needs a value.` : `Tùy chọn ${flag} cần có giá trị.`,
  badLang: (lang: Lang, v: string) =>
    lang === 'en' ? `--lang must be vi or en, not "${v}".` : `--lang phải là vi hoặc en, không phải "${v}".`,
  noFiles: (lang: Lang) => (lang === 'en' ? 'No file given.' : 'Chưa chỉ định tệp cần kiểm tra.'),
  noCommand: (lang: Lang) => (lang === 'en' ? 'No command given.' : 'Chưa có lệnh.'),
  seeHelp: (lang: Lang) => (lang === 'en' ? 'Run: povcheck --help' : 'Xem hướng dẫn: povcheck --help'),
};

/** One line per reason a file could not be checked. */
export function fileErrorMessage(lang: Lang, code: FileErrorCode, file: string, detail: string, sheet?: string): string {
  const vi = lang !== 'en';
  switch (code) {
    case 'not-found':
      return vi ? `Không tìm thấy tệp: ${file}` : `File not found: ${file}`;
    case 'not-xlsx':
      return vi ? `${file} không phải tệp Excel .xlsx` : `${file} is not an Excel .xlsx file`;
    case 'xls':
      return vi
        ? `${file} là tệp Excel cũ (.xls). Hãy mở bằng Excel và Lưu thành (Save As) .xlsx, hoặc chuyển bằng LibreOffice: soffice --headless --convert-to xlsx ${file}`
        : `${file} is an old Excel file (.xls). Open it in Excel and Save As .xlsx, or convert it with LibreOffice: soffice --headless --convert-to xlsx ${file}`;
    case 'encrypted':
      return vi
        ? `${file} có mật khẩu. Hãy bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi kiểm tra lại.`
        : `${file} is password-protected. Remove the password (File → Info → Protect Workbook) and check it again.`;
    case 'corrupt':
      return vi
        ? `${file} bị hỏng hoặc chưa lưu hết, không đọc được.`
        : `${file} is damaged or was not saved completely, and cannot be read.`;
    case 'too-large':
      return vi
        ? `${file} quá lớn (hoặc nén bất thường) nên không kiểm tra. Hãy tách bảng ra tệp nhỏ hơn.`
        : `${file} is too large (or unusually compressed), so it was not checked. Split the tables into smaller files.`;
    case 'no-such-sheet': {
      const names = detail ? detail : vi ? '(không có)' : '(none)';
      return vi
        ? `${file} không có trang tính "${sheet ?? ''}". Các trang tính có trong tệp: ${names}`
        : `${file} has no sheet named "${sheet ?? ''}". Its sheets are: ${names}`;
    }
    case 'no-access':
      return vi ? `Không có quyền đọc tệp: ${file}` : `Permission denied reading: ${file}`;
    case 'unexpected':
      return vi ? `Lỗi không mong đợi: ${detail}` : `Unexpected error: ${detail}`;
  }
}

// ---------------------------------------------------------------------------
// Human output
// ---------------------------------------------------------------------------

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

const WORDS = {
  file: w('Tệp', 'File'),
  sheet: w('Trang tính', 'Sheet'),
  table: w('Bảng', 'Table'),
  noTables: w('không tìm thấy bảng nào', 'no table found'),
  row: w('Dòng', 'Row'),
  noIssues: w('Không phát hiện vấn đề nào.', 'No issues found.'),
  otherSheets: w('Khác', 'Other'),
  hiddenRow: w('dòng ẩn', 'hidden row'),
  suggestion: w('Đề xuất', 'Suggestion'),
  alternatives: w('Các khả năng ngang nhau', 'Equally likely'),
  confidence: { high: w('chắc chắn', 'high confidence'), medium: w('khá chắc', 'medium confidence'), low: w('chưa chắc', 'low confidence') },
};

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
    const more = alts.length > shown.length ? (lang === 'en' ? `, and ${alts.length - shown.length} more` : ` và ${alts.length - shown.length} ô khác`) : '';
    out.push(`      ${st.green('→')} ${WORDS.alternatives[lang]}: ${shown.join(', ')}${more}`);
  }
  return out;
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
}

export function countIssues(issues: Issue[]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0 };
  for (const i of issues) c[i.severity]++;
  return c;
}

export function summaryLine(lang: Lang, c: Counts): string {
  return lang === 'en'
    ? `${c.error} ${c.error === 1 ? 'error' : 'errors'}, ${c.warning} ${c.warning === 1 ? 'warning' : 'warnings'}, ${c.info} ${c.info === 1 ? 'note' : 'notes'}`
    : `${c.error} lỗi, ${c.warning} cảnh báo, ${c.info} ghi chú`;
}

export function totalLine(lang: Lang, files: number, unreadable: number, c: Counts): string {
  const s = summaryLine(lang, c);
  if (lang === 'en') {
    const head = `Checked ${files - unreadable} of ${files} files`;
    return `${head}: ${s}${unreadable ? `; ${unreadable} could not be read` : ''}.`;
  }
  const head = `Đã kiểm tra ${files - unreadable}/${files} tệp`;
  return `${head}: ${s}${unreadable ? `; ${unreadable} tệp không đọc được` : ''}.`;
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
