import { recognise, linkRoles } from '../../src/core/roles';
import { fold } from '../../src/core/text';

const code = (path: string[]) => linkRoles([recognise(path)], ['']).map((r) => r.code)[0];

describe('column roles from Vietnamese headers', () => {
  test.each([
    [['TT'], 'ordinal'],
    [['STT'], 'ordinal'],
    [['Số TT'], 'ordinal'],
    [['Đơn vị'], 'unit'],
    [['Tên xóm'], 'unit'],
    [['Tên thôn, bản'], 'unit'],
    [['Xã, phường'], 'unit'],
    [['Phân tổ'], 'breakdown'],
    [['Tổng số hộ năm 2022'], 'households'],
    [['Hộ nghèo 2019', 'Dân số (hộ)'], 'households'],
    [['Tổng số hộ dân 2022'], 'households'],
    [['Tổng số nhân khẩu'], 'persons'],
    [['Hộ nghèo sau rà soát năm 2021'], 'poor.start'],
    [['Tổng số hộ nghèo năm 2023'], 'poor.start'],
    [['Hộ nghèo cuối năm 2019', 'Hộ nghèo'], 'poor.end'],
    [['Tổng số hộ nghèo còn lại năm 2024 (Phân đầu)'], 'poor.end'],
    [['Giảm hộ nghèo năm 2022', 'Kế hoạch giảm năm 2022'], 'poor.decrease'],
    [['Giảm hộ cận nghèo năm 2022', 'Kế hoạch giảm năm 2022'], 'nearPoor.decrease'],
    [['Chỉ tiêu GN 2019', 'Hộ giảm'], 'poor.decrease'],
    [['Số hộ thoát nghèo'], 'poor.exit'],
    [['Hộ tái nghèo'], 'poor.reentry'],
    [['Hộ nghèo phát sinh mới'], 'poor.new'],
    [['Tăng', 'Khác'], 'poor.increaseOther'],
    [['Giảm hộ nghèo', 'Khác'], 'poor.decreaseOther'],
    [['Hộ nghèo không còn khả năng lao động'], 'poor.unable'],
    [['Tổng HN cứng', 'HN cứng'], 'poor.unable'],
    [['Tổng HN CSGN', 'Hộ CS GN'], 'poor.able'],
    [['Hộ nghèo có khả năng thoát nghèo'], 'poor.able'],
    [['Hộ nghèo DTTS'], 'poor.ethnic'],
    [['Hộ nghèo dân tộc thiểu số'], 'poor.ethnic'],
    [['Hộ nghèo là người có công'], 'poor.merit'],
    [['Hộ nghèo thuộc diện bảo trợ xã hội'], 'poor.protection'],
    [['Hộ cận nghèo'], 'nearPoor.start'],
    [['hộ cận nghèo cuối kỳ năm 2022'], 'nearPoor.end'],
    [['Ghi chú'], 'unknown'],
  ])('%j → %s', (path, expected) => {
    expect(code(path)).toBe(expected);
  });

  test('case, diacritics, NFC/NFD, line breaks and spaces do not matter', () => {
    const variants = ['Hộ nghèo cuối kỳ', 'HỘ NGHÈO CUỐI KỲ', 'Hộ nghèo\ncuối   kỳ', 'Ho ngheo cuoi ky', 'Hộ nghèo cuối kỳ'.normalize('NFD')];
    for (const v of variants) expect(code([v])).toBe('poor.end');
    expect(fold('Hộ nghèo'.normalize('NFD'))).toBe(fold('Hộ nghèo'.normalize('NFC')));
  });

  test('a child header inherits its group: two "Tỷ lệ (%)" columns are different rates', () => {
    const paths = [
      ['Tổng số hộ'],
      ['Hộ nghèo', 'Số hộ'],
      ['Hộ nghèo', 'Tỷ lệ (%)'],
      ['Hộ cận nghèo', 'Số hộ'],
      ['Hộ cận nghèo', 'Tỷ lệ (%)'],
    ];
    const roles = linkRoles(
      paths.map((p) => recognise(p)),
      paths.map((p) => (p.length > 1 ? p[0] : '')),
    );
    expect(roles.map((r) => r.code)).toEqual(['households', 'poor.start', 'poor.start.rate', 'nearPoor.start', 'nearPoor.start.rate']);
  });

  test('two unqualified stocks of different years: the later one is the end', () => {
    const paths = [['Hộ nghèo năm 2023'], ['Hộ nghèo năm 2024']];
    expect(linkRoles(paths.map((p) => recognise(p)), ['', '']).map((r) => r.code)).toEqual(['poor.start', 'poor.end']);
  });

  test('a rate names its count when its header says which', () => {
    const paths = [['Tổng số hộ'], ['Hộ nghèo'], ['Hộ cận nghèo'], ['Tỷ lệ hộ nghèo (%)'], ['Tỷ lệ hộ cận nghèo (%)']];
    expect(linkRoles(paths.map((p) => recognise(p)), ['', '', '', '', '']).map((r) => r.code)).toEqual([
      'households', 'poor.start', 'nearPoor.start', 'poor.start.rate', 'nearPoor.start.rate',
    ]);
  });
});

