// The command line's own words, vi first, en second: usage, errors and the
// frame around a report (render.ts lays them out), and the words of allocate,
// appendix, fix and compare. Issue messages and the sheets' text come
// localised from the engine (src/core/messages.ts).
import type { Issue, Lang } from '../core/report';
import { dec, format } from '../core/decimal';
import type { HostErrorCode } from '../hosts/types';
import { type AllocationInputError, RULE_SETS } from '../core/allocation-plan';
import type { LeftOutCell } from '../core/appendix';
import type { CompareReport } from '../core/compare';

/** Why a file was not checked: a host error, or something the CLI adds. */
export type FileErrorCode = HostErrorCode | 'no-access' | 'unexpected';

type Words = Record<Lang, string>;

const w = (vi: string, en: string): Words => ({ vi, en });

/** A count in the reader's convention: vi 10.000, en 10,000. */
export const int = (l: Lang, n: number) => format(dec(n), 0, l);

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
  /** A command that takes input files got none. */
  noInput: (l: Lang) => (l === 'en' ? 'No file given.' : 'Chưa chỉ định tệp.'),
  sameFile: (l: Lang, f: string) =>
    l === 'en' ? `Refusing to overwrite the input file ${f}; give another name with -o.` : `Không ghi đè lên tệp gốc ${f}; hãy chọn tên khác với -o.`,
  writeFailed: (l: Lang, f: string, d: string) => (l === 'en' ? `Could not write ${f}: ${d}` : `Không ghi được ${f}: ${d}`),
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
// The frame of a report (render.ts)
// ---------------------------------------------------------------------------

export const WORDS = {
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
  more: (l: Lang, n: number) => (l === 'en' ? `, and ${int(l, n)} more` : ` và ${int(l, n)} ô khác`),
  confidence: { high: w('chắc chắn', 'high confidence'), medium: w('khá chắc', 'medium confidence'), low: w('chưa chắc', 'low confidence') },
};

export interface Counts {
  error: number;
  warning: number;
  info: number;
}

export function summaryLine(lang: Lang, c: Counts): string {
  return lang === 'en'
    ? `${int(lang, c.error)} ${c.error === 1 ? 'error' : 'errors'}, ${int(lang, c.warning)} ${c.warning === 1 ? 'warning' : 'warnings'}, ${int(lang, c.info)} ${c.info === 1 ? 'note' : 'notes'}`
    : `${int(lang, c.error)} lỗi, ${int(lang, c.warning)} cảnh báo, ${int(lang, c.info)} ghi chú`;
}

export function totalLine(lang: Lang, files: number, unreadable: number, c: Counts): string {
  const s = summaryLine(lang, c);
  if (lang === 'en') {
    const head = `Checked ${int(lang, files - unreadable)} of ${int(lang, files)} files`;
    return `${head}: ${s}${unreadable ? `; ${int(lang, unreadable)} could not be read` : ''}.`;
  }
  const head = `Đã kiểm tra ${int(lang, files - unreadable)}/${int(lang, files)} tệp`;
  return `${head}: ${s}${unreadable ? `; ${int(lang, unreadable)} tệp không đọc được` : ''}.`;
}

// ---------------------------------------------------------------------------
// allocate, appendix, fix, compare
// ---------------------------------------------------------------------------

