// The pane's one message catalogue: every string the UI shows, Vietnamese
// first, English second. Issue messages are not here: the engine renders
// them in the chosen language (src/core/messages.ts).
import type { Lang } from '../core/report';
import type { PaneErrorCode } from '../backend/contract';

export type { Lang };

interface Entry {
  vi: string;
  en: string;
  /** English singular when `{n}` is 1 (Vietnamese has no plural form). */
  enOne?: string;
}

const UI = {
  'app.title': { vi: 'PovCheck', en: 'PovCheck' },
  'app.tagline': { vi: 'Kiểm tra biểu phân bổ chỉ tiêu giảm nghèo', en: 'Checks poverty-reduction allocation sheets' },
  'lang.label': { vi: 'Ngôn ngữ', en: 'Language' },
  'lang.vi': { vi: 'Tiếng Việt', en: 'Tiếng Việt' },
  'lang.en': { vi: 'English', en: 'English' },

  'check.active': { vi: 'Kiểm tra', en: 'Check' },
  'check.activeHint': { vi: 'Kiểm tra trang tính đang mở', en: 'Check the active sheet' },
  'check.all': { vi: 'Kiểm tra tất cả', en: 'Check all' },
  'check.allHint': { vi: 'Kiểm tra mọi trang tính trong sổ làm việc', en: 'Check every sheet in the workbook' },
  'check.running': { vi: 'Đang kiểm tra…', en: 'Checking…' },
  'check.cancel': { vi: 'Huỷ', en: 'Cancel' },
  'check.cancelHint': { vi: 'Huỷ lần kiểm tra đang chạy', en: 'Cancel the running check' },

  'error.title': { vi: 'Không thực hiện được', en: 'Could not complete' },
  'error.generic': {
    vi: 'Đã xảy ra lỗi ngoài dự kiến. Hãy thử lại; nếu vẫn lỗi, hãy gửi chi tiết dưới đây cho người hỗ trợ.',
    en: 'Something unexpected went wrong. Try again; if it keeps happening, send the detail below to whoever supports you.',
  },
  'error.detail': { vi: 'Chi tiết: {detail}', en: 'Detail: {detail}' },
  'error.dismiss': { vi: 'Đóng thông báo', en: 'Dismiss' },

  'count.errors': { vi: '{n} lỗi', en: '{n} errors', enOne: '{n} error' },
  'count.warnings': { vi: '{n} cảnh báo', en: '{n} warnings', enOne: '{n} warning' },
  'count.notes': { vi: '{n} ghi chú', en: '{n} notes', enOne: '{n} note' },
  'count.cells': { vi: '{n} ô', en: '{n} cells', enOne: '{n} cell' },
  'count.rows': { vi: '{n} dòng', en: '{n} rows', enOne: '{n} row' },

  'summary.title': { vi: 'Kết quả', en: 'Result' },
  'summary.file': { vi: 'Tệp: {name}', en: 'File: {name}' },
  'summary.table': { vi: 'Trang “{sheet}”, vùng {range}', en: 'Sheet “{sheet}”, range {range}' },
  'summary.sheetNoTable': { vi: 'Trang “{sheet}”: không tìm thấy bảng', en: 'Sheet “{sheet}”: no table found' },
  'summary.noTable': {
    vi: 'Không tìm thấy bảng số liệu nào. PovCheck cần một dòng tiêu đề (ví dụ “Tổng số hộ”, “Hộ nghèo”, “Tỷ lệ %”) và các dòng số liệu bên dưới.',
    en: 'No table was found. PovCheck needs a header row (e.g. “Tổng số hộ”, “Hộ nghèo”, “Tỷ lệ %”) with rows of numbers below it.',
  },
  'summary.noSheets': {
    vi: 'Tệp không có trang tính nào để kiểm tra. Hãy mở tệp bằng Excel, kiểm tra rằng nó có trang chứa bảng số liệu, rồi lưu lại.',
    en: 'The workbook has no worksheet to check. Open it in Excel, make sure it has a sheet with the table, and save it again.',
  },
  'summary.clean': { vi: 'Không phát hiện lỗi hay cảnh báo nào.', en: 'No errors or warnings found.' },
  'summary.total': { vi: 'Tổng cộng', en: 'Total' },

  'tab.check': { vi: 'Kiểm tra', en: 'Check' },
  'tab.allocate': { vi: 'Phân bổ chỉ tiêu', en: 'Allocate targets' },
  'tab.appendix': { vi: 'Tạo phụ lục', en: 'Build appendix' },
  'tab.compare': { vi: 'So sánh năm trước', en: 'Last year' },

  'cmp.title': { vi: 'So sánh với năm trước', en: 'Compare with last year' },
  'cmp.hint': {
    vi: 'Số hộ nghèo, hộ cận nghèo đầu kỳ năm nay phải bằng số cuối kỳ năm trước của từng đơn vị. Chọn tệp năm trước; tệp không tải lên đâu cả.',
    en: 'Each unit’s poor and near-poor households at the start of this year must equal last year’s end. Choose last year’s file; nothing is uploaded.',
  },
  'cmp.previous': { vi: 'Tệp năm trước (.xlsx)', en: 'Last year’s file (.xlsx)' },
  'cmp.chosen': { vi: 'Đã chọn: {name}', en: 'Chosen: {name}' },
  'cmp.map': { vi: 'Bảng sáp nhập đơn vị (không bắt buộc)', en: 'Map of merged units (optional)' },
  'cmp.mapHint': {
    vi: 'Hai cột: đơn vị cũ → đơn vị mới (có thể cho cả tỉnh). Số đầu kỳ của đơn vị mới được so với tổng số cuối kỳ của các đơn vị cũ.',
    en: 'Two columns: former unit → new unit (a whole province is fine). A new unit’s start is compared with the sum of its former units’ ends.',
  },
  'cmp.mapChosen': { vi: '{name}: {n} đơn vị cũ', en: '{name}: {n} former units', enOne: '{name}: {n} former unit' },
  'cmp.mapClear': { vi: 'Bỏ bảng sáp nhập', en: 'Remove the map' },
  'cmp.mapEmpty': { vi: '{name} không có danh sách hai cột đơn vị cũ → đơn vị mới.', en: '{name} has no two-column list of former unit → new unit.' },
  'cmp.share': { vi: 'Ghi chú khi số hộ thay đổi quá (%)', en: 'Note households changing by more than (%)' },
  'cmp.badShare': { vi: 'Nhập phần trăm từ 0 đến 100.', en: 'Enter a percentage from 0 to 100.' },
  'cmp.run': { vi: 'So sánh', en: 'Compare' },
  'cmp.running': { vi: 'Đang so sánh…', en: 'Comparing…' },
  'cmp.thisWorkbook': { vi: 'sổ làm việc đang mở', en: 'the open workbook' },
  'cmp.compared': { vi: 'Số đơn vị đã so sánh: {list}.', en: 'Units compared: {list}.' },
  'cmp.nothing': {
    vi: 'Không có số nào để so sánh: cần số cuối kỳ ở tệp năm trước và số đầu kỳ ở năm nay.',
    en: 'Nothing to compare: last year’s file needs end counts and this year’s start counts.',
  },
  'cmp.clean': { vi: 'Số đầu kỳ khớp với số cuối kỳ năm trước.', en: 'Every start equals last year’s end.' },
  'cmp.elsewhere': { vi: 'Ở tệp năm trước và bảng sáp nhập', en: 'In last year’s file and the map' },
  'cmp.pop.poor': { vi: 'hộ nghèo', en: 'poor' },
  'cmp.pop.nearPoor': { vi: 'hộ cận nghèo', en: 'near-poor' },
  'tab.label': { vi: 'Chức năng', en: 'Tools' },

  'alloc.needCheck': {
    vi: 'Hãy bấm “Kiểm tra” (hoặc “Kiểm tra tất cả”) trước: bảng để phân bổ được chọn từ kết quả kiểm tra.',
    en: 'Run “Check” (or “Check all”) first: the table to allocate is picked from the check’s result.',
  },
  'alloc.noTable': { vi: 'Lần kiểm tra vừa rồi không tìm thấy bảng nào có các đơn vị.', en: 'The last check found no table with unit rows.' },
  'alloc.table': { vi: 'Bảng', en: 'Table' },
  'alloc.tableItem': { vi: '“{sheet}” {range}', en: '“{sheet}” {range}' },
  'alloc.targetKind': { vi: 'Chỉ tiêu', en: 'Target' },
  'alloc.byRate': { vi: 'Tỷ lệ hộ nghèo cuối kỳ (%)', en: 'End-of-period poverty rate (%)' },
  'alloc.byHouseholds': { vi: 'Số hộ nghèo giảm', en: 'Number of households to reduce' },
  'alloc.rateHint': { vi: 'Ví dụ 1,50', en: 'For example 1.50' },
  'alloc.householdsHint': { vi: 'Ví dụ 82', en: 'For example 82' },
  'alloc.basis': { vi: 'Phân bổ theo', en: 'Allocate in proportion to' },
  'alloc.basis.able': { vi: 'Hộ nghèo có khả năng thoát nghèo', en: 'Poor households able to leave poverty' },
  'alloc.basis.poor': { vi: 'Toàn bộ hộ nghèo', en: 'All poor households' },
  'alloc.newPoor': { vi: 'Dự kiến hộ nghèo phát sinh mới và tái nghèo', en: 'Expected newly poor and re-entering households' },
  'alloc.rules': { vi: 'Quy định về mức giảm tối thiểu', en: 'Minimum reduction rules' },
  'alloc.rules.none': { vi: 'Không áp dụng', en: 'None' },
  'alloc.rules.seed004': { vi: 'Theo kế hoạch của tỉnh (mẫu Thừa Thiên Huế):', en: 'The province plan’s rules (Thừa Thiên Huế form):' },
  'alloc.steps': { vi: 'Cách tính', en: 'The arithmetic' },
  'alloc.preview': { vi: 'Xem trước phân bổ', en: 'Allocation preview' },
  'alloc.previewCap': {
    vi: 'Đang hiện {shown} trong {total} đơn vị; tệp phân bổ có đủ mọi đơn vị.',
    en: 'Showing {shown} of {total} units; the allocation file holds every unit.',
  },
  'alloc.loading': { vi: 'Đang tìm các bảng có thể phân bổ…', en: 'Finding the tables that can be allocated…' },
  'alloc.computing': { vi: 'Đang tính phân bổ…', en: 'Working out the allocation…' },
  'alloc.col.unit': { vi: 'Đơn vị', en: 'Unit' },
  'alloc.col.poor': { vi: 'Hộ nghèo đầu kỳ', en: 'Poor at start' },
  'alloc.col.basis': { vi: 'Cơ sở phân bổ', en: 'Basis' },
  'alloc.col.floor': { vi: 'Tối thiểu', en: 'Minimum' },
  'alloc.col.reduction': { vi: 'Giảm', en: 'Reduction' },
  'alloc.col.end': { vi: 'Cuối kỳ', en: 'End' },
  'alloc.col.endRate': { vi: 'Tỷ lệ cuối kỳ (%)', en: 'End rate (%)' },
  'alloc.total': { vi: 'Cộng', en: 'Total' },
  'alloc.write': { vi: 'Ghi bảng phân bổ', en: 'Write allocation table' },
  'alloc.writeHint': {
    vi: 'Ghi bảng phân bổ (có công thức) vào trang mới ngay sau trang gốc; không ghi đè trang nào của bạn',
    en: 'Writes the allocation table (with formulas) to a new sheet after the source; never over a sheet of yours',
  },
  'alloc.download': { vi: 'Tải bảng phân bổ (.xlsx)', en: 'Download the allocation table (.xlsx)' },
  'alloc.written': { vi: 'Đã ghi bảng phân bổ vào trang “{name}”.', en: 'Wrote the allocation table to sheet “{name}”.' },
  'alloc.err.bad-target': {
    vi: 'Chỉ tiêu chưa hợp lệ: nhập tỷ lệ như 1,50 (dấu phẩy thập phân) hoặc một số hộ nguyên như 82.',
    en: 'The target is not valid: type a rate such as 1.50 or a whole number of households such as 82.',
  },
  'alloc.err.totals-too-large': {
    vi: 'Tổng số hộ của bảng quá lớn để tính chính xác; hãy kiểm tra các ô có số rất lớn.',
    en: 'The table’s household totals are too large to compute exactly; look for cells with huge numbers.',
  },
  'alloc.err.no-units': { vi: 'Bảng không có dòng đơn vị nào để phân bổ.', en: 'The table has no unit rows to allocate to.' },
  'alloc.err.bad-new-poor': { vi: 'Số hộ phát sinh mới phải là số nguyên không âm.', en: 'The expected new poor must be a whole number.' },
  'alloc.err.no-poor': { vi: 'Bảng không có cột hộ nghèo đầu kỳ nên không phân bổ được.', en: 'The table has no poor-households column, so nothing can be allocated.' },
  'alloc.err.no-households': { vi: 'Bảng không có cột tổng số hộ nên không tính được tỷ lệ.', en: 'The table has no households column, so no rate can be worked out.' },
  'alloc.err.no-able': {
    vi: 'Bảng không có cột hộ nghèo có khả năng thoát nghèo; hãy chọn phân bổ theo toàn bộ hộ nghèo.',
    en: 'The table has no column of poor households able to leave poverty; allocate by all poor households instead.',
  },
  'alloc.err.too-many': {
    vi: 'Không thể giảm {reduction} hộ: toàn bộ chỉ có {poor} hộ nghèo.',
    en: 'Cannot reduce by {reduction}: there are only {poor} poor households.',
  },
  'alloc.err.shortfall': {
    vi: 'Không đạt được chỉ tiêu: còn thiếu {by} hộ. Các đơn vị chỉ có tổng cộng {capacity} hộ có thể thoát nghèo; các đơn vị đã hết khả năng: {units}.',
    en: 'The target cannot be met: {by} households short. The units can lift out only {capacity} households in all; at their limit: {units}.',
  },
  'alloc.err.excess': {
    vi: 'Mức giảm tối thiểu theo quy định cộng lại vượt chỉ tiêu {by} hộ; các đơn vị quyết định: {units}.',
    en: 'The rules’ minimum reductions add up to {by} households more than the target; the units that decide it: {units}.',
  },
  'alloc.err.conflict': {
    vi: 'Mức giảm tối thiểu theo quy định lớn hơn số hộ có thể thoát nghèo ở: {units}.',
    en: 'The rules demand more than the households able to leave poverty in: {units}.',
  },
  'alloc.blocked': { vi: 'Bảng phân bổ chưa ghi được vì: {reason}', en: 'The allocation table cannot be written: {reason}' },

  'appx.sources': { vi: 'Nguồn số liệu', en: 'Sources' },
  'appx.load': { vi: 'Đọc các trang tính', en: 'Read the sheets' },
  'appx.loadHint': { vi: 'Đọc bảng của mọi trang trong sổ làm việc đang mở', en: 'Reads the tables of every sheet of the open workbook' },
  'appx.files': { vi: 'Chọn các tệp .xlsx (mỗi tệp một đơn vị)', en: 'Choose the .xlsx files (one per unit)' },
  'appx.filesHint': { vi: 'Có thể chọn nhiều tệp cùng lúc; tệp không tải lên đâu cả.', en: 'Pick several files at once; nothing is uploaded.' },
  'appx.sourceItem': { vi: '{name} ({range})', en: '{name} ({range})' },
  'appx.noSources': { vi: 'Chưa có bảng nào để tổng hợp.', en: 'No table to combine yet.' },
  'appx.unreadable': { vi: 'Không đọc được {name}: {reason}', en: 'Could not read {name}: {reason}' },
  'appx.mode': { vi: 'Mỗi nguồn là', en: 'Each source gives' },
  'appx.mode.total': { vi: 'Một đơn vị (dòng tổng của bảng, mang tên trang/tệp)', en: 'One unit (the table’s total row, named after the sheet/file)' },
  'appx.mode.units': { vi: 'Các dòng đơn vị của bảng (ghép theo tên)', en: 'Its unit rows (matched by name)' },
  'appx.year': { vi: 'Năm kế hoạch N', en: 'Plan year N' },
  'appx.totalAt': { vi: 'Dòng tổng', en: 'Total row' },
  'appx.totalAt.top': { vi: 'Ở trên (“Toàn tỉnh” trước)', en: 'At the top (total first)' },
  'appx.totalAt.bottom': { vi: 'Ở dưới', en: 'At the bottom' },
  'appx.nearMisses': { vi: 'Tên gần giống nhau', en: 'Names that nearly match' },
  'appx.nearMiss': { vi: '{a} / {b}: cùng một đơn vị?', en: '{a} / {b}: the same unit?' },
  'appx.nearMissWhy.diacritics': { vi: 'chỉ khác dấu', en: 'differ only in accents' },
  'appx.nearMissWhy.letter': { vi: 'khác một chữ', en: 'one letter apart' },
  'appx.nearMissConfirm': { vi: 'Đúng, ghép làm một', en: 'Yes, merge them' },
  'appx.conflicts': { vi: 'Số liệu không khớp giữa các nguồn', en: 'Figures that disagree between sources' },
  'appx.conflict': { vi: '{name}, {field}: {values} ({sources})', en: '{name}, {field}: {values} ({sources})' },
  'appx.computing': { vi: 'Đang lập phụ lục…', en: 'Building the appendix…' },
  'appx.preview': { vi: 'Xem trước phụ lục', en: 'Appendix preview' },
  'appx.write': { vi: 'Ghi phụ lục', en: 'Write appendix' },
  'appx.writeHint': {
    vi: 'Ghi phụ lục vào trang mới kèm biểu đồ tỷ lệ hộ nghèo trước và sau',
    en: 'Writes the appendix to a new sheet with a chart of the rates before and after',
  },
  'appx.download': { vi: 'Tải phụ lục (.xlsx)', en: 'Download the appendix (.xlsx)' },
  'appx.built': { vi: 'Đã tạo tệp phụ lục; bấm liên kết để tải về.', en: 'The appendix file is ready; use the link to save it.' },
  'appx.written': { vi: 'Đã ghi phụ lục vào trang “{name}” kèm biểu đồ.', en: 'Wrote the appendix to sheet “{name}” with a chart.' },
  'appx.blocked': { vi: 'Phụ lục có lỗi nên chưa ghi: {list}', en: 'The appendix has errors, so it is not written: {list}' },
  'appx.writtenNoChart': { vi: 'Đã ghi phụ lục vào trang “{name}” (không có tỷ lệ để vẽ biểu đồ).', en: 'Wrote the appendix to sheet “{name}” (no rates to chart).' },

  'tables.title': { vi: 'Bảng và vai trò các cột', en: 'Tables and column roles' },
  'tables.table': { vi: '“{sheet}” {range}', en: '“{sheet}” {range}' },
  'tables.hint': {
    vi: 'Nếu PovCheck hiểu sai một cột, hãy chọn lại vai trò; lựa chọn được lưu và bảng được kiểm tra lại.',
    en: 'If PovCheck misread a column, pick its role; the choice is saved and the table is checked again.',
  },
  'tables.column': { vi: 'Cột', en: 'Col.' },
  'tables.header': { vi: 'Tiêu đề', en: 'Header' },
  'tables.role': { vi: 'Vai trò', en: 'Role' },
  'tables.roleFor': { vi: 'Vai trò của cột {col}', en: 'Role of column {col}' },
  'tables.chosen': { vi: 'đã chọn tay', en: 'set by you' },
  'tables.unsure': { vi: 'Chưa chắc về cột này: hãy xem và chọn vai trò đúng.', en: 'Not sure of this column: please check its role.' },
  'tables.unsureOf': { vi: 'Chưa chắc: có thể là {roles}.', en: 'Not sure: could be {roles}.' },

  'issues.title': { vi: 'Các vấn đề', en: 'Issues' },
  'issues.more': { vi: 'Hiện thêm (còn {n} dòng)', en: 'Show more ({n} rows left)', enOne: 'Show more ({n} row left)' },
  'issues.notes': { vi: 'Ghi chú', en: 'Notes' },
  'issues.row': { vi: '“{sheet}” · dòng {row}', en: '“{sheet}” · row {row}' },
  'issues.stated': { vi: 'Số ghi', en: 'Stated' },
  'issues.expected': { vi: 'Tính lại', en: 'Expected' },
  'issues.hiddenRow': { vi: 'dòng đang ẩn', en: 'hidden row' },
  'issues.goto': { vi: 'Đi tới ô {cell}', en: 'Go to cell {cell}' },

  'severity.error': { vi: 'Lỗi', en: 'Error' },
  'severity.warning': { vi: 'Cảnh báo', en: 'Warning' },
  'severity.info': { vi: 'Ghi chú', en: 'Note' },

  'mark.run': { vi: 'Đánh dấu trên bảng', en: 'Mark on the sheet' },
  'mark.clear': { vi: 'Xoá đánh dấu', en: 'Clear marks' },
  'mark.done': { vi: 'Đã đánh dấu {cells}.', en: 'Marked {cells}.' },
  'mark.cleared': { vi: 'Đã xoá đánh dấu ở {cells}.', en: 'Removed marks from {cells}.' },

  'suggest.label': { vi: 'Đề xuất: {cell} = {value}', en: 'Suggestion: {cell} = {value}' },
  'suggest.confidence': { vi: 'Độ tin cậy: {level}', en: 'Confidence: {level}' },
  'suggest.level.high': { vi: 'chắc chắn', en: 'certain' },
  'suggest.level.medium': { vi: 'có thể', en: 'likely' },
  'suggest.level.low': { vi: 'một trong nhiều khả năng', en: 'one of several' },
  'suggest.apply': { vi: 'Áp dụng', en: 'Apply' },
  'suggest.applyHint': { vi: 'Ghi {value} vào ô {cell} (sẽ hỏi lại trước khi ghi)', en: 'Write {value} into cell {cell} (asks first)' },
  'suggest.alternatives': { vi: 'Có thể là một trong các ô: {list}', en: 'It may be any one of these cells: {list}' },
  'suggest.showAll': { vi: 'Hiện cả {n} ô', en: 'Show all {n} cells' },
  'suggest.tie': {
    vi: 'Các khả năng giải thích số liệu như nhau nên PovCheck không tự chọn; hãy đối chiếu với hồ sơ gốc.',
    en: 'These explain the numbers equally well, so PovCheck does not pick one; check against the source documents.',
  },

  'write.applySafe': { vi: 'Áp dụng các sửa chắc chắn ({n})', en: 'Apply certain fixes ({n})' },
  'write.applySafeHint': {
    vi: 'Chỉ áp dụng các đề xuất có độ tin cậy “chắc chắn”; sẽ hỏi lại trước khi ghi',
    en: 'Applies only the suggestions marked “certain”; asks first',
  },
  'write.undo': { vi: 'Hoàn tác', en: 'Undo' },
  'write.undoHint': { vi: 'Trả lại các ô của lần sửa gần nhất (theo nhật ký)', en: 'Puts back the cells of the latest change (from the log)' },
  'write.corrected': { vi: 'Ghi bảng đã sửa', en: 'Write corrected table' },
  'write.correctedHint': {
    vi: 'Ghi một bản sao đã sửa của bảng vào trang mới ngay sau trang gốc; bảng gốc giữ nguyên',
    en: 'Writes a corrected copy of the table to a new sheet after the original; the original is left as it is',
  },
  'write.report': { vi: 'Báo cáo kiểm tra', en: 'Check report' },
  'write.reportHint': { vi: 'Ghi danh sách các vấn đề vào trang báo cáo', en: 'Writes the list of issues to a report sheet' },
  'write.applied': { vi: 'Đã sửa {cells}. Bảng đã được kiểm tra lại.', en: 'Changed {cells}. The table was checked again.' },
  'write.undone': { vi: 'Đã hoàn tác {cells}. Bảng đã được kiểm tra lại.', en: 'Undid {cells}. The table was checked again.' },
  'write.undoSkipped': {
    vi: 'Để nguyên {list} vì ô đã bị sửa sau khi PovCheck ghi.',
    en: 'Left {list} as they are: changed after PovCheck wrote them.',
  },
  'write.nothingToUndo': { vi: 'Không có lần sửa nào để hoàn tác.', en: 'There is no change to undo.' },
  'write.correctedDone': { vi: 'Đã ghi bảng đã sửa vào trang: {names}.', en: 'Wrote the corrected table to: {names}.' },
  'write.correctedNone': { vi: 'Không có bảng nào để ghi.', en: 'There is no table to write.' },
  'write.reportDone': { vi: 'Đã ghi báo cáo vào trang “{name}”.', en: 'Wrote the report to sheet “{name}”.' },

  'confirm.title': { vi: 'Sửa trên bảng tính?', en: 'Change the workbook?' },
  'confirm.one': { vi: 'Sửa ô {cell} từ {old} thành {value}?', en: 'Change cell {cell} from {old} to {value}?' },
  'confirm.oneNoOld': { vi: 'Sửa ô {cell} thành {value}?', en: 'Change cell {cell} to {value}?' },
  'confirm.many': { vi: 'Sửa {cells} sau đây?', en: 'Change the following {cells}?' },
  'confirm.item': { vi: '{cell}: {old} → {value}', en: '{cell}: {old} → {value}' },
  'confirm.itemNoOld': { vi: '{cell} = {value}', en: '{cell} = {value}' },
  'confirm.logged': {
    vi: 'Mỗi thay đổi được ghi vào trang “{log}” và có thể hoàn tác bằng nút “Hoàn tác”.',
    en: 'Every change is recorded on the sheet “{log}” and can be undone with “Undo”.',
  },
  'confirm.ok': { vi: 'Áp dụng', en: 'Apply' },
  'confirm.cancel': { vi: 'Huỷ', en: 'Cancel' },

  'file.open': { vi: 'Mở tệp .xlsx', en: 'Open .xlsx file' },
  'file.inputLabel': { vi: 'Chọn tệp .xlsx', en: 'Choose an .xlsx file' },
  'file.drop': { vi: 'Hoặc kéo thả tệp .xlsx vào đây', en: 'Or drop an .xlsx file here' },
  'file.sample': { vi: 'Dùng tệp mẫu', en: 'Use the sample file' },
  'file.current': { vi: 'Tệp đang mở: {name}', en: 'Open file: {name}' },
  'file.none': { vi: 'Chưa mở tệp nào.', en: 'No file open yet.' },
  'file.opening': { vi: 'Đang mở tệp…', en: 'Opening the file…' },
  'file.openingName': { vi: 'Đang mở tệp: {name}', en: 'Opening: {name}' },
  'file.another': { vi: 'Mở tệp khác', en: 'Open another file' },
  'file.failed': { vi: 'Không mở được tệp: {name}', en: 'Could not open: {name}' },
  'file.previousHidden': {
    vi: 'Kết quả của tệp trước ({name}) đang được ẩn để không nhầm với tệp này.',
    en: 'The results of the previous file ({name}) are hidden so they are not taken for this one.',
  },
  'file.showPrevious': { vi: 'Xem lại kết quả tệp {name}', en: 'Show the results of {name} again' },
  'work.reading': { vi: 'Đang đọc trang “{sheet}”: {rows} dòng', en: 'Reading sheet “{sheet}”: {rows} rows' },
  'work.checking': { vi: 'Đang kiểm tra: {tables} bảng đã xong ({sheets}/{count} trang tính)', en: 'Checking: {tables} tables done ({sheets}/{count} sheets)' },
  'work.starting': { vi: 'Đang bắt đầu…', en: 'Starting…' },
  'work.cancelHint': { vi: 'Dừng việc đang chạy; kết quả trước vẫn giữ nguyên', en: 'Stop the running work; the previous results stay as they were' },
  'file.privacy': {
    vi: 'Tệp được kiểm tra ngay trên máy này, không tải lên đâu cả.',
    en: 'The file is checked on this computer and is uploaded nowhere.',
  },

  'preview.title': { vi: 'Xem trước', en: 'Preview' },
  'preview.sheet': { vi: 'Trang tính', en: 'Sheet' },
  'preview.label': { vi: 'Xem trước trang “{sheet}” (chỉ đọc)', en: 'Preview of sheet “{sheet}” (read-only)' },
  'preview.window': { vi: 'Đang hiện dòng {from}–{to} trong tổng số {total} dòng.', en: 'Showing rows {from}–{to} of {total}.' },
  'preview.columns': { vi: 'Chỉ hiện {shown} cột đầu trong {total} cột.', en: 'Showing the first {shown} of {total} columns.' },
  'preview.empty': { vi: 'Trang tính này trống.', en: 'This sheet is empty.' },

  // --- browser page: sheets, corrections, downloads -------------
  'page.sheets': { vi: 'Các trang tính', en: 'Sheets' },
  'page.sheet.name': { vi: 'Trang “{sheet}”', en: 'Sheet “{sheet}”' },
  'page.sheet.show': { vi: 'Xem lỗi và bảng của trang “{sheet}”', en: 'Show the issues and cells of sheet “{sheet}”' },
  'page.sheet.noTable': { vi: 'không có bảng số liệu', en: 'no table' },
  'page.sheet.noRows': { vi: 'bảng chưa có dòng số liệu, chưa kiểm tra được', en: 'the table has no data rows yet: nothing checked' },
  'page.sheet.clean': { vi: 'không có lỗi', en: 'no errors' },
  'page.sheetClean': { vi: 'Trang “{sheet}”: không phát hiện lỗi hay cảnh báo nào.', en: 'Sheet “{sheet}”: no errors or warnings found.' },
  'page.sheetNoRows': {
    vi: 'Trang “{sheet}”: bảng mới có dòng tiêu đề, chưa có dòng số liệu nên chưa kiểm tra được gì.',
    en: 'Sheet “{sheet}”: the table has only its header, no data rows, so nothing was checked.',
  },
  'tab.fix': { vi: 'Sửa lỗi', en: 'Corrections' },
  'fix.intro': {
    vi: 'Tạo các tệp mới từ “{name}”; tệp gốc giữ nguyên.',
    en: 'Makes new files from “{name}”; the original file is left as it is.',
  },
  'fix.planning': { vi: 'Đang lập danh sách các ô sẽ sửa…', en: 'Listing the cells to be corrected…' },
  'fix.needCheck': { vi: 'Hãy mở một tệp .xlsx trước: các sửa lấy từ kết quả kiểm tra.', en: 'Open an .xlsx file first: corrections come from the check.' },
  'fix.mode': { vi: 'Đề xuất sẽ áp dụng vào bảng đã sửa', en: 'Suggestions to apply in the corrected table' },
  'fix.mode.safe': { vi: 'Chỉ các sửa chắc chắn ({n})', en: 'Certain fixes only ({n})' },
  'fix.mode.all': { vi: 'Mọi đề xuất không tranh chấp ({n})', en: 'Every untied suggestion ({n})' },
  'fix.mode.none': { vi: 'Không áp dụng, chỉ tính lại công thức', en: 'None: only recompute formulas' },
  'fix.build': { vi: 'Tạo các tệp', en: 'Make the files' },
  'fix.buildHint': { vi: 'Hỏi lại danh sách các ô sẽ sửa trước khi tạo', en: 'Lists the cells to change and asks first' },
  'fix.building': { vi: 'Đang tạo các tệp…', en: 'Making the files…' },
  'fix.confirm.title': { vi: 'Sửa trong bản sao?', en: 'Change the copy?' },
  'fix.confirm.note': {
    vi: 'Các ô này được sửa trong bảng đã sửa (bản sao), tô màu và ghi chú giá trị cũ; tệp gốc không bị thay đổi.',
    en: 'These cells are changed in the corrected copy, filled and noted with their old value; the original file is not changed.',
  },
  'fix.ready': { vi: 'Đã tạo {n} tệp từ “{name}”. Bấm từng liên kết để tải về.', en: 'Made {n} files from “{name}”. Use each link to save it.' },
  'fix.corrected': { vi: 'Tệp đã sửa: bảng gốc và bảng đã sửa, kèm trang báo cáo', en: 'Corrected workbook: the original and corrected tables, with the report sheet' },
  'fix.report': { vi: 'Chỉ trang báo cáo kiểm tra', en: 'The check report sheet only' },
  'fix.marked': { vi: 'Bản đánh dấu: tô màu và ghi chú các ô có lỗi', en: 'Marked-up copy: flagged cells filled and noted' },
  'fix.applied': { vi: 'Đã sửa {cells} trong bảng đã sửa.', en: '{cells} changed in the corrected table.' },
  'fix.nothing': { vi: 'Không có đề xuất nào để áp dụng.', en: 'There is no suggestion to apply.' },
  'fix.stale': { vi: 'Kết quả kiểm tra đã thay đổi: hãy tạo lại các tệp.', en: 'The check result changed: make the files again.' },
  'file.downloadName': { vi: 'Tải về “{name}”', en: 'Download “{name}”' },
  'appx.build': { vi: 'Tạo tệp phụ lục (.xlsx)', en: 'Make the appendix file (.xlsx)' },
  'alloc.build': { vi: 'Tạo tệp bảng phân bổ (.xlsx)', en: 'Make the allocation file (.xlsx)' },
  'alloc.built': { vi: 'Đã tạo tệp bảng phân bổ; bấm liên kết để tải về.', en: 'The allocation file is ready; use the link to save it.' },
  'appx.choose': { vi: 'Chọn tệp…', en: 'Choose files…' },
  'appx.chosenNone': { vi: 'Chưa chọn tệp nào.', en: 'No file chosen.' },
  'appx.chosen': { vi: 'Đã chọn {n} tệp.', en: '{n} files chosen.', enOne: '{n} file chosen.' },
  'appx.notComputable': { vi: 'không tính được', en: 'not computable' },
  'appx.notComputableTitle': { vi: 'Ô để trống vì không tính được', en: 'Cells left blank: not computable' },
  'appx.cause': {
    vi: 'Dòng “{unit}” (nguồn {source}): {message}',
    en: 'Row “{unit}” (source {source}): {message}',
  },
  'appx.causeTotal': { vi: 'Dòng tổng: {message}', en: 'Total row: {message}' },
  'appx.whatToDo': {
    vi: 'Hãy sửa số liệu trong tệp nguồn đó rồi chọn lại tệp, hoặc bỏ chọn nguồn đó ở danh sách trên.',
    en: 'Correct the figures in that source file and choose it again, or untick that source in the list above.',
  },
  'appx.blockedTitle': { vi: 'Phụ lục có lỗi nên chưa tạo được:', en: 'The appendix has errors, so it cannot be made:' },

  // Role labels are composed from these parts (see roleLabel).
  'role.ordinal': { vi: 'Số thứ tự', en: 'Ordinal number' },
  'role.unit': { vi: 'Tên đơn vị (xã, thôn…)', en: 'Unit name (commune, hamlet…)' },
  'role.breakdown': { vi: 'Phân tổ (hộ / nhân khẩu)', en: 'Breakdown (households / persons)' },
  'role.households': { vi: 'Tổng số hộ', en: 'Total households' },
  'role.persons': { vi: 'Số nhân khẩu', en: 'Persons' },
  'role.unknown': { vi: 'Không xác định (bỏ qua cột)', en: 'Unknown (column ignored)' },
  'role.count': { vi: '{pop} {part}', en: '{pop}, {part}' },
  'role.rate': { vi: 'Tỷ lệ {pop} {part} (%)', en: 'Rate of {pop}, {part} (%)' },
  'role.rateOf': { vi: 'Tỷ lệ {of} (%)', en: 'Rate of {of} (%)' },
  'role.pop.poor': { vi: 'hộ nghèo', en: 'poor households' },
  'role.pop.nearPoor': { vi: 'hộ cận nghèo', en: 'near-poor households' },
  'role.part.start': { vi: 'đầu kỳ', en: 'start of period' },
  'role.part.end': { vi: 'cuối kỳ', en: 'end of period' },
  'role.part.decrease': { vi: 'giảm trong kỳ', en: 'planned reduction' },
  'role.part.exit': { vi: 'thoát ra trong kỳ', en: 'leaving the group' },
  'role.part.reentry': { vi: 'tái lại (quay lại)', en: 'falling back (re-entry)' },
  'role.part.new': { vi: 'phát sinh mới', en: 'newly added' },
  'role.part.increase': { vi: 'tăng trong kỳ', en: 'increase in period' },
  'role.part.decreaseOther': { vi: 'giảm do nguyên nhân khác', en: 'decrease for other reasons' },
  'role.part.increaseOther': { vi: 'tăng do nguyên nhân khác', en: 'increase for other reasons' },
  'role.part.unable': { vi: 'không có khả năng lao động', en: 'unable to work' },
  'role.part.able': { vi: 'có khả năng lao động', en: 'able to work' },
  'role.part.ethnic': { vi: 'dân tộc thiểu số', en: 'ethnic minority' },
  'role.part.merit': { vi: 'gia đình người có công', en: "war veterans' families" },
  'role.part.protection': { vi: 'bảo trợ xã hội', en: 'social protection' },
  'role.pop.middle': { vi: 'hộ có mức sống trung bình', en: 'middle-income households' },
  'role.pop.poorAndNearPoor': { vi: 'hộ nghèo và cận nghèo', en: 'poor and near-poor households' },
  'role.pop.poorPersons': { vi: 'khẩu nghèo', en: 'persons in poor households' },
  'role.pop.nearPoorPersons': { vi: 'khẩu cận nghèo', en: 'persons in near-poor households' },
  'role.pop.households': { vi: 'tổng số hộ', en: 'all households' },
  'role.part.kinh': { vi: 'dân tộc Kinh', en: 'Kinh' },
  'role.part.ethnicLocal': { vi: 'dân tộc tại chỗ', en: 'local ethnic group' },
  'role.part.femaleHead': { vi: 'chủ hộ là nữ', en: 'female-headed' },
  'role.part.otherGroup': { vi: 'nhóm khác', en: 'other group' },
  'role.part.fromNearPoor': { vi: 'từ hộ cận nghèo chuyển sang', en: 'coming from near-poor' },
  'role.part.toNearPoor': { vi: 'chuyển sang hộ cận nghèo', en: 'moving to near-poor' },
  'role.part.fromPoor': { vi: 'từ hộ nghèo chuyển sang', en: 'coming from poor' },
  'role.part.toPoor': { vi: 'chuyển sang hộ nghèo', en: 'moving to poor' },
} satisfies Record<string, Entry>;

