// The pane's catalogue: complete in both languages, role labels for every
// pickable code, one explanation per PaneErrorCode, reader-convention numbers.
import { ROLE_CODES } from '../../src/core/roles';
import { PANE_ERROR_CODES, catalogueKeys, formatNumber, formatValue, hasKey, roleLabel, t } from '../../src/ui/i18n';

const VIETNAMESE_LETTERS = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

describe('catalogue', () => {
  test('every key has non-empty vi and en text', () => {
    for (const key of catalogueKeys()) {
      expect(hasKey(key)).toBe(true);
      expect(t('vi', key as never).length).toBeGreaterThan(0);
      expect(t('en', key as never).length).toBeGreaterThan(0);
    }
  });

  test('every PaneErrorCode has its own error.<code> text in both languages, Vietnamese with diacritics', () => {
    const expected = ['protected', 'empty-sheet', 'unsupported', 'no-file', 'read-failed', 'write-failed', 'stale', 'cancelled', 'xls', 'encrypted', 'not-xlsx', 'corrupt', 'too-large'];
    expect([...PANE_ERROR_CODES].sort()).toEqual([...expected].sort());
    const vi = new Set<string>();
    for (const code of expected) {
      const key = `error.${code}`;
      expect(hasKey(key)).toBe(true);
      const text = t('vi', key as never);
      expect(text).not.toBe(key);
      expect(text).toMatch(VIETNAMESE_LETTERS);
      expect(t('en', key as never)).not.toBe(text);
      vi.add(text);
    }
    expect(vi.size).toBe(expected.length);
    expect(t('vi', 'error.protected')).toContain('bảo vệ');
  });

  test('the fixed UI words of the brief', () => {
    expect(t('vi', 'check.active')).toBe('Kiểm tra');
    expect(t('vi', 'check.all')).toBe('Kiểm tra tất cả');
    expect(t('vi', 'check.cancel')).toBe('Huỷ');
    expect(t('vi', 'mark.run')).toBe('Đánh dấu trên bảng');
    expect(t('vi', 'mark.clear')).toBe('Xoá đánh dấu');
    expect(t('vi', 'file.open')).toBe('Mở tệp .xlsx');
    expect(t('vi', 'file.sample')).toBe('Dùng tệp mẫu');
    expect(t('vi', 'file.privacy')).toBe('Tệp được kiểm tra ngay trên máy này, không tải lên đâu cả.');
  });

  test('placeholders are filled, numbers formatted, English plurals follow n', () => {
    expect(t('vi', 'count.errors', { n: 1234 })).toBe('1.234 lỗi');
    expect(t('en', 'count.errors', { n: 1234 })).toBe('1,234 errors');
    expect(t('en', 'count.errors', { n: 1 })).toBe('1 error');
    expect(t('en', 'count.warnings', { n: 0 })).toBe('0 warnings');
    expect(t('vi', 'summary.table', { sheet: 'Phân bổ', range: 'A4:H18' })).toBe('Trang “Phân bổ”, vùng A4:H18');
    // A missing parameter stays visible instead of turning into "undefined".
    expect(t('vi', 'file.current')).toBe('Tệp đang mở: {name}');
  });
});

describe('role labels', () => {
  test('every ROLE_CODE has a composed label in both languages, all distinct', () => {
    for (const lang of ['vi', 'en'] as const) {
      const labels = ROLE_CODES.map((code) => roleLabel(lang, code));
      labels.forEach((label, i) => {
        expect(label).not.toBe(ROLE_CODES[i]);
        expect(label).not.toMatch(/\{|\}|role\./);
      });
      expect(new Set(labels).size).toBe(ROLE_CODES.length);
    }
  });

  test('labels read naturally', () => {
    expect(roleLabel('vi', 'households')).toBe('Tổng số hộ');
    expect(roleLabel('vi', 'poor.start')).toBe('Hộ nghèo đầu kỳ');
    expect(roleLabel('vi', 'nearPoor.end.rate')).toBe('Tỷ lệ hộ cận nghèo cuối kỳ (%)');
    expect(roleLabel('vi', 'poor.unable')).toBe('Hộ nghèo không có khả năng lao động');
    expect(roleLabel('en', 'poor.start')).toBe('Poor households, start of period');
    expect(roleLabel('en', 'nearPoor.end.rate')).toBe('Rate of near-poor households, end of period (%)');
  });

  test('codes outside the picker list still get a label when built from known parts, else the code', () => {
    expect(roleLabel('vi', 'poor.unable.rate')).toBe('Tỷ lệ hộ nghèo không có khả năng lao động (%)');
    expect(roleLabel('vi', 'poor.someday')).toBe('poor.someday');
    expect(roleLabel('en', 'weird')).toBe('weird');
  });
});

describe('numbers', () => {
  test('vi uses . for thousands and , for decimals; en the other way round', () => {
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(1234567, 'vi')).toBe('1.234.567');
    expect(formatNumber(-0.25, 'vi')).toBe('-0,25');
    expect(formatNumber(0.1 + 0.2, 'en')).toBe('0.3');
    expect(formatNumber(7, 'vi', 2)).toBe('7,00');
    expect(formatNumber(33.333333, 'en', 2)).toBe('33.33');
    expect(formatNumber(-0.001, 'vi', 2)).toBe('0,00');
  });

  test('stated/expected values: numbers formatted, strings as given, null absent', () => {
    expect(formatValue(2211, 'vi')).toBe('2.211');
    expect(formatValue('10=2-8', 'vi')).toBe('10=2-8');
    expect(formatValue(null, 'en')).toBeNull();
  });
});

describe('write-back words', () => {
  test('the buttons and questions of the brief, in Vietnamese and English', () => {
    expect(t('vi', 'suggest.label', { cell: 'C18', value: '2.111' })).toBe('Đề xuất: C18 = 2.111');
    expect(t('vi', 'suggest.apply')).toBe('Áp dụng');
    expect(t('vi', 'suggest.alternatives', { list: 'C10 = 5; C12 = 7' })).toBe('Có thể là một trong các ô: C10 = 5; C12 = 7');
    expect(t('vi', 'write.applySafe', { n: 3 })).toBe('Áp dụng các sửa chắc chắn (3)');
    expect(t('vi', 'write.undo')).toBe('Hoàn tác');
    expect(t('vi', 'write.corrected')).toBe('Ghi bảng đã sửa');
    expect(t('vi', 'write.report')).toBe('Báo cáo kiểm tra');
    expect(t('vi', 'confirm.one', { cell: 'C18', old: '2.211', value: '2.111' })).toBe('Sửa ô C18 từ 2.211 thành 2.111?');
    expect(t('en', 'confirm.one', { cell: 'C18', old: '2,211', value: '2,111' })).toBe('Change cell C18 from 2,211 to 2,111?');
    for (const level of ['high', 'medium', 'low'] as const) expect(t('vi', `suggest.level.${level}`)).not.toBe(t('en', `suggest.level.${level}`));
  });
});
