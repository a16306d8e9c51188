// The year-over-year messages (compare.ts) and counts repeated across tables (cross-table.ts), Vietnamese first, English second:
// one section of the engine's catalogue (messages.ts merges it in).
type Fmt = (p: Record<string, string>) => string;

export const COMPARE_MESSAGES = {
  // The two populations by name, in compare's and the appendix's sentences and headers.
  'population-poor': { vi: () => 'hộ nghèo', en: () => 'poor households' },
  'population-nearPoor': { vi: () => 'hộ cận nghèo', en: () => 'near-poor households' },
  'compare-carry': {
    vi: (p) =>
      `${p.cell} (${p.unit}) bắt đầu năm với ${p.stated} ${p.what} nhưng năm trước kết thúc với ${p.expected} (${p.file} › ${p.where}); chênh ${p.diff}. Số đầu kỳ phải bằng số cuối kỳ năm trước: hãy đối chiếu quyết định công nhận kết quả rà soát.`,
    en: (p) =>
      `${p.cell} (${p.unit}) starts the year with ${p.stated} ${p.what} but last year ended with ${p.expected} (${p.file} › ${p.where}); ${p.diff} apart. The start must equal last year's end: check the approved review results.`,
  },
  'compare-carry-formers': {
    vi: (p) => `${p.cell} (${p.unit}) bắt đầu năm với ${p.stated} ${p.what} nhưng ${p.n} đơn vị cũ kết thúc năm trước với tổng ${p.expected}: ${p.list} (${p.file}); chênh ${p.diff}.`,
    en: (p) => `${p.cell} (${p.unit}) starts the year with ${p.stated} ${p.what} but its ${p.n} former units ended last year with ${p.expected} in all: ${p.list} (${p.file}); ${p.diff} apart.`,
  },
  'compare-households-change': {
    vi: (p) => `${p.cell} (${p.unit}): ${p.stated} hộ, năm trước ${p.from}; thay đổi ${p.change} %, hơn ${p.share} %. Hãy xem lại nếu không có lý do.`,
    en: (p) => `${p.cell} (${p.unit}): ${p.stated} households, last year ${p.from}; a change of ${p.change} %, more than ${p.share} %. Worth a look unless there is a reason.`,
  },
  'compare-why-diacritics': { vi: () => 'dấu', en: () => 'accents' },
  'compare-why-letter': { vi: () => 'một chữ', en: () => 'one letter' },
  'compare-near-miss': {
    vi: (p) => `"${p.current}" năm nay và "${p.previous}" năm trước (${p.file} › ${p.where}) chỉ khác ${p.why}: chưa so sánh. Nếu là cùng một đơn vị, hãy sửa tên cho giống nhau rồi so sánh lại.`,
    en: (p) => `"${p.current}" this year and "${p.previous}" last year (${p.file} › ${p.where}) differ only in ${p.why}: not compared. If they are the same unit, make the names the same and compare again.`,
  },
  'compare-near-miss-map': {
    vi: (p) => `"${p.name}" và "${p.mapName}" trong bảng sáp nhập chỉ khác ${p.why}: chưa ghép. Hãy sửa tên cho giống nhau.`,
    en: (p) => `"${p.name}" and "${p.mapName}" in the map differ only in ${p.why}: not matched. Make the names the same.`,
  },
  'compare-duplicate-previous': {
    vi: (p) => `"${p.name}" có nhiều dòng cùng tên trong ${p.file}: không biết dòng nào ứng với năm nay, nên không so sánh.`,
    en: (p) => `"${p.name}" is on more than one row in ${p.file}: which one is the other year's unit is unknown, so it is not compared.`,
  },
  'compare-duplicate-current': {
    vi: (p) => `"${p.name}" có nhiều dòng cùng tên trong ${p.file}: không biết dòng nào ứng với năm trước, nên không so sánh.`,
    en: (p) => `"${p.name}" is on more than one row in ${p.file}: which one is the other year's unit is unknown, so it is not compared.`,
  },
  'compare-map-new-missing': {
    vi: (p) => `Đơn vị mới "${p.name}" (gồm ${p.partners}) không có trong ${p.file}: chưa so sánh.`,
    en: (p) => `New unit "${p.name}" (from ${p.partners}) is not in ${p.file}: not compared.`,
  },
  'compare-map-former-missing': {
    vi: (p) => `Đơn vị cũ "${p.name}" không có trong ${p.file}: chưa so sánh được "${p.partner}" (thiếu số của một đơn vị cũ).`,
    en: (p) => `Former unit "${p.name}" is not in ${p.file}: "${p.partner}" is not compared (a former unit's figures are missing).`,
  },
  'compare-previous-not-in-map': {
    vi: (p) => `"${p.name}" có trong ${p.file} nhưng không có trong bảng sáp nhập.`,
    en: (p) => `"${p.name}" is in ${p.file} but not in the map.`,
  },
  'compare-previous-only': {
    vi: (p) => `"${p.name}" có trong tệp năm trước (${p.previous}) nhưng không có trong ${p.current}.`,
    en: (p) => `"${p.name}" is in last year's file (${p.previous}) but not in ${p.current}.`,
  },
  'compare-new-without-former': {
    vi: (p) => `Đơn vị mới "${p.name}" không có đơn vị cũ nào trong bảng sáp nhập: chưa so sánh.`,
    en: (p) => `New unit "${p.name}" has no former unit in the map: not compared.`,
  },
  'compare-current-only': {
    vi: (p) => `"${p.name}" có trong ${p.current} nhưng không có trong tệp năm trước (${p.previous}).`,
    en: (p) => `"${p.name}" is in ${p.current} but not in last year's file (${p.previous}).`,
  },
  'compare-nothing': {
    vi: () => 'Không có số nào để so sánh: cần số cuối kỳ (hoặc còn lại) ở tệp năm trước và số đầu kỳ (sau rà soát) ở tệp năm nay.',
    en: () => "Nothing to compare: last year's file needs end-of-period counts and this year's start-of-period counts.",
  },
  'compare-map-twice': {
    vi: (p) => `Đơn vị cũ "${p.former}" có hai lần trong bảng sáp nhập (${p.firstAt} → ${p.first}, ${p.at} → ${p.current}): không so sánh ${p.first}${p.second ? ` và ${p.second}` : ''}.`,
    en: (p) => `Former unit "${p.former}" is in the map twice (${p.firstAt} → ${p.first}, ${p.at} → ${p.current}): ${p.first}${p.second ? ` and ${p.second} are` : ' is'} not compared.`,
  },
  'cross-table': {
    vi: (p) =>
      `${p.cell} (${p.unit}) ghi ${p.stated} nhưng cùng đơn vị ở bảng khác (${p.other}, ${p.otherUnit}) ghi ${p.otherValue}; ${p.agree}/${p.compared} đơn vị còn lại của hai bảng khớp nhau. Hãy xác nhận số đúng và sửa ô còn lại.`,
    en: (p) =>
      `${p.cell} (${p.unit}) says ${p.stated} but the same unit in another table (${p.other}, ${p.otherUnit}) says ${p.otherValue}; ${p.agree} of the ${p.compared} units the two tables share agree. Confirm which is right and correct the other.`,
  },
} satisfies Record<string, { vi: Fmt; en: Fmt }>;