/** One plain-words explanation per PaneErrorCode; the Record type makes a missing code a compile error. */
const ERRORS: Record<PaneErrorCode, Entry> = {
  protected: {
    vi: 'Trang tính đang được bảo vệ nên PovCheck không ghi được. Hãy bỏ bảo vệ (Xem lại › Bỏ bảo vệ trang tính) rồi thử lại.',
    en: 'The sheet is protected, so PovCheck cannot write to it. Unprotect it (Review › Unprotect Sheet) and try again.',
  },
  'empty-sheet': {
    vi: 'Trang tính đang mở không có dữ liệu. Hãy chọn trang có bảng phân bổ rồi kiểm tra lại.',
    en: 'The active sheet has no data. Go to the sheet with the allocation table and check again.',
  },
  unsupported: {
    vi: 'Phiên bản Excel này chưa có chức năng PovCheck cần. Hãy cập nhật Excel hoặc dùng Excel trên web.',
    en: 'This version of Excel lacks a feature PovCheck needs. Update Excel or use Excel on the web.',
  },
  'no-file': {
    vi: 'Chưa có tệp nào để kiểm tra. Hãy mở một tệp .xlsx hoặc dùng tệp mẫu.',
    en: 'There is no file to check yet. Open an .xlsx file or use the sample file.',
  },
  'read-failed': {
    vi: 'Không đọc được dữ liệu của bảng tính. Hãy thử lại.',
    en: 'The workbook could not be read. Please try again.',
  },
  'write-failed': {
    vi: 'Không ghi được vào bảng tính. Hãy kiểm tra xem tệp có đang bị khoá hay chỉ đọc, rồi thử lại.',
    en: 'PovCheck could not write to the workbook. Check that it is not locked or read-only, then try again.',
  },
  stale: {
    vi: 'Ô cần sửa đã thay đổi kể từ lần kiểm tra, nên PovCheck không ghi gì. Hãy bấm “Kiểm tra” lại rồi áp dụng.',
    en: 'The cell to fix has changed since the check, so PovCheck wrote nothing. Run “Check” again, then apply.',
  },
  cancelled: {
    vi: 'Đã huỷ lần kiểm tra.',
    en: 'The check was cancelled.',
  },
  xls: {
    vi: 'Đây là tệp Excel đời cũ (.xls). Hãy mở bằng Excel và lưu lại dạng .xlsx (Tệp › Lưu thành › Sổ làm việc Excel), rồi mở lại.',
    en: 'This is an old Excel file (.xls). Open it in Excel, save it as .xlsx (File › Save As › Excel Workbook), then open that file.',
  },
  encrypted: {
    vi: 'Tệp được đặt mật khẩu. Hãy bỏ mật khẩu trong Excel, lưu lại rồi mở lại.',
    en: 'The file is password-protected. Remove the password in Excel, save it, then open it again.',
  },
  'not-xlsx': {
    vi: 'Tệp này không phải bảng tính Excel (.xlsx).',
    en: 'This file is not an Excel workbook (.xlsx).',
  },
  corrupt: {
    vi: 'Tệp bị hỏng hoặc không đầy đủ nên không đọc được. Hãy lấy lại bản gốc hoặc lưu lại từ Excel.',
    en: 'The file is damaged or incomplete and cannot be read. Get the original again or re-save it from Excel.',
  },
  'too-large': {
    vi: 'Tệp quá lớn (hoặc nén bất thường) để kiểm tra ở đây.',
    en: 'The file is too large (or unusually compressed) to check here.',
  },
};

