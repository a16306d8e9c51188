// Properties of the write-back (issue 6): fixing then checking leaves no
// error, and writing PovCheck's sheets twice gives the same workbook as once.
import fc from 'fast-check';
import { checkWorkbook } from '../src/core/engine';
import { correctedSheetPlans, reportPlan } from '../src/core/correct';
import { planToSheet } from '../src/core/plan';
import type { Sheet } from '../src/core/grid';
import { XlsxWriter, readXlsxBuffer } from '../src/hosts/xlsx';
import { communeSheet, randomUnits, prng } from './helpers';

const DATE = new Date(Date.UTC(2026, 10, 21, 8, 0, 0));

/** A consistent commune table of 2–12 hamlets with one typing error of the kinds officers make. */
const brokenTable = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    n: fc.integer({ min: 2, max: 12 }),
    rowPick: fc.nat(),
    // Typed values that keep every bound: households up, end / totals off, rates off.
    kind: fc.constantFrom('households-up', 'end', 'end-rate', 'total-households', 'total-poor', 'near-rate'),
    delta: fc.integer({ min: 1, max: 40 }),
  })
  .map(({ seed, n, rowPick, kind, delta }) => {
    const units = randomUnits(n, prng(seed));
    const s = communeSheet(units);
    const totalRow = 3 + n;
    const unitRowAt = 3 + (rowPick % n);
    const edit = (row: number, col: number, f: (v: number) => number) => {
      const cell = s.rows[row][col]!;
      const v = (cell.value as { value: number }).value;
      s.rows[row][col] = { ...cell, value: { kind: 'number', value: f(v) } };
    };
    switch (kind) {
      case 'households-up':
        edit(unitRowAt, 2, (v) => v + 100 * (1 + (delta % 3)));
        break;
      case 'end':
        edit(unitRowAt, 6, (v) => v + delta);
        break;
      case 'end-rate':
        edit(unitRowAt, 7, (v) => Math.round((v + 0.01 * delta) * 100) / 100);
        break;
      case 'total-households':
        edit(totalRow, 2, (v) => v + delta);
        break;
      case 'total-poor':
        edit(totalRow, 3, (v) => v + delta);
        break;
      case 'near-rate':
        edit(unitRowAt, 9, (v) => Math.round((v + 0.01 * delta) * 100) / 100);
        break;
    }
    return s;
  });

const errors = (sheets: Sheet[]) => checkWorkbook({ sheets }).issues.filter((i) => i.severity === 'error');

test('fix then check: the corrected table has no error', () => {
  let broken = 0;
  fc.assert(
    fc.property(brokenTable, (s) => {
      const report = checkWorkbook({ sheets: [s] });
      // Some typing errors are only warnings (a rate off by one in the last decimal reads as truncation).
      if (report.issues.some((i) => i.severity === 'error')) broken++;
      const plans = correctedSheetPlans(s, report.issues, { lang: 'vi', apply: 'all', date: DATE });
      expect(plans).toHaveLength(1);
      expect(errors(plans.map(planToSheet))).toEqual([]);
    }),
    { numRuns: 150 },
  );
  // Not vacuous: most generated tables really were broken.
  expect(broken).toBeGreaterThan(100);
});

async function workbookOf(s: Sheet): Promise<Buffer> {
  const w = XlsxWriter.empty();
  const ws = w.workbook.addWorksheet(s.name);
  s.rows.forEach((row, r) =>
    row.forEach((c, col) => {
      if (!c || c.value.kind === 'empty') return;
      const cell = ws.getCell(r + 1, col + 1);
      cell.value = c.value.kind === 'number' || c.value.kind === 'text' ? c.value.value : null;
      if (c.numFmt) cell.numFmt = c.numFmt;
    }),
  );
  return w.toBuffer();
}

/** Reads what a reader of the file sees: every sheet's name and cells (value, formula, format). */
async function seen(buf: Buffer) {
  const wb = await readXlsxBuffer(buf);
  return wb.sheets.map((s) => ({ name: s.name, rows: JSON.stringify(s.rows), merges: s.merges }));
}

async function fixOnce(buf: Buffer): Promise<Buffer> {
  const grid = await readXlsxBuffer(buf);
  const source = grid.sheets[0];
  const report = checkWorkbook({ sheets: [source] }, { file: 'x.xlsx' });
  const w = await XlsxWriter.load(buf);
  for (const plan of correctedSheetPlans(source, report.issues, { lang: 'vi', apply: 'safe', date: DATE })) await w.writeSheet(plan);
  await w.writeSheet(reportPlan(report, 'vi', { date: DATE }));
  return w.toBuffer();
}

test('write-back twice gives the same workbook as once, and the source sheet is untouched', async () => {
  await fc.assert(
    fc.asyncProperty(brokenTable, async (s) => {
      const input = await workbookOf(s);
      const once = await fixOnce(input);
      const twice = await fixOnce(once);
      const [a, b, src] = await Promise.all([seen(once), seen(twice), seen(input)]);
      expect(b).toEqual(a);
      expect(a[0]).toEqual(src[0]);
      expect(a.map((x) => x.name).length).toBe(3);
    }),
    { numRuns: 25 },
  );
}, 120_000);
