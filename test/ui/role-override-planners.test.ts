// A column role changed in the pane (saved through the backend's override path,
// then checked again) reaches every planner: the tables offered for allocation,
// the appendix's unit figures and the corrected table's formulas follow it.
import { readFileSync } from 'fs';
import { join } from 'path';
import { checkedTables } from '../../src/core/engine';
import { correctedSheetPlans } from '../../src/core/correct';
import { BrowserBackend, type RoleStorage } from '../../src/ui/browser-backend';
import { allocatableTables, sourceTableOf } from '../../src/ui/allocation-model';
import { sourcesOf, unitLists } from '../../src/ui/appendix-model';
import type { CheckResult } from '../../src/backend/contract';

class MemoryStorage implements RoleStorage {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

const SHEET = 'Phân bổ 2022';

async function pane() {
  const backend = new BrowserBackend({ storage: new MemoryStorage() });
  await backend.openFile(new Uint8Array(readFileSync(join(__dirname, '..', '..', 'samples', '003-thinh-duc.xlsx'))), '003-thinh-duc.xlsx');
  return backend;
}

/** What each planner sees of the first table (poor households in D, end = D − F in G). */
async function planners(backend: BrowserBackend, checked: CheckResult) {
  const roles = await backend.loadRoleOverrides();
  // The page keeps only the preview's rows: the planners here get every row, as the page's worker has them.
  const result: CheckResult = { ...checked, workbook: await backend.fullWorkbook() };
  const sheet = result.workbook.sheets.find((s) => s.name === SHEET)!;
  const allocatable = allocatableTables(result, roles).map((t) => t.range);
  // What the page offers comes from the worker, on the tables its last check found.
  expect((await backend.allocationChoices()).map((c) => c.range)).toEqual(allocatable);
  const first = allocatableTables(result, roles)[0];
  const units = unitLists(sourcesOf(result.workbook, undefined, roles), 'units')[0];
  const plan = correctedSheetPlans(sheet, result.report.issues, { lang: 'vi', apply: 'none' }, checkedTables(result, sheet, roles))[0];
  const formulaInG = plan.cells.filter((c) => c.col === 6 && typeof c.formula === 'string' && !/^SUM/.test(c.formula)).length;
  return { allocatable, source: first ? sourceTableOf(result, first, roles)?.table.range : undefined, poorStart: units[0].poor.start, formulaInG };
}

test('a role the officer changes reaches allocation, appendix and the corrected table', async () => {
  const backend = await pane();
  const before = await planners(backend, await backend.check('all', { lang: 'vi' }));
  expect(before.allocatable).toEqual(['A4:H18']);
  expect(before.poorStart).toBeDefined();
  expect(before.formulaInG).toBeGreaterThan(0); // G = D − F on every unit row

  // The pane's path: store the choice, check again.
  await backend.saveRoleOverrides({ [SHEET]: { D: 'unknown' } });
  const result = await backend.check('all', { lang: 'vi' });
  expect(result.report.sheets[0].tables[0].columns.find((c) => c.column === 'D')!.role).toBe('unknown');
  const after = await planners(backend, result);
  expect(after.allocatable).toEqual([]); // no poor households left to allocate from
  expect(after.source).toBeUndefined();
  expect(after.poorStart).toBeUndefined(); // the appendix no longer reads D as poor households
  expect(after.formulaInG).toBe(0); // no balance without a start: G is copied, not derived
});