export type UiKey = keyof typeof UI;
export type MessageKey = UiKey | `error.${PaneErrorCode}`;

const CATALOGUE: Record<string, Entry> = { ...UI };
for (const [code, entry] of Object.entries(ERRORS)) CATALOGUE[`error.${code}`] = entry;

export const PANE_ERROR_CODES = Object.keys(ERRORS) as PaneErrorCode[];

export type Params = Record<string, string | number>;

/** The catalogue text for `key` in `lang`, with `{name}` placeholders filled. Unknown keys come back as the key. */
export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  const entry = CATALOGUE[key];
  if (!entry) return key;
  const template = lang === 'en' ? (params.n === 1 && entry.enOne ? entry.enOne : entry.en) : entry.vi;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(v, lang) : v;
  });
}

export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, key);
}

/** Every key with both languages, for tests and tooling. */
export function catalogueKeys(): string[] {
  return Object.keys(CATALOGUE);
}

function capitalise(s: string): string {
  return s ? s[0].toLocaleUpperCase('vi') + s.slice(1) : s;
}

/**
 * Label of a role code, composed from catalogue parts: `poor.start` →
 * "Hộ nghèo đầu kỳ", `nearPoor.end.rate` → "Tỷ lệ hộ cận nghèo cuối kỳ (%)".
 * Codes not built from known parts (a future engine's) fall back to the code itself.
 */
