// Every message the engine writes, Vietnamese first, English second. The
// checks produce a message id and parameters; numbers are formatted here in
// the reader's convention (vi: 1.411 and 9,92; en: 1,411 and 9.92).
import { type Dec, dec, format } from './decimal';
import type { Lang } from './report';
import { COMPARE_MESSAGES } from './messages-compare';
import { APPENDIX_MESSAGES } from './messages-appendix';

export type Param = string | number | { dec: Dec; p: number | null } | string[] | Msg | Msg[];

export interface Msg {
  id: MessageId;
  p: Record<string, Param>;
}

type Fmt = (p: Record<string, string>) => string;

const CATALOGUE = {
  ...COMPARE_MESSAGES,
  ...APPENDIX_MESSAGES,
  'sum': {
    vi: (p) => `${p.cell}${p.unit} ghi ${p.stated} nhưng tổng ${p.n} dòng thành phần (${p.members}) là ${p.expected}.`,
    en: (p) => `${p.cell}${p.unit} says ${p.stated} but its ${p.n} member rows (${p.members}) add up to ${p.expected}.`,
  },
  'sum-formula': {
    vi: (p) => `Công thức =${p.formula} ở ${p.cell} bỏ sót dòng ${p.missing}; tổng đủ các dòng thành phần là ${p.expected}.`,
    en: (p) => `The formula =${p.formula} in ${p.cell} leaves out row ${p.missing}; all member rows add up to ${p.expected}.`,
  },
  'rate': {
    vi: (p) => `Tỷ lệ ${p.stated} ở ${p.cell}${p.unit} không khớp: ${p.count} ÷ ${p.base} × 100 = ${p.exact}, làm tròn ${p.p} chữ số thập phân là ${p.expected}.${p.why}${p.why2}`,
    en: (p) => `The rate ${p.stated} in ${p.cell}${p.unit} does not match: ${p.count} ÷ ${p.base} × 100 = ${p.exact}, which rounds to ${p.expected} at ${p.p} decimals.${p.why}${p.why2}`,
  },
  'why-truncated': {
    vi: () => ' Giá trị ghi là số bị cắt bớt chữ số, không làm tròn.',
    en: () => ' The stated value is truncated, not rounded.',
  },
  'why-rounding': {
    vi: () => ' Giá trị ghi chỉ lệch do cách làm tròn.',
    en: () => ' The stated value differs only by the rounding convention.',
  },
  'why-mean': {
    vi: (p) => ` Giá trị ghi là trung bình cộng tỷ lệ của các dòng thành phần (${p.mean}), không phải tỷ lệ của tổng số.`,
    en: (p) => ` The stated value is the mean of the member rows' rates (${p.mean}), not the rate of the totals.`,
  },
  'why-difference': {
    vi: (p) => ` Giá trị ghi là hiệu hai tỷ lệ đã làm tròn (${p.a} − ${p.b}), không tính từ số hộ.`,
    en: (p) => ` The stated value is a difference of rounded rates (${p.a} − ${p.b}), not computed from the counts.`,
  },
  'why-formula': {
    vi: (p) => ` Cột khai báo ${p.label} cũng cho ${p.value}.`,
    en: (p) => ` The column's declared formula ${p.label} also gives ${p.value}.`,
  },
  'rate-zero-base': {
    vi: (p) => `Ô ${p.cell}${p.unit} ghi tỷ lệ ${p.stated} nhưng tổng số hộ (${p.baseCell}) bằng 0.`,
    en: (p) => `${p.cell}${p.unit} states a rate of ${p.stated} but the households (${p.baseCell}) are 0.`,
  },
  'balance': {
    vi: (p) => `Số cuối kỳ ${p.stated} ở ${p.cell}${p.unit} không khớp: ${p.terms} = ${p.expected}.${p.label}`,
    en: (p) => `The end-of-period count ${p.stated} in ${p.cell}${p.unit} does not match: ${p.terms} = ${p.expected}.${p.label}`,
  },
  'parts': {
    vi: (p) => `${p.cell}${p.unit} ghi ${p.stated} nhưng các nhóm cộng lại ${p.terms} = ${p.expected}.`,
    en: (p) => `${p.cell}${p.unit} says ${p.stated} but its parts add up to ${p.terms} = ${p.expected}.`,
  },
  'formula': {
    vi: (p) => `Cột ${p.col}: theo công thức khai báo ${p.label}, ${p.cell}${p.unit} phải là ${p.expected} nhưng ghi ${p.stated}.`,
    en: (p) => `Column ${p.col}: by its declared formula ${p.label}, ${p.cell}${p.unit} should be ${p.expected} but says ${p.stated}.`,
  },
  'formula-rate-column': {
    vi: (p) => `Cột ${p.col} khai báo ${p.label} là hiệu hai cột tỷ lệ, nhưng giá trị được tính lại từ số hộ (${p.rule}). Hiệu hai tỷ lệ đã làm tròn lệch ở ${p.n} dòng: ${p.rows}. Các giá trị ghi đúng theo số hộ; nên sửa lại dòng công thức.`,
    en: (p) => `Column ${p.col} is declared as ${p.label}, a difference of two rate columns, but its values are computed from the counts (${p.rule}). The difference of rounded rates is off in ${p.n} ${p.n === '1' ? 'row' : 'rows'}: ${p.rows}. The stated values follow the counts; the declared formula is what to fix.`,
  },
  'rate-rule-cols': {
    vi: (p) => `cột ${p.count} ÷ cột ${p.base} × 100`,
    en: (p) => `column ${p.count} ÷ column ${p.base} × 100`,
  },
  'bound-reduction': {
    vi: (p) => `Chỉ tiêu giảm ${p.stated} ở ${p.cell}${p.unit} vượt số hộ nghèo còn khả năng thoát nghèo: ${p.terms} = ${p.expected}.`,
    en: (p) => `The reduction ${p.stated} in ${p.cell}${p.unit} exceeds the poor households able to leave poverty: ${p.terms} = ${p.expected}.`,
  },
  'bound-subgroup': {
    vi: (p) => `Nhóm ${p.what} ${p.stated} ở ${p.cell}${p.unit} lớn hơn số hộ của cả nhóm (${p.expected}).`,
    en: (p) => `The ${p.what} subgroup ${p.stated} in ${p.cell}${p.unit} exceeds its whole group (${p.expected}).`,
  },
  'bound-households': {
    vi: (p) => `${p.cell}${p.unit} ghi ${p.stated}, lớn hơn tổng số hộ (${p.expected}).`,
    en: (p) => `${p.cell}${p.unit} says ${p.stated}, more than the total households (${p.expected}).`,
  },
  'bound-persons': {
    vi: (p) => `${p.cell}${p.unit} ghi ${p.stated} hộ, nhiều hơn số nhân khẩu của chính các hộ đó (${p.expected}).`,
    en: (p) => `${p.cell}${p.unit} says ${p.stated} households, more than those households' persons (${p.expected}).`,
  },
  'bound-classes': {
    vi: (p) => `${p.cell}${p.unit} ghi ${p.stated}, nhiều hơn phần còn lại sau khi trừ các nhóm khác (hộ nghèo, cận nghèo, mức sống trung bình không trùng nhau): ${p.terms} = ${p.expected}.`,
    en: (p) => `${p.cell}${p.unit} says ${p.stated}, more than what is left after the other classes (poor, near-poor and middle do not overlap): ${p.terms} = ${p.expected}.`,
  },
  'combined': {
    vi: (p) => `${p.cell}${p.unit} có thể là ô sai: một ô này làm lệch ${p.n} quan hệ (${p.relations}).${p.fix}`,
    en: (p) => `${p.cell}${p.unit} is probably the wrong cell: this one cell breaks ${p.n} relations (${p.relations}).${p.fix}`,
  },
  'combined-fix': {
    vi: (p) => ` Với giá trị ${p.expected} thì các quan hệ đều khớp.`,
    en: (p) => ` With ${p.expected} all of them hold.`,
  },
  'then': { vi: (p) => `${p.a}${p.b}`, en: (p) => `${p.a}${p.b}` },
  'paren': { vi: (p) => ` (${p.x})`, en: (p) => ` (${p.x})` },
  'located': {
    vi: (p) => `${p.cell}${p.unit} có thể là ô sai. ${p.detail}${p.why} Chỉ cần sửa ${p.cell} thành ${p.expected} là mọi quan hệ đều khớp.`,
    en: (p) => `${p.cell}${p.unit} is probably the wrong cell. ${p.detail}${p.why} Changing ${p.cell} alone to ${p.expected} makes every relation hold.`,
  },
  'why-evidence': {
    vi: (p) => ` ${p.cell} khớp với ${p.evidence} nên có lẽ đúng.`,
    en: (p) => ` ${p.cell} agrees with ${p.evidence}, so it is probably right.`,
  },
  // A tie names its candidates once: those with a value are the issue's alternatives (every
  // surface lists them), the message names only the others.
  'tie': {
    vi: (p) => ` Sửa một ô bất kỳ trong ${p.n} ô đều làm mọi quan hệ khớp, chưa đủ căn cứ để chọn ô nào.${p.unnamed}`,
    en: (p) => ` Changing any one of ${p.n} cells makes every relation hold, and the evidence does not single one out.${p.unnamed}`,
  },
  'tie-unnamed': {
    vi: (p) => ` Chưa tính được một giá trị đúng duy nhất cho: ${p.list}.`,
    en: (p) => ` No single right value can be computed for: ${p.list}.`,
  },
  'tie-one': {
    vi: (p) => ` Ô cần sửa là ${p.cell}: chỉ sửa ô này là mọi quan hệ có thể khớp, nhưng chưa đủ căn cứ để tính một giá trị đúng duy nhất.`,
    en: (p) => ` ${p.cell} is the cell to change: changing it alone can make every relation hold, but the evidence does not give one right value.`,
  },
  'tie-members-low': {
    vi: (p) => ` Tổng ${p.stated} khớp với ${p.evidence} nên có lẽ đúng; nhiều khả năng một trong ${p.n} dòng thành phần ghi thiếu ${p.delta}.`,
    en: (p) => ` The total ${p.stated} agrees with ${p.evidence}, so it is probably right; one of the ${p.n} member rows is probably ${p.delta} too low.`,
  },
  'tie-members-high': {
    vi: (p) => ` Tổng ${p.stated} khớp với ${p.evidence} nên có lẽ đúng; nhiều khả năng một trong ${p.n} dòng thành phần ghi thừa ${p.delta}.`,
    en: (p) => ` The total ${p.stated} agrees with ${p.evidence}, so it is probably right; one of the ${p.n} member rows is probably ${p.delta} too high.`,
  },
  'tie-typos': {
    vi: (p) => ` Ở ${p.n} dòng trong số đó, chênh lệch này chỉ là một lỗi gõ (${p.list}).`,
    en: (p) => ` In ${p.n} of them the difference is a single typing slip (${p.list}).`,
  },
  'typo-group': { vi: (p) => `${p.kind}: ${p.n} dòng`, en: (p) => `${p.kind} in ${p.n} ${p.n === '1' ? 'row' : 'rows'}` },
  'tie-rest': {
    vi: (p) => ` ${p.n} dòng khác cũng có thể, không do lỗi gõ.`,
    en: (p) => ` ${p.n === '1' ? 'One other row' : `${p.n} other rows`} could be it too, without a typing slip.`,
  },
  'alt-item': { vi: (p) => `${p.cell}${p.unit} ${p.stated} → ${p.value}${p.kind}`, en: (p) => `${p.cell}${p.unit} ${p.stated} → ${p.value}${p.kind}` },
  'alt-cell': { vi: (p) => `${p.cell}${p.unit}`, en: (p) => `${p.cell}${p.unit}` },
  'kind-typo-digit': { vi: () => 'gõ nhầm một chữ số', en: () => 'one digit mistyped' },
  'kind-typo-swap': { vi: () => 'đảo hai chữ số liền nhau', en: () => 'two neighbouring digits swapped' },
  'kind-typo-dropped': { vi: () => 'thiếu một chữ số', en: () => 'a digit dropped' },
  'kind-typo-added': { vi: () => 'thừa một chữ số', en: () => 'a digit added' },
  'kind-rounding': { vi: () => 'làm tròn đúng', en: () => 'correctly rounded' },
  'reason-fix': {
    vi: (p) => `Sửa ${p.cell} từ ${p.stated} thành ${p.value}${p.kind}: khi đó ${p.rels} khớp lại, và các quan hệ khác dùng ô này vẫn khớp.`,
    en: (p) => `Change ${p.cell} from ${p.stated} to ${p.value}${p.kind}: then ${p.rels} hold again, and the other relations that use the cell still hold.`,
  },
  'reason-alt': {
    vi: (p) => `${p.cell}${p.unit}: ${p.stated} → ${p.value}${p.kind}; một trong ${p.n} cách sửa tương đương.`,
    en: (p) => `${p.cell}${p.unit}: ${p.stated} → ${p.value}${p.kind}; one of ${p.n} equally good changes.`,
  },
  'reason-rounding': {
    vi: (p) => `Ghi ${p.value} (làm tròn đúng) thay cho ${p.stated} ở ${p.cell}.`,
    en: (p) => `Write ${p.value} (correctly rounded) instead of ${p.stated} in ${p.cell}.`,
  },
  'other-change': {
    vi: (p) => ` Cũng có thể là ${p.n} hộ ${p.what} chưa được ghi: cột “${p.header}” (${p.cell}) đang để trống.`,
    en: (p) => ` It may also be an unrecorded ${p.what} of ${p.n} households: “${p.header}” (${p.cell}) is empty.`,
  },
  'other-increase': { vi: () => 'tăng khác', en: () => 'other increase' },
  'other-decrease': { vi: () => 'giảm khác', en: () => 'other decrease' },
  'reason-other': {
    vi: (p) => `Nếu có ${p.n} hộ ${p.what} chưa ghi, điền ${p.n} vào ${p.cell}.`,
    en: (p) => `If ${p.n} households were an unrecorded ${p.what}, write ${p.n} in ${p.cell}.`,
  },
  'as-text': {
    vi: (p) => `${p.n} ô trong cột ${p.col} là số lưu dạng văn bản (${p.cells}). PovCheck đã đọc để tính, nhưng Excel không cộng các ô này; nên chuyển sang dạng số.`,
    en: (p) => `${p.n} cells in column ${p.col} are numbers stored as text (${p.cells}). PovCheck read them, but Excel will not add them up; convert them to numbers.`,
  },
  'invalid-error': {
    vi: (p) => `Ô ${p.cell}${p.unit} chứa lỗi ${p.value}; các kiểm tra dùng ô này đã bỏ qua.`,
    en: (p) => `${p.cell}${p.unit} holds the error ${p.value}; checks that use it were skipped.`,
  },
  'invalid-text': {
    vi: (p) => `Ô ${p.cell}${p.unit} ghi “${p.value}”, không phải là số.`,
    en: (p) => `${p.cell}${p.unit} holds “${p.value}”, which is not a number.`,
  },
  'invalid-date': {
    vi: (p) => `Ô ${p.cell}${p.unit} là ngày tháng (${p.value}) ở chỗ cần một số; có thể Excel đã tự đổi số thành ngày.`,
    en: (p) => `${p.cell}${p.unit} holds a date (${p.value}) where a number belongs; Excel may have turned the number into a date.`,
  },
  'invalid-too-large': {
    vi: (p) => `Ô ${p.cell}${p.unit} ghi ${p.value}: số quá lớn (từ 10^15 trở lên) để là số hộ, số người hay tỷ lệ; các kiểm tra và phép cộng dùng ô này đã bỏ qua.`,
    en: (p) => `${p.cell}${p.unit} holds ${p.value}: too large (10^15 or more) to be a count of households or persons or a rate; checks and sums that use it were skipped.`,
  },
  'invalid-negative': {
    vi: (p) => `Ô ${p.cell}${p.unit} ghi số âm (${p.stated}).`,
    en: (p) => `${p.cell}${p.unit} holds a negative number (${p.stated}).`,
  },
  'invalid-fraction': {
    vi: (p) => `Ô ${p.cell}${p.unit} ghi ${p.stated}: số hộ phải là số nguyên.`,
    en: (p) => `${p.cell}${p.unit} says ${p.stated}: a count of households must be a whole number.`,
  },
  'invalid-over-100': {
    vi: (p) => `Tỷ lệ ${p.stated} ở ${p.cell}${p.unit} lớn hơn 100%.`,
    en: (p) => `The rate ${p.stated} in ${p.cell}${p.unit} is above 100%.`,
  },
  'no-table': {
    vi: () => 'Không tìm thấy bảng số liệu trong trang này (cần một dòng tiêu đề có cột STT hoặc Đơn vị và các cột số hộ, tỷ lệ).',
    en: () => 'No table found on this sheet (a header row with an ordinal or unit column and household or rate columns is needed).',
  },
  'no-sheets': {
    vi: () => 'Tệp không có trang tính nào để kiểm tra.',
    en: () => 'The workbook has no worksheet to check.',
  },
  'header-only': {
    vi: (p) => `Bảng ${p.range} mới có dòng tiêu đề, chưa có dòng số liệu nào để kiểm tra.`,
    en: (p) => `The table ${p.range} has a header but no data rows yet; there is nothing to check.`,
  },
  'indicator-rows': {
    vi: (p) => `Bảng ${p.range} có các dòng là chỉ tiêu (không phải mỗi dòng một đơn vị), các cột là năm hoặc giá trị; PovCheck chưa kiểm tra loại bảng này (${p.reason}).`,
    en: (p) => `The table ${p.range} lists indicators as rows (not one row per unit), with years or values as columns; PovCheck does not check such a table (${p.reason}).`,
  },
  'rate-as-fraction': {
    vi: (p) => `Cột ${p.col} ghi tỷ lệ dạng phân số (${p.example} nghĩa là ${p.percent} %), không nhân 100 và không định dạng %: PovCheck đọc các ô này như tỷ lệ phần trăm. Nên định dạng cột là % để Excel hiển thị đúng.`,
    en: (p) => `Column ${p.col} holds rates as fractions (${p.example} meaning ${p.percent} %), not × 100 and without a % format: PovCheck reads them as percentages. Format the column as % so that Excel shows them so.`,
  },
  'declared-wins': {
    vi: (p) => `Cột ${p.col}: ở ${p.n} dòng, công thức khai báo ${p.label} đúng còn cách đọc theo tiêu đề (đầu kỳ − giảm + tăng) cho kết quả khác — PovCheck dùng công thức khai báo.`,
    en: (p) => `Column ${p.col}: on ${p.n} rows its declared formula ${p.label} holds where the headers' reading (start − decreases + increases) differs — PovCheck uses the declared formula.`,
  },
  'also-reading': {
    vi: (p) => ` Theo cách đọc tiêu đề (đầu kỳ − giảm + tăng) thì là ${p.expected}.`,
    en: (p) => ` By the headers' reading (start − decreases + increases) it is ${p.expected}.`,
  },
  'also-rate': {
    vi: (p) => ` Vì vậy tỷ lệ ở ${p.cell} cũng vượt 100 %.`,
    en: (p) => ` This is also why the rate in ${p.cell} is above 100 %.`,
  },
  'zero-row': {
    vi: (p) => `Dòng ${p.row}${p.unit}: mọi số đều bằng 0 — đơn vị chưa có số liệu; dòng này không được kiểm tra.`,
    en: (p) => `Row ${p.row}${p.unit}: every number is 0 — the unit has no data yet; the row is not checked.`,
  },
  'totals-only': {
    vi: (p) => `Bảng ${p.range} chỉ có dòng tổng, không có dòng đơn vị nên không kiểm tra được các tổng; chỉ kiểm tra tỷ lệ và cân đối của dòng tổng.`,
    en: (p) => `The table ${p.range} has only a totals row and no unit rows, so its sums cannot be checked; only the totals row's rates and balance are.`,
  },
  'invalid-circular': {
    vi: (p) => `Công thức ở ô ${p.cell}${p.unit} tham chiếu vòng (${p.cycle}); giá trị Excel hiện ra không tin được và các kiểm tra dùng ô này đã bỏ qua.`,
    en: (p) => `The formula in ${p.cell}${p.unit} is a circular reference (${p.cycle}); the value Excel shows cannot be trusted and checks that use it were skipped.`,
  },
  'merged-data': {
    vi: (p) => `Các ô ${p.range} được gộp qua ${p.n} dòng số liệu; PovCheck chỉ đọc giá trị cho ${p.cell}, các dòng còn lại coi như trống. Nên bỏ gộp và ghi số cho từng dòng.`,
    en: (p) => `${p.range} is merged across ${p.n} data rows; PovCheck reads its value for ${p.cell} only and the other rows as empty. Unmerge it and give each row its number.`,
  },
  'unknown-column': {
    vi: (p) => `Không nhận ra cột ${p.col} (“${p.header}”); cột này không được kiểm tra.`,
    en: (p) => `Column ${p.col} (“${p.header}”) was not recognised; it is not checked.`,
  },
  'no-base': {
    vi: () => 'Bảng không có cột tổng số hộ nên không tính lại được từng tỷ lệ. Đã kiểm tra: các tổng, cân đối đầu kỳ − giảm = cuối kỳ, và tỷ lệ của dòng tổng so với tỷ lệ các đơn vị (qua số hộ suy ra từ tỷ lệ). Chưa kiểm tra được: tỷ lệ của từng đơn vị.',
    en: () => 'The table has no households column, so rates cannot be recomputed one by one. Checked: totals, start − reduction = end, and the total row\'s rate against the units\' rates (through the households each rate implies). Not checked: each unit\'s own rate.',
  },
  'implied-base': {
    vi: (p) => `Tỷ lệ ${p.stated} ở ${p.cell}${p.unit} không khớp với tỷ lệ của các dòng thành phần: tỷ lệ các dòng này ứng với tổng cộng ${p.memberRange} hộ, còn ${p.count} hộ với tỷ lệ ${p.stated} ứng với ${p.ownRange} hộ.${p.why}`,
    en: (p) => `The rate ${p.stated} in ${p.cell}${p.unit} does not agree with its member rows' rates: theirs imply ${p.memberRange} households in all, while ${p.count} households at ${p.stated} imply ${p.ownRange}.${p.why}`,
  },
  'rel-sum': { vi: (p) => `tổng cột ${p.col}`, en: (p) => `column ${p.col} total` },
  'rel-rate': { vi: (p) => `tỷ lệ ở ${p.cell}`, en: (p) => `the rate in ${p.cell}` },
  'rel-balance': { vi: (p) => `cân đối cuối kỳ ở ${p.cell}`, en: (p) => `the end balance in ${p.cell}` },
  'rel-parts': { vi: (p) => `các nhóm cộng lại ở ${p.cell}`, en: (p) => `the parts of ${p.cell}` },
  'rel-formula': { vi: (p) => `công thức cột ${p.label}`, en: (p) => `column formula ${p.label}` },
  'rel-bound': { vi: (p) => `giới hạn ở ${p.cell}`, en: (p) => `the bound on ${p.cell}` },
  'start': { vi: () => 'đầu kỳ', en: () => 'start' },
  'decrease': { vi: () => 'giảm', en: () => 'decrease' },
  'increase': { vi: () => 'tăng', en: () => 'increase' },
  // A balance with several decrease (increase) columns names each by its column.
  'decrease-col': { vi: (p) => `giảm, cột ${p.col}`, en: (p) => `decrease, column ${p.col}` },
  'increase-col': { vi: (p) => `tăng, cột ${p.col}`, en: (p) => `increase, column ${p.col}` },
  'sub-unable': { vi: () => 'không có khả năng lao động', en: () => 'unable to work' },
  'sub-able': { vi: () => 'có khả năng thoát nghèo', en: () => 'able to leave poverty' },
  'sub-ethnic': { vi: () => 'dân tộc thiểu số', en: () => 'ethnic minority' },
  'sub-merit': { vi: () => 'người có công', en: () => "veterans' families" },
  'sub-protection': { vi: () => 'bảo trợ xã hội', en: () => 'social protection' },
  'sub-kinh': { vi: () => 'dân tộc Kinh', en: () => 'Kinh' },
  'sub-ethnicLocal': { vi: () => 'dân tộc tại chỗ', en: () => 'local ethnic group' },
  'sub-femaleHead': { vi: () => 'chủ hộ là nữ', en: () => 'female-headed' },
  'sub-deprivation': { vi: () => 'thiếu hụt chỉ số', en: () => 'lacking an indicator' },
  'sub-otherGroup': { vi: () => 'nhóm khác', en: () => 'other group' },
  'and-more': { vi: (p) => `và ${p.n} ô khác`, en: (p) => `and ${p.n} more` },
  // ---- the planners' words: corrected tables, the report sheet ----
  'corrected-suffix': { vi: () => 'đã sửa', en: () => 'corrected' },
  'correct-applied': {
    vi: (p) => `Đã sửa ô ${p.src} của trang gốc: ${p.old} → ${p.new}.`,
    en: (p) => `Corrected cell ${p.src} of the source sheet: ${p.old} → ${p.new}.`,
  },
  // The old value of a cell that was empty, in a corrected cell's note.
  'correct-old-empty': { vi: () => '(trống)', en: () => '(empty)' },
  'correct-recomputed': {
    vi: (p) => `Ô ${p.src} ở trang gốc ghi ${p.old}; nay tính bằng công thức: ${p.new}.`,
    en: (p) => `Cell ${p.src} of the source sheet says ${p.old}; now computed by formula: ${p.new}.`,
  },
  'correct-percent-count': {
    vi: (p) => `Ô ${p.src} ở trang gốc là số hộ/người nhưng định dạng phần trăm (hiện ${p.old}); ghi lại số đã nhập: ${p.new}.`,
    en: (p) => `Cell ${p.src} of the source sheet is a count formatted as a percentage (it shows ${p.old}); written as the number typed: ${p.new}.`,
  },
  'no-issues': { vi: () => 'Không có vấn đề nào.', en: () => 'No issues.' },
  'report-marker': {
    vi: (p) => `Báo cáo kiểm tra của PovCheck — tệp '${p.file}' — ngày ${p.date}`,
    en: (p) => `PovCheck report — file '${p.file}' — ${p.date}`,
  },
  /** The report sheet's column headers, tab-separated. */
  'report-header': {
    vi: () => 'Trang\tÔ\tMức độ\tQuy tắc\tNội dung\tGiá trị ghi\tGiá trị đúng\tĐề xuất sửa',
    en: () => 'Sheet\tCell\tSeverity\tRule\tMessage\tStated\tExpected\tSuggestion',
  },
  'confidence-high': { vi: () => 'chắc chắn', en: () => 'certain' },
  'confidence-medium': { vi: () => 'có thể', en: () => 'likely' },
  'confidence-low': { vi: () => 'một trong nhiều khả năng', en: () => 'one of several' },
  'or': { vi: () => 'hoặc', en: () => 'or' },
  'severity-error': { vi: () => 'Lỗi', en: () => 'Error' },
  'severity-warning': { vi: () => 'Cảnh báo', en: () => 'Warning' },
  'severity-info': { vi: () => 'Ghi chú', en: () => 'Note' },
  // ---- the allocation sheet (allocation-plan.ts) and its target (allocate.ts) ----
  'target-start': {
    vi: (p) => `Đầu kỳ: ${p.poor} hộ nghèo / ${p.households} hộ = ${p.rate} %.`,
    en: (p) => `Start: ${p.poor} poor / ${p.households} households = ${p.rate} %.`,
  },
  'target-rate': {
    vi: (p) => `Để tỷ lệ cuối kỳ (làm tròn ${p.decimals} chữ số) không quá ${p.target} % trên ${p.households} hộ, số hộ nghèo cuối kỳ tối đa là ${p.allowed} (${p.allowed} / ${p.households} = ${p.rate} %; ${p.next} hộ sẽ là ${p.nextRate} %).`,
    en: (p) => `For the end rate (rounded to ${p.decimals} decimals) to be at most ${p.target} % of ${p.households} households, at most ${p.allowed} poor households may remain (${p.allowed} / ${p.households} = ${p.rate} %; ${p.next} would be ${p.nextRate} %).`,
  },
  'target-reduction': {
    vi: (p) => `Chỉ tiêu giảm ${p.reduction} hộ: cuối kỳ còn ${p.poor} − ${p.reduction} = ${p.end} hộ nghèo.`,
    en: (p) => `A reduction of ${p.reduction} households leaves ${p.poor} − ${p.reduction} = ${p.end} poor.`,
  },
  'target-net': {
    vi: (p) => `Giảm thực ${p.poor} − ${p.end} = ${p.reduction} hộ; tỷ lệ cuối kỳ ${p.remaining} / ${p.households} = ${p.rate} %.`,
    en: (p) => `Net reduction ${p.poor} − ${p.end} = ${p.reduction}; end rate ${p.remaining} / ${p.households} = ${p.rate} %.`,
  },
  'target-new-poor': {
    vi: (p) => `Dự kiến ${p.newPoor} hộ nghèo phát sinh mới và tái nghèo, nên số hộ cần thoát nghèo là ${p.reduction} + ${p.newPoor} = ${p.exits}.`,
    en: (p) => `With ${p.newPoor} expected newly poor and re-entering households, ${p.reduction} + ${p.newPoor} = ${p.exits} households must leave poverty.`,
  },
  'alloc-sheet-suffix': { vi: () => 'phân bổ', en: () => 'allocation' },
  'alloc-title-rate': {
    vi: (p) => `PHÂN BỔ CHỈ TIÊU GIẢM NGHÈO (tỷ lệ cuối kỳ không quá ${p.rate} %)`,
    en: (p) => `POVERTY REDUCTION TARGETS BY UNIT (end rate at most ${p.rate} %)`,
  },
  'alloc-title-households': {
    vi: (p) => `PHÂN BỔ CHỈ TIÊU GIẢM NGHÈO (giảm ${p.reduction} hộ)`,
    en: (p) => `POVERTY REDUCTION TARGETS BY UNIT (a reduction of ${p.reduction} households)`,
  },
  // Column headers: the Vietnamese words are what the engine reads back (the sheet is checked
  // before it is written), so an English sheet shows them with the English in brackets.
  'alloc-h-stt': { vi: () => 'STT', en: () => 'No.' },
  'alloc-h-unit': { vi: () => 'Đơn vị', en: () => 'Unit' },
  'alloc-h-households': { vi: () => 'Tổng số hộ', en: () => 'households' },
  'alloc-h-households-start': { vi: () => 'Tổng số hộ đầu kỳ', en: () => 'households' },
  'alloc-h-households-end': { vi: () => 'Tổng số hộ cuối kỳ', en: () => 'households, end' },
  'alloc-h-start': { vi: () => 'Số hộ nghèo đầu kỳ', en: () => 'poor at the start' },
  'alloc-h-start-rate': { vi: () => 'Tỷ lệ hộ nghèo đầu kỳ (%)', en: () => 'start rate' },
  'alloc-h-cap': { vi: () => 'Hộ nghèo có khả năng thoát nghèo (tối đa)', en: () => 'able to leave poverty: cap' },
  'alloc-h-basis': { vi: () => 'Cơ sở phân bổ', en: () => 'basis' },
  'alloc-h-floor': { vi: () => 'Mức tối thiểu theo chính sách', en: () => 'policy floor' },
  'alloc-h-reduction': { vi: () => 'Chỉ tiêu giảm hộ nghèo', en: () => 'allocated reduction' },
  'alloc-h-end': { vi: () => 'Số hộ nghèo cuối kỳ', en: () => 'poor at the end' },
  'alloc-h-end-rate': { vi: () => 'Tỷ lệ hộ nghèo cuối kỳ (%)', en: () => 'end rate' },
  'alloc-total': { vi: () => 'Tổng cộng', en: () => 'Tổng cộng (total)' },
  'alloc-note-head': { vi: () => 'Ghi chú — cách tính:', en: () => 'Ghi chú — how this was computed:' },
  'alloc-basis-able': {
    vi: () => 'số hộ nghèo có khả năng thoát nghèo (cột của bảng gốc)',
    en: () => 'the poor households able to leave poverty (the source column)',
  },
  'alloc-basis-able-unable': { vi: () => 'số hộ nghèo trừ hộ không có khả năng lao động', en: () => 'the poor households minus those unable to work' },
  'alloc-basis-poor': { vi: () => 'tổng số hộ nghèo đầu kỳ', en: () => 'all poor households at the start' },
  'alloc-shares': {
    vi: (p) => `• Phân bổ ${p.reduction} hộ cho ${p.n} đơn vị theo tỷ lệ với ${p.basis}; phần lẻ theo phương pháp số dư lớn nhất, nên tổng đúng bằng chỉ tiêu.`,
    en: (p) => `• ${p.reduction} households are allocated to ${p.n} units in proportion to ${p.basis}; fractions by the largest remainder method, so the shares add up exactly to the target.`,
  },
  'alloc-bounds': {
    vi: () => '• Mỗi đơn vị không giảm quá số hộ nghèo có khả năng thoát nghèo (tối đa), và không ít hơn mức tối thiểu theo chính sách.',
    en: () => '• No unit reduces more than its poor households able to leave poverty (the cap), nor less than the policy floor.',
  },
  'alloc-rule': { vi: (p) => `• ${p.label}: ${p.units}.`, en: (p) => `• ${p.label}: ${p.units}.` },
  'alloc-rule-unit': { vi: (p) => `${p.name} ≥ ${p.floor}`, en: (p) => `${p.name} ≥ ${p.floor}` },
  'alloc-rule-none': { vi: () => 'không đơn vị nào thuộc diện này', en: () => 'no unit is concerned' },
  'alloc-no-floors': { vi: () => '• Không áp dụng mức tối thiểu theo chính sách.', en: () => '• No policy floors apply.' },
  'alloc-result-end': {
    vi: (p) => `• Với phân bổ này cuối kỳ còn ${p.end} hộ nghèo / ${p.base} hộ = ${p.rate} %, không phải ${p.target} hộ như chỉ tiêu.`,
    en: (p) => `• With this allocation ${p.end} poor households / ${p.base} = ${p.rate} % remain, not the target's ${p.target}.`,
  },
  'alloc-shortfall': {
    vi: (p) => `KHÔNG ĐẠT: tổng mức tối đa của các đơn vị chỉ là ${p.allocated} hộ, thiếu ${p.shortfall} hộ so với chỉ tiêu ${p.target}. Các đơn vị đã ở mức tối đa: ${p.units}.`,
    en: (p) => `INFEASIBLE: the units' caps add up to only ${p.allocated} households, ${p.shortfall} short of the target ${p.target}. Units at their cap: ${p.units}.`,
  },
  'alloc-excess': {
    vi: (p) => `KHÔNG ĐẠT: riêng mức tối thiểu theo chính sách đã là ${p.allocated} hộ, vượt chỉ tiêu ${p.target} là ${p.excess} hộ. Các đơn vị có mức tối thiểu: ${p.units}.`,
    en: (p) => `INFEASIBLE: the policy floors alone add up to ${p.allocated} households, ${p.excess} more than the target ${p.target}. Units with a floor: ${p.units}.`,
  },
  'alloc-conflicts': {
    vi: (p) => `KHÔNG ĐẠT: mức tối thiểu theo chính sách vượt số hộ có khả năng thoát nghèo ở: ${p.units}.`,
    en: (p) => `INFEASIBLE: the policy floor is above the households able to leave poverty in: ${p.units}.`,
  },
  'alloc-conflict-unit': { vi: (p) => `${p.name} (${p.floor} > ${p.cap})`, en: (p) => `${p.name} (${p.floor} > ${p.cap})` },
} satisfies Record<string, { vi: Fmt; en: Fmt }>;

export type MessageId = keyof typeof CATALOGUE;

export function formatParam(v: Param, lang: Lang): string {
  if (typeof v === 'string') return v;
  // Quantities in the reader's convention (vi 10.000, en 10,000); a row number is passed as a string.
  if (typeof v === 'number') return Number.isSafeInteger(v) ? format(dec(v), 0, lang) : String(v);
  if (Array.isArray(v)) return v.map((x) => formatParam(x, lang)).join(', ');
  if ('id' in v) return render(v, lang);
  return format(v.dec, v.p, lang);
}

export function render(msg: Msg, lang: Lang): string {
  const p: Record<string, string> = {};
  for (const [k, v] of Object.entries(msg.p)) p[k] = formatParam(v, lang);
  return CATALOGUE[msg.id][lang](p);
}

/** A short phrase from the catalogue, e.g. a subgroup name, in the reader's language. */
export function phrase(id: MessageId, lang: Lang, p: Record<string, Param> = {}): string {
  return render({ id, p }, lang);
}
