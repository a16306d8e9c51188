import { type SheetPlan, fitRowHeights, wrappedLines } from '../../src/core/plan';
import { appendixPlan, type UnitFigures } from '../../src/core/appendix';

describe('wrapped text and row heights', () => {
  test('lines are counted word by word at the column width, a long word broken', () => {
    expect(wrappedLines('Tỷ lệ', 13)).toBe(1);
    // 12 characters fit in a 13-character column: "Tổng số hộ" | "nghèo còn" | "lại năm 2025".
    expect(wrappedLines('Tổng số hộ nghèo còn lại năm 2025', 13)).toBe(3);
    expect(wrappedLines('a'.repeat(25), 13)).toBe(3);
    expect(wrappedLines('một\nhai', 30)).toBe(2);
  });

  const plan = (cells: SheetPlan['cells'], extra: Partial<SheetPlan> = {}): SheetPlan => ({ name: 'x', purpose: 'report', cells, merges: [], widths: [13, 13, 13], ...extra });

  test('a row gets the height of its tallest wrapped cell; unwrapped and one-line rows keep the default', () => {
    const p = fitRowHeights(
      plan([
        { row: 0, col: 0, value: 'Tổng số hộ nghèo còn lại năm 2025', wrap: true },
        { row: 0, col: 1, value: 'Tỷ lệ hộ nghèo năm 2024 (%) theo chuẩn mới', wrap: true },
        { row: 1, col: 0, value: 'Ngắn', wrap: true },
        { row: 2, col: 0, value: 'Tổng số hộ nghèo còn lại năm 2025' },
      ]),
    );
    // "Tỷ lệ hộ" | "nghèo năm" | "2024 (%)" | "theo chuẩn" | "mới": five lines beat the first cell's three.
    expect(p.heights).toEqual([5 * 15]);
  });

  test('a cell merged across columns wraps at the merged width; one merged down rows is left alone', () => {
    const text = 'Tổng số hộ nghèo còn lại năm 2025';
    const across = fitRowHeights(plan([{ row: 0, col: 0, value: text, wrap: true }], { merges: [{ top: 0, left: 0, bottom: 0, right: 2 }] }));
    expect(across.heights).toBeUndefined(); // 39 characters wide: one line
    const down = fitRowHeights(plan([{ row: 0, col: 0, value: text, wrap: true }], { merges: [{ top: 0, left: 0, bottom: 1, right: 0 }] }));
    expect(down.heights).toBeUndefined();
  });

  test('a height the planner set is kept', () => {
    const p = fitRowHeights(plan([{ row: 0, col: 0, value: 'Tổng số hộ nghèo còn lại năm 2025', wrap: true }], { heights: [20] }));
    expect(p.heights).toEqual([20]);
  });

  test("the appendix's header row is tall enough for its longest header", () => {
    const units: UnitFigures[] = [
      { name: 'Huyện A', source: 'a.xlsx', households: 1000, poor: { start: 50, reduction: 10 }, nearPoor: { start: 40, reduction: 5 } },
    ];
    const p = appendixPlan(units, { lang: 'vi', year: 2024, totalAt: 'top' });
    const header = p.cells.filter((c) => c.row === 3);
    const most = Math.max(...header.map((c) => wrappedLines(String(c.value), p.widths![c.col])));
    expect(most).toBeGreaterThanOrEqual(3);
    expect(p.heights![3]).toBe(most * 15);
    expect(p.heights!.filter((h) => h !== undefined)).toHaveLength(1);
  });
});
