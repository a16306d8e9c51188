// The province appendix (appendix.ts, appendix-sheet.ts): its headers, title,
// total row and the notes on totals that cannot be computed. One section of
// the engine's catalogue (messages.ts merges it in). Years are passed as
// strings (a number would be grouped: 2.025); counts as numbers.
type Fmt = (p: Record<string, string>) => string;

export const APPENDIX_MESSAGES = {
  'appendix-name': { vi: () => 'Phụ lục', en: () => 'Appendix' },
  'appendix-title': { vi: (p) => `PHÂN ĐẦU CHỈ TIÊU GIẢM NGHÈO CỦA CÁC ĐỊA PHƯƠNG NĂM ${p.year}`, en: (p) => `POVERTY REDUCTION TARGETS BY UNIT, ${p.year}` },
  'appendix-col-no': { vi: () => 'STT', en: () => 'No.' },
  'appendix-col-unit': { vi: () => 'Đơn vị', en: () => 'Unit' },
  'appendix-col-households': { vi: (p) => `Tổng số hộ năm ${p.year}`, en: (p) => `Households ${p.year}` },
  'appendix-col-start': { vi: (p) => `Tổng số ${p.w} năm ${p.year}`, en: (p) => `Total ${p.w} ${p.year}` },
  'appendix-col-rate': { vi: (p) => `Tỷ lệ ${p.w} năm ${p.year} (%)`, en: (p) => `Rate of ${p.w} ${p.year} (%)` },
  'appendix-col-reduction': { vi: (p) => `Số ${p.w} giảm năm ${p.year}`, en: (p) => `Reduction of ${p.w} ${p.year}` },
  'appendix-col-end': { vi: (p) => `Tổng số ${p.w} còn lại năm ${p.year}`, en: (p) => `Remaining ${p.w} ${p.year}` },
  'appendix-total': { vi: () => 'Toàn tỉnh', en: () => 'Province total' },
  'appendix-names-more': { vi: (p) => `${p.shown} và ${p.n} đơn vị khác`, en: (p) => `${p.shown} and ${p.n} more` },
  'appendix-what-households': { vi: (p) => `tổng số hộ năm ${p.year}`, en: (p) => `households ${p.year}` },
  'appendix-what-start': { vi: (p) => `số ${p.w} năm ${p.year}`, en: (p) => `${p.w} ${p.year}` },
  'appendix-what-count': { vi: (p) => `số ${p.w}`, en: (p) => `${p.w}` },
  'appendix-what-reduction': { vi: (p) => `số ${p.w} giảm`, en: (p) => `reduction of ${p.w}` },
  'appendix-what-end': { vi: (p) => `số ${p.w} còn lại`, en: (p) => `remaining ${p.w}` },
  'appendix-total-missing': { vi: (p) => `Không tính được tổng: thiếu ${p.what} của ${p.names}.`, en: (p) => `Total not computable: ${p.what} missing for ${p.names}.` },
  'appendix-rate-no-households': {
    vi: () => 'Không tính được tỷ lệ chung: các nguồn không có cột tổng số hộ.',
    en: () => 'Overall rate not computable: the sources have no households column.',
  },
  'appendix-missing-for': { vi: (p) => `thiếu ${p.what} của ${p.names}`, en: (p) => `${p.what} missing for ${p.names}` },
  'appendix-rate-missing': {
    vi: (p) => `Không tính được tỷ lệ chung (tổng số ${p.w} / tổng số hộ): ${p.parts}.`,
    en: (p) => `Overall rate not computable (total ${p.w} / total households): ${p.parts}.`,
  },
  'appendix-chart-rate': { vi: (p) => `Tỷ lệ ${p.year}`, en: (p) => `Rate ${p.year}` },
  'appendix-chart-title': {
    vi: (p) => `Tỷ lệ hộ nghèo năm ${p.previous} và ${p.year} (%), xếp theo tỷ lệ năm ${p.year}`,
    en: (p) => `Poverty rate ${p.previous} and ${p.year} (%), sorted by the ${p.year} rate`,
  },
  // "Ghi chú" in both languages: the engine ends a table at that word, so the chart data is never read as more columns.
  'appendix-chart-note': { vi: (p) => `Ghi chú — số liệu của biểu đồ, xếp theo tỷ lệ năm ${p.year}:`, en: (p) => `Ghi chú — chart data, sorted by the ${p.year} rate:` },
  'appendix-chart-unit': { vi: () => 'Địa bàn', en: () => 'Unit' },
} satisfies Record<string, { vi: Fmt; en: Fmt }>;
