import { findTables } from '../../src/core/tables';
import { check, pairs, ratePct, sheet } from '../helpers';

type Node = { ord: string | number | null; name: string; hh?: number; poor?: number; kids?: Node[] };

/** Rows for a tree of units; groups and the total are sums of their children. */
function rowsOf(nodes: Node[], out: unknown[][] = []): { hh: number; poor: number } {
  let hh = 0;
  let poor = 0;
  for (const n of nodes) {
    const at = out.length;
    out.push([]);
    let v = { hh: n.hh ?? 0, poor: n.poor ?? 0 };
    if (n.kids) v = rowsOf(n.kids, out);
    out[at] = [n.ord, n.name, v.hh, v.poor, ratePct(v.poor, v.hh)];
    hh += v.hh;
    poor += v.poor;
  }
  return { hh, poor };
}

const HEAD = ['STT', 'Đơn vị', 'Tổng số hộ', 'Hộ nghèo', 'Tỷ lệ hộ nghèo (%)'];

function table(tree: Node[], totalFirst = true, totalName = 'Toàn huyện'): unknown[][] {
  const body: unknown[][] = [];
  const t = rowsOf(tree, body);
  const total = [null, totalName, t.hh, t.poor, ratePct(t.poor, t.hh)];
  return totalFirst ? [HEAD, total, ...body] : [HEAD, ...body, total];
}

const U = (ord: string | number | null, name: string, hh: number, poor: number): Node => ({ ord, name, hh, poor });

const urbanRural: Node[] = [
  { ord: 'I', name: 'Thành thị', kids: [U(1, 'Thị trấn Phú Lộc', 3120, 41), U(2, 'Thị trấn Lăng Cô', 2950, 22)] },
  { ord: 'II', name: 'Nông thôn', kids: [U(1, 'Xã Lộc Sơn', 2010, 95), U(2, 'Xã Lộc Bổn', 2400, 60), U(3, 'Xã Vinh Hưng', 2890, 51)] },
];

function members(values: unknown[][]) {
  const t = findTables(sheet('x', values))[0];
  return t.rows.map((r) => `${r.kind}:${r.label}${r.members.length ? '[' + r.members.map((i) => t.rows[i].label).join(',') + ']' : ''}`);
}