export const ALLOCATE_TEXT = {
  usage: (l: Lang) =>
    l === 'en'
      ? `Usage:
  povcheck allocate IN.xlsx (--target-rate R | --target-households N) -o OUT.xlsx
           [--basis able|poor] [--new-poor N] [--rules seed004|none] [--sheet NAME] [--json] [--lang vi|en]

Allocates a parent target over the units of IN.xlsx's table and writes OUT.xlsx:
a copy of IN.xlsx with the allocation sheet next to the source sheet.
  --target-rate R        end rate to reach, in % (1.50 or 1,50), on the table's total
  --target-households N  or: the number of poor households to reduce by
  --basis able|poor      shares proportional to the poor able to leave poverty
                         (default) or to all poor households
  --new-poor N           expected newly poor and re-entering households (explained)
  --rules seed004|none   policy floors (default seed004: communes above 25 % reduce
                         by at least 4 points; ethnic-minority poverty by 3 points)
  --sheet NAME           the sheet holding the table (default: the first that has one)
Exit codes: 0 written and the target is met, 1 the target cannot be met (the sheet
says by how much and which units bind), 2 bad input or usage.
`
      : `Cách dùng:
  povcheck allocate TỆP.xlsx (--target-rate R | --target-households N) -o TỆP_RA.xlsx
           [--basis able|poor] [--new-poor N] [--rules seed004|none] [--sheet TÊN] [--json] [--lang vi|en]

Phân bổ chỉ tiêu cấp trên cho các đơn vị trong bảng của TỆP.xlsx và ghi TỆP_RA.xlsx:
bản sao của TỆP.xlsx thêm trang phân bổ ngay sau trang gốc.
  --target-rate R        tỷ lệ hộ nghèo cuối kỳ cần đạt, % (1,50 hoặc 1.50), trên tổng của bảng
  --target-households N  hoặc: số hộ nghèo cần giảm
  --basis able|poor      chia theo tỷ lệ số hộ nghèo có khả năng thoát nghèo (mặc định)
                         hoặc theo tổng số hộ nghèo
  --new-poor N           số hộ nghèo phát sinh mới, tái nghèo dự kiến (đưa vào phần giải thích)
  --rules seed004|none   mức tối thiểu theo chính sách (mặc định seed004: xã trên 25% giảm
                         từ 4% trở lên; hộ nghèo DTTS giảm từ 3% trở lên)
  --sheet TÊN            trang có bảng (mặc định: trang đầu tiên có bảng)
Mã thoát: 0 đã ghi và đạt chỉ tiêu, 1 không thể đạt chỉ tiêu (trang phân bổ ghi thiếu
bao nhiêu và đơn vị nào chặn), 2 dữ liệu vào hoặc lệnh sai.
`,
  noOutput: (l: Lang) => (l === 'en' ? 'allocate needs the output file: -o OUT.xlsx' : 'Lệnh allocate cần tệp kết quả: -o TỆP_RA.xlsx'),
  oneFile: (l: Lang) => (l === 'en' ? 'allocate takes one input file.' : 'Lệnh allocate nhận đúng một tệp.'),
  noTarget: (l: Lang) =>
    l === 'en' ? 'Give the target: --target-rate R or --target-households N (one of them).' : 'Cần chỉ tiêu: --target-rate R hoặc --target-households N (chỉ một trong hai).',
  badNumber: (l: Lang, flag: string, v: string) =>
    l === 'en' ? `${flag} must be a non-negative number, not "${v}".` : `${flag} phải là số không âm, không phải "${v}".`,
  badBasis: (l: Lang, v: string) => (l === 'en' ? `--basis must be able or poor, not "${v}".` : `--basis phải là able hoặc poor, không phải "${v}".`),
  badRules: (l: Lang, v: string) =>
    l === 'en' ? `--rules must be ${Object.keys(RULE_SETS).join(' or ')}, not "${v}".` : `--rules phải là ${Object.keys(RULE_SETS).join(' hoặc ')}, không phải "${v}".`,
  noTable: (l: Lang, f: string) =>
    l === 'en'
      ? `${f}: no table with unit rows and poor households at the start was found${''}.`
      : `${f}: không tìm thấy bảng có các dòng đơn vị và cột số hộ nghèo đầu kỳ.`,
  input: (l: Lang, e: AllocationInputError) =>
    e.code === 'no-able'
      ? l === 'en'
        ? 'The table has no column of poor households able to leave poverty (or unable to work). Use --basis poor to allocate by all poor households.'
        : 'Bảng không có cột hộ nghèo có khả năng thoát nghèo (hoặc không có khả năng lao động). Dùng --basis poor để chia theo tổng số hộ nghèo.'
      : e.code === 'no-households'
        ? l === 'en'
          ? 'The table has no households column, so rates cannot be computed.'
          : 'Bảng không có cột tổng số hộ nên không tính được tỷ lệ.'
        : e.code === 'totals-too-large'
          ? l === 'en'
            ? 'The table’s household totals are too large to compute exactly (over 2^53); look for cells with huge numbers (povcheck check lists them).'
            : 'Tổng số hộ của bảng quá lớn để tính chính xác (trên 2^53); hãy tìm các ô có số rất lớn (povcheck check liệt kê các ô này).'
          : e.excluded.length
            ? l === 'en'
              ? `No unit row can be allocated: ${e.excluded.flatMap((x) => x.cells).join(', ')} ${e.excluded.flatMap((x) => x.cells).length > 1 ? 'are' : 'is'} not a usable whole count (see povcheck check). Correct the cells and run again.`
              : `Không có dòng đơn vị nào phân bổ được: ô ${e.excluded.flatMap((x) => x.cells).join(', ')} không phải số nguyên dùng được (xem povcheck check). Hãy sửa rồi chạy lại.`
            : l === 'en'
              ? 'The table has no unit rows with poor households.'
              : 'Bảng không có dòng đơn vị nào có số hộ nghèo.',
  notClean: (l: Lang, issues: Issue[]) =>
    (l === 'en' ? 'The planned allocation sheet does not pass the check, so nothing was written:\n' : 'Trang phân bổ dự kiến không qua được kiểm tra nên chưa ghi gì:\n') +
    issues.map((i) => `  ✖ ${i.cell} ${i.rule}: ${i.message}`).join('\n'),
  wrote: (l: Lang, f: string, sheet: string, source: string, range: string) =>
    l === 'en' ? `Wrote ${f}: sheet '${sheet}' (from table ${range} of '${source}')` : `Đã ghi ${f}: trang '${sheet}' (từ bảng ${range} của trang '${source}')`,
  sourceErrors: (l: Lang, n: number) =>
    l === 'en'
      ? `⚠ The source table has ${int(l, n)} error(s) (see povcheck check); the allocation uses its unit rows, not its total row.`
      : `⚠ Bảng gốc có ${int(l, n)} lỗi (xem povcheck check); phép phân bổ dùng các dòng đơn vị, không dùng dòng tổng.`,
  excluded: (l: Lang, name: string, cells: string[]) =>
    l === 'en'
      ? `⚠ ${name} is left out of the allocation: ${cells.join(', ')} ${cells.length > 1 ? 'are' : 'is'} not a usable whole count.`
      : `⚠ ${name} không được phân bổ: ô ${cells.join(', ')} không phải số nguyên dùng được.`,
  header: (l: Lang) =>
    l === 'en' ? ['Unit', 'Poor', 'Basis', 'Cap', 'Floor', 'Reduction', 'End', 'End rate'] : ['Đơn vị', 'Hộ nghèo', 'Cơ sở', 'Tối đa', 'Tối thiểu', 'Giảm', 'Cuối kỳ', 'Tỷ lệ CK'],
  total: (l: Lang) => (l === 'en' ? 'Total' : 'Tổng cộng'),
  feasible: (l: Lang, n: number) => (l === 'en' ? `Allocated ${int(l, n)} households: the shares add up exactly to the target.` : `Đã phân bổ ${int(l, n)} hộ: tổng các đơn vị đúng bằng chỉ tiêu.`),
  infeasible: (l: Lang) => (l === 'en' ? 'The target cannot be met:' : 'Không thể đạt chỉ tiêu:'),
};