export function roleLabel(lang: Lang, code: string): string {
  const whole = `role.${code}`;
  if (!code.includes('.') && hasKey(whole)) return t(lang, whole);
  const parts = code.split('.');
  // `poor.persons.start`: persons of a population read as a population of its own.
  if (parts[1] === 'persons') parts.splice(0, 2, `${parts[0]}Persons`);
  const isRate = parts[parts.length - 1] === 'rate';
  const [pop, part] = isRate ? parts.slice(0, -1) : parts;
  const popKey = `role.pop.${pop}`;
  const partKey = `role.part.${part}`;
  if (isRate && parts.length === 2 && hasKey(`role.${pop}`)) {
    // e.g. `households.rate`: a rate of a whole-column measure
    return t(lang, 'role.rateOf', { of: t(lang, `role.${pop}` as MessageKey).toLocaleLowerCase('vi') });
  }
  if (!hasKey(popKey) || !part || !hasKey(partKey) || parts.length > (isRate ? 3 : 2)) return code;
  const p = { pop: t(lang, popKey), part: t(lang, partKey) };
  return capitalise(t(lang, isRate ? 'role.rate' : 'role.count', p));
}

/**
 * Numbers in the reader's convention: vi `1.234,5`, en `1,234.5`. Shown with
 * the digits they have (up to 10 decimals, float noise trimmed) unless
 * `decimals` fixes them, as a number format such as `0.00` does.
 */
export function formatNumber(n: number, lang: Lang, decimals?: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e21) return String(n);
  let s = decimals !== undefined ? abs.toFixed(Math.max(0, Math.min(20, decimals))) : abs.toFixed(10).replace(/\.?0+$/, '');
  const [int, frac] = s.split('.');
  const group = lang === 'vi' ? '.' : ',';
  const point = lang === 'vi' ? ',' : '.';
  s = int.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (frac ? point + frac : '');
  const negative = n < 0 && /[1-9]/.test(s);
  return negative ? `-${s}` : s;
}

/** A stated/expected value as the pane shows it: numbers formatted, strings as given. */
export function formatValue(v: number | string | null | undefined, lang: Lang, decimals?: number): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? formatNumber(v, lang, decimals) : v;
}
