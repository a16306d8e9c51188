import { sheet } from './test/helpers';
import { checkWorkbook } from './src/core/engine';
const H = ['TT', 'Đơn vị', 'Tổng số hộ', 'Số hộ nghèo', 'Tỷ lệ hộ nghèo (%)'];
const u = (o: string, n: string, hh: number, p: number) => [o, n, hh, p, Math.round((p / hh) * 10000) / 100];
const cases: Record<string, unknown[][]> = {
  headings: [H, ['I', 'Huyện A', null, null, null], u('1', 'Xã A1', 1000, 50), u('2', 'Xã A2', 800, 40), ['II', 'Huyện B', null, null, null], u('1', 'Xã B1', 600, 30), u('', 'Tổng cộng', 2400, 120)],
  totalTop: [H, u('', 'Toàn huyện', 2400, 120), u('1', 'Xã A1', 1000, 50), u('2', 'Xã A2', 800, 40), u('3', 'Xã B1', 600, 30)],
  subtotalsTop: [H, u('', 'Toàn tỉnh', 2400, 120), u('I', 'Huyện A', 1800, 90), u('1', 'Xã A1', 1000, 50), u('2', 'Xã A2', 800, 40), u('II', 'Huyện B', 600, 30), u('1', 'Xã B1', 600, 30)],
  subtotalsBottom: [H, u('1', 'Xã A1', 1000, 50), u('2', 'Xã A2', 800, 40), u('', 'Cộng huyện A', 1800, 90), u('1', 'Xã B1', 600, 30), u('', 'Cộng huyện B', 600, 30), u('', 'Tổng cộng', 2400, 120)],
  offset: [[], [], [null, null, 'BIỂU TỔNG HỢP'], [null, null, ...H], [null, null, ...u('1', 'Xã A1', 1000, 50)], [null, null, ...u('2', 'Xã A2', 800, 40)], [null, null, ...u('', 'Tổng', 1800, 90)]],
  unitsOnlyNoOrdinal: [['Xã', 'Tổng số hộ', 'Hộ nghèo', 'Tỷ lệ (%)'], ['A1', 1000, 50, 5], ['A2', 800, 40, 5], ['Cộng', 1800, 90, 5]],
  dashOrdinal: [H, u('-', 'Xã A1', 1000, 50), u('-', 'Xã A2', 800, 40), u('', 'Tổng', 1800, 90)],
  khuVuc: [H, u('', 'Toàn tỉnh', 2400, 120), u('', 'Thành thị', 1000, 50), u('', 'Nông thôn', 1400, 70), u('I', 'Huyện A', 1800, 90), u('II', 'Huyện B', 600, 30)],
};
for (const [name, rows] of Object.entries(cases)) {
  const r = checkWorkbook({ sheets: [sheet('S', rows)] });
  console.log(name, r.sheets[0].tables.map((t) => t.range + ' ' + t.columns.map((c) => c.role).join(',')).join(' | '));
  for (const i of r.issues.filter((i) => i.severity !== 'info')) console.log('   ', i.severity, i.rule, i.cell, i.message.slice(0, 150));
}