describe('header paths read whole, with confidence', () => {
  const table = (paths: string[][]) =>
    linkRoles(
      paths.map((p) => recognise(p)),
      paths.map((p) => (p.length > 1 ? p[p.length - 2] : '')),
    );

  test('direction words make a transfer, and say so in decidedBy', () => {
    const [r] = table([['Số hộ nghèo tăng', 'Từ hộ cận nghèo rơi xuống nghèo']]);
    expect(r.code).toBe('poor.fromNearPoor');
    expect(r.flow).toBe('increase');
    expect(r.transfer).toEqual({ from: 'nearPoor', to: 'poor' });
    expect(r.decidedBy?.join(' ')).toMatch(/roi xuong ngheo/);
  });

  test('a transfer with no group and no table is unknown with both readings as candidates', () => {
    const [r] = table([['Số hộ cận nghèo trở thành hộ nghèo']]);
    expect(r.code).toBe('unknown');
    expect(r.candidates?.sort()).toEqual(['nearPoor.toPoor', 'poor.fromNearPoor']);
  });

  test('the same transfer in a table of the near-poor only is theirs, less surely', () => {
    const roles = table([['Hộ cận nghèo đầu kỳ'], ['Số hộ cận nghèo trở thành hộ nghèo'], ['Hộ cận nghèo cuối kỳ']]);
    expect(roles.map((r) => r.code)).toEqual(['nearPoor.start', 'nearPoor.toPoor', 'nearPoor.end']);
    expect(roles[1].confidence).toBeLessThan(roles[0].confidence!);
  });

  test('a unit suffix is a measure: "Chỉ tiêu giảm (hộ)" is a planned decrease, not households', () => {
    const roles = table([['Tổng số hộ'], ['Hộ nghèo'], ['Chỉ tiêu giảm (hộ)']]);
    expect(roles.map((r) => r.code)).toEqual(['households', 'poor.start', 'poor.decrease']);
    expect(roles[2].planned).toBe(true);
  });

  test('a rate before its count links right, and names its base', () => {
    const roles = table([['Tổng số khẩu'], ['Tỷ lệ khẩu nghèo (%)'], ['Số khẩu nghèo']]);
    expect(roles.map((r) => r.code)).toEqual(['persons', 'poor.persons.start.rate', 'poor.persons.start']);
    expect(roles[1].countCol).toBe(2);
    expect(roles[1].baseCol).toBe(0);
  });

  test('"Khác" is decided by its neighbours: residual group, ethnic group or flow', () => {
    expect(table([['Hộ nghèo', 'Tổng số'], ['Hộ nghèo', 'Hộ DTTS'], ['Hộ nghèo', 'Khác']]).map((r) => r.code)).toEqual([
      'poor.start', 'poor.ethnic', 'poor.otherGroup',
    ]);
    expect(table([['Hộ nghèo', 'Tổng số'], ['Hộ nghèo', 'Tày'], ['Hộ nghèo', 'Nùng'], ['Hộ nghèo', 'Khác']]).map((r) => r.code)).toEqual([
      'poor.start', 'poor.ethnic.tay', 'poor.ethnic.nung', 'poor.ethnic.other',
    ]);
    expect(table([['Hộ nghèo đầu kỳ'], ['Thoát nghèo'], ['Khác'], ['Hộ nghèo cuối kỳ']]).map((r) => r.code)).toEqual([
      'poor.start', 'poor.exit', 'poor.decreaseOther', 'poor.end',
    ]);
  });

  test('a lone ethnic name that neighbours do not confirm is not an ethnic group', () => {
    expect(table([['Hộ nghèo'], ['Cộng']]).map((r) => r.code)).not.toContain('poor.ethnic.cong');
  });
});