describe('totals, groups and members', () => {
  test('roman-numbered groups with arabic members; total first sums the groups', () => {
    expect(members(table(urbanRural))).toEqual([
      'total:Toàn huyện[Thành thị,Nông thôn]',
      'group:Thành thị[Thị trấn Phú Lộc,Thị trấn Lăng Cô]',
      'unit:Thị trấn Phú Lộc',
      'unit:Thị trấn Lăng Cô',
      'group:Nông thôn[Xã Lộc Sơn,Xã Lộc Bổn,Xã Vinh Hưng]',
      'unit:Xã Lộc Sơn',
      'unit:Xã Lộc Bổn',
      'unit:Xã Vinh Hưng',
    ]);
    expect(check(sheet('x', table(urbanRural))).issues).toEqual([]);
  });
  test('a wrong group cell is reported at the group, not at the total', () => {
    const v = table(urbanRural);
    v[2][2] = 6170; // Thành thị households 6070 → 6170
    expect(pairs(check(sheet('x', v)).issues)).toEqual(['C3 sum-mismatch']);
  });
  test('urban/rural groups without ordinals, members with unit-type prefixes', () => {
    const tree = urbanRural.map((g) => ({ ...g, ord: null, kids: g.kids!.map((k) => ({ ...k })) }));
    expect(members(table(tree, false, 'Tổng cộng'))[0]).toBe('group:Thành thị[Thị trấn Phú Lộc,Thị trấn Lăng Cô]');
    expect(members(table(tree, false, 'Tổng cộng'))[7]).toBe('total:Tổng cộng[Thành thị,Nông thôn]');
    expect(check(sheet('x', table(tree, false, 'Tổng cộng'))).issues).toEqual([]);
  });
  test('hierarchical ordinals 1, 1.1, 1.2', () => {
    const tree: Node[] = [
      { ord: 1, name: 'Xã A', kids: [U('1.1', 'Thôn 1', 120, 3), U('1.2', 'Thôn 2', 140, 5)] },
      { ord: 2, name: 'Xã B', kids: [U('2.1', 'Thôn 3', 90, 1)] },
    ];
    expect(members(table(tree, false))).toEqual([
      'group:Xã A[Thôn 1,Thôn 2]',
      'unit:Thôn 1',
      'unit:Thôn 2',
      'group:Xã B[Thôn 3]',
      'unit:Thôn 3',
      'total:Toàn huyện[Xã A,Xã B]',
    ]);
  });
  test('unit-type prefixes alone: a district row groups its communes', () => {
    const tree: Node[] = [
      { ord: 1, name: 'Huyện A Lưới', kids: [U(2, 'Xã Hồng Vân', 900, 200), U(3, 'Xã Trung Sơn', 800, 150)] },
      { ord: 4, name: 'Huyện Nam Đông', kids: [U(5, 'Xã Hương Phú', 1000, 30)] },
    ];
    expect(members(table(tree))[0]).toBe('total:Toàn huyện[Huyện A Lưới,Huyện Nam Đông]');
    expect(members(table(tree))[1]).toBe('group:Huyện A Lưới[Xã Hồng Vân,Xã Trung Sơn]');
  });
  test('names without a prefix next to one with a prefix do not make groups (seed 001: "TT CAM LỘ")', () => {
    const tree = [U(1, 'CAM TUYỀN', 1411, 140), U(2, 'TT CAM LỘ', 2153, 54), U(3, 'CAM THANH', 853, 41)];
    expect(members(table(tree, false, 'TỔNG CỘNG'))).toEqual(['unit:CAM TUYỀN', 'unit:TT CAM LỘ', 'unit:CAM THANH', 'total:TỔNG CỘNG[CAM TUYỀN,TT CAM LỘ,CAM THANH]']);
  });
  test('subtotal rows in the middle close their group; the grand total sums the subtotals', () => {
    const v: unknown[][] = [
      HEAD,
      [1, 'Thôn 1', 100, 2, 2],
      [2, 'Thôn 2', 100, 4, 4],
      [null, 'Cộng khu A', 200, 6, 3],
      [3, 'Thôn 3', 50, 1, 2],
      [null, 'Cộng khu B', 50, 1, 2],
      [null, 'Tổng cộng', 250, 7, 2.8],
    ];
    expect(members(v)).toEqual(['unit:Thôn 1', 'unit:Thôn 2', 'total:Cộng khu A[Thôn 1,Thôn 2]', 'unit:Thôn 3', 'total:Cộng khu B[Thôn 3]', 'total:Tổng cộng[Cộng khu A,Cộng khu B]']);
    expect(check(sheet('x', v)).issues).toEqual([]);
  });
  test('a unit over two rows (Hộ / Nhân khẩu) is checked as two parallel series', () => {
    const v: unknown[][] = [
      ['TT', 'Đơn vị', 'Phân tổ', 'Tổng số', 'Hộ nghèo', 'Tỷ lệ (%)'],
      [1, 'Xã A', 'Hộ', 1000, 20, 2],
      [null, null, 'Nhân khẩu', 4000, 90, 2.25],
      [2, 'Xã B', 'Hộ', 500, 15, 3],
      [null, null, 'Nhân khẩu', 1800, 70, 3.89],
      [null, 'Tổng cộng', 'Hộ', 1500, 35, 2.33],
      [null, null, 'Nhân khẩu', 5800, 160, 2.76],
    ];
    const r = check(sheet('x', v, ['A2:A3', 'B2:B3', 'A4:A5', 'B4:B5', 'B6:B7']));
    expect(r.issues).toEqual([]);
    v[6][3] = 5900;
    expect(pairs(check(sheet('x', v)).issues)).toEqual(['D7 sum-mismatch']);
  });
});