export const APPENDIX_TEXT = {
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
  badChoice: (l: Lang, flag: string, ok: string[], v: string) =>
    l === 'en' ? `${flag} must be ${ok.join(' or ')}, not "${v}".` : `${flag} phải là ${ok.join(' hoặc ')}, không phải "${v}".`,
  badYear: (l: Lang, v: string) => (l === 'en' ? `--year must be a year such as 2024, not "${v}".` : `--year phải là một năm, ví dụ 2024, không phải "${v}".`),
  noTable: (l: Lang, f: string, what: string) =>
    l === 'en' ? `${f}: no table with ${what} was found.` : `${f}: không tìm thấy bảng có ${what}.`,
  what: (l: Lang, perFile: 'total' | 'units') =>
    perFile === 'total' ? (l === 'en' ? 'a total row' : 'dòng tổng') : l === 'en' ? 'unit rows' : 'các dòng đơn vị',
  notClean: (l: Lang, issues: Issue[]) =>
    (l === 'en' ? 'The appendix does not pass the check, so nothing was written:\n' : 'Phụ lục không qua được kiểm tra nên chưa ghi gì:\n') +
    issues.map((i) => `  ✖ ${i.cell} ${i.rule}: ${i.message}`).join('\n'),
  wrote: (l: Lang, f: string, sheet: string, n: number) => (l === 'en' ? `Wrote ${f}: sheet '${sheet}' with ${int(l, n)} unit(s)` : `Đã ghi ${f}: trang '${sheet}' gồm ${int(l, n)} đơn vị`),
  chart: (l: Lang, range: string) => (l === 'en' ? `  bar chart of the rates, from the sorted range ${range}` : `  biểu đồ cột tỷ lệ hộ nghèo, từ vùng đã xếp ${range}`),
  nearMiss: (l: Lang, a: string, b: string, sa: string, sb: string, why: string) =>
    l === 'en'
      ? `⚠ "${a}" (${sa}) and "${b}" (${sb}) differ only ${why === 'diacritics' ? 'in their accents' : 'by one letter'}: kept apart. If they are the same unit, correct the name and run again.`
      : `⚠ "${a}" (${sa}) và "${b}" (${sb}) chỉ khác ${why === 'diacritics' ? 'dấu' : 'một chữ'}: đang để riêng. Nếu là cùng một đơn vị, hãy sửa tên rồi chạy lại.`,
  conflict: (l: Lang, name: string, field: string, values: number[], sources: string[]) =>
    l === 'en'
      ? `⚠ ${name}: ${field} is ${values.map((v) => int(l, v)).join(' in one table and ')} in another (${sources.join('; ')}); the appendix uses ${int(l, values[0])}. Confirm which is right.`
      : `⚠ ${name}: ${field} là ${values.map((v) => int(l, v)).join(' ở một bảng và ')} ở bảng khác (${sources.join('; ')}); phụ lục dùng ${int(l, values[0])}. Hãy xác nhận số đúng.`,
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

export const FIX_TEXT = {
  wrote: (l: Lang, f: string) => (l === 'en' ? `Wrote ${f}` : `Đã ghi ${f}`),
  sheet: (l: Lang, name: string, source: string, range: string) =>
    l === 'en' ? `  ${name}  (table ${range} of '${source}')` : `  ${name}  (bảng ${range} của trang '${source}')`,
  applied: (l: Lang, n: number, m: number) =>
    l === 'en' ? `    ${int(l, n)} correction(s) applied, ${int(l, m)} derived cell(s) recomputed` : `    áp dụng ${int(l, n)} sửa, tính lại ${int(l, m)} ô bằng công thức`,
  change: (cell: string, src: string, old: string, value: string, reason: string) => `      ${cell} (${src}): ${old} → ${value}  ${reason}`,
  report: (l: Lang, name: string, n: number) => (l === 'en' ? `  ${name}  (${int(l, n)} issue(s) of the input)` : `  ${name}  (${int(l, n)} vấn đề của tệp gốc)`),
  removed: (l: Lang, names: string[]) => (l === 'en' ? `  removed, from an earlier run: ${names.join(', ')}` : `  đã xoá (của lần chạy trước): ${names.join(', ')}`),
  noTables: (l: Lang) => (l === 'en' ? '  no table found: only the report sheet was added' : '  không tìm thấy bảng nào: chỉ thêm trang báo cáo'),
  remaining: (l: Lang, e: number, w: number, i: number) =>
    l === 'en'
      ? `Corrected sheets: ${int(l, e)} error(s), ${int(l, w)} warning(s), ${int(l, i)} note(s) remain`
      : `Các bảng đã sửa còn: ${int(l, e)} lỗi, ${int(l, w)} cảnh báo, ${int(l, i)} ghi chú`,
  remainingIssue: (i: Issue) => `    ${i.severity === 'error' ? '✖' : i.severity === 'warning' ? '⚠' : 'ℹ'} ${i.sheet}!${i.cell} ${i.rule}: ${i.message}`,
  badApply: (l: Lang, v: string) => (l === 'en' ? `--apply must be safe, none or all, not "${v}".` : `--apply phải là safe, none hoặc all, không phải "${v}".`),
  oneFile: (l: Lang) => (l === 'en' ? 'fix takes one input file.' : 'Lệnh fix nhận đúng một tệp.'),
  noOutput: (l: Lang) => (l === 'en' ? 'fix needs the output file: -o OUT.xlsx' : 'Lệnh fix cần tệp kết quả: -o TỆP_RA.xlsx'),
};

export const COMPARE_TEXT = {
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
  mapLine: (l: Lang, f: string, n: number) => (l === 'en' ? `Map: ${f} (${int(l, n)} former units)` : `Bảng sáp nhập: ${f} (${int(l, n)} đơn vị cũ)`),
  compared: (l: Lang, c: CompareReport['compared']) => {
    const word = (p: string) => (p === 'poor' ? (l === 'en' ? 'poor' : 'hộ nghèo') : p === 'nearPoor' ? (l === 'en' ? 'near-poor' : 'hộ cận nghèo') : p);
    const parts = c.map((x) => `${word(x.population)} ${int(l, x.units)}`);
    return l === 'en' ? `Units compared: ${parts.join(', ') || 'none'}` : `Số đơn vị đã so sánh: ${parts.join(', ') || 'không có'}`;
  },
  noIssues: (l: Lang) => (l === 'en' ? 'Every start equals last year\'s end.' : 'Số đầu kỳ năm nay khớp với số cuối kỳ năm trước.'),
};