describe('finding tables', () => {
  test('title blocks are skipped and several tables on one sheet are found', () => {
    const v: unknown[][] = [
      ['ỦY BAN NHÂN DÂN XÃ THỊNH ĐỨC', null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
      [null, null, null, 'Độc lập - Tự do - Hạnh phúc'],
      ['BIỂU PHÂN BỐ CHỈ TIÊU GIẢM HỘ NGHÈO NĂM 2022'],
      [],
      ...table([U(1, 'Thôn 1', 100, 2), U(2, 'Thôn 2', 200, 3)], false, 'Cộng'),
      [],
      ['Ghi chú: số liệu sau rà soát'],
      [],
      ['BIỂU PHÂN BỐ CHỈ TIÊU GIẢM HỘ CẬN NGHÈO NĂM 2022'],
      ['TT', 'Tên xóm', 'Tổng số hộ dân', 'Hộ cận nghèo', 'Tỷ lệ %'],
      [1, 'Thôn 1', 100, 4, 4],
      [2, 'Thôn 2', 200, 1, 0.5],
      ['Cộng', null, 300, 5, 1.67],
    ];
    const r = check(sheet('x', v));
    expect(r.sheets[0].tables.map((t) => t.range)).toEqual(['A5:E8', 'A13:E16']);
    expect(r.sheets[0].tables[1].columns.map((c) => c.role)).toEqual(['ordinal', 'unit', 'households', 'nearPoor.start', 'nearPoor.start.rate']);
    expect(r.issues).toEqual([]);
  });
  test('an unmerged group header typed once over its children (pasted from Word) still groups them', () => {
    const v: unknown[][] = [
      ['TT', 'Đơn vị', 'Tổng số hộ', 'Hộ nghèo', null, 'Hộ cận nghèo', null],
      [null, null, null, 'Số hộ', 'Tỷ lệ (%)', 'Số hộ', 'Tỷ lệ (%)'],
      [1, 'Thôn 1', 100, 2, 2, 4, 4],
    ];
    const r = check(sheet('x', v));
    expect(r.sheets[0].tables[0].columns.map((c) => `${c.role}=${c.header}`)).toEqual([
      'ordinal=TT',
      'unit=Đơn vị',
      'households=Tổng số hộ',
      'poor.start=Hộ nghèo / Số hộ',
      'poor.start.rate=Hộ nghèo / Tỷ lệ (%)',
      'nearPoor.start=Hộ cận nghèo / Số hộ',
      'nearPoor.start.rate=Hộ cận nghèo / Tỷ lệ (%)',
    ]);
  });
  test('hidden or merged cells across data rows do not break reading', () => {
    const v = table(urbanRural);
    const s = sheet('x', v, ['A3:A5']);
    s.hiddenRows = [3];
    expect(() => check(s)).not.toThrow();
  });
});

describe('tables that are not one row per unit', () => {
  test('indicators as rows and years as columns are flagged, and raise no error', () => {
    const v: unknown[][] = [
      ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Năm 2021', 'Năm 2022', 'Năm 2023'],
      [1, 'Tổng số hộ', 'Hộ', 1200, 1230, 1250],
      [2, 'Số hộ nghèo', 'Hộ', 60, 48, 41],
      [3, 'Tỷ lệ hộ nghèo', '%', 5, 3.9, 3.28],
      [4, 'Tổng cộng', 'Hộ', 1, 2, 3],
    ];
    const t = findTables(sheet('x', v))[0];
    expect(t.layout?.kind).toBe('indicator-rows');
    expect(t.layout?.reason).toMatch(/indicators/);
    const r = check(sheet('x', v));
    expect(r.sheets[0].tables[0].layout?.kind).toBe('indicator-rows');
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  test('a table of units with year columns of households is not flagged', () => {
    const v: unknown[][] = [
      ['TT', 'Đơn vị', 'Tổng số hộ năm 2023', 'Hộ nghèo năm 2023', 'Hộ nghèo năm 2024'],
      [1, 'Xã A', 100, 5, 4],
    ];
    expect(findTables(sheet('x', v))[0].layout).toBeUndefined();
  });
});
