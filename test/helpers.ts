// Builders for tests: sheets from plain values, and consistent synthetic
// commune tables whose numbers are computed here independently of the engine.
import { type Sheet, type Workbook, parseRangeA1, sheetFromValues } from '../src/core/grid';
import { checkWorkbook } from '../src/core/engine';
import type { Issue, Lang } from '../src/core/report';
import { COMMUNE_HEADER, ratePct } from '../src/bench/synthetic';

export { COMMUNE_HEADER, prng, ratePct } from '../src/bench/synthetic';

export function sheet(name: string, values: unknown[][], merges: string[] = []): Sheet {
  return sheetFromValues(name, values, merges.map((m) => parseRangeA1(m)!));
}

export function check(sheets: Sheet | Sheet[], lang: Lang = 'vi') {
  const wb: Workbook = { sheets: Array.isArray(sheets) ? sheets : [sheets] };
  return checkWorkbook(wb, { lang, file: 'test.xlsx' });
}

/** `cell rule` pairs, sorted, for compact assertions. */
export function pairs(issues: Issue[], minSeverity: 'info' | 'warning' | 'error' = 'info'): string[] {
  const rank = { info: 0, warning: 1, error: 2 };
  return issues
    .filter((i) => rank[i.severity] >= rank[minSeverity])
    .map((i) => `${i.cell} ${i.rule}`)
    .sort();
}

export interface Unit {
  name: string;
  households: number;
  poor: number;
  unable: number;
  reduction: number;
  nearPoor: number;
}


/** Row of values for one unit (or the total), consistent by construction. */
export function unitRow(ordinal: string | number, u: Unit): unknown[] {
  const end = u.poor - u.reduction;
  return [ordinal, u.name, u.households, u.poor, u.unable, u.reduction, end, ratePct(end, u.households), u.nearPoor, ratePct(u.nearPoor, u.households)];
}

export function totalOf(units: Unit[], name = 'Tổng cộng'): Unit {
  const sum = (k: keyof Unit) => units.reduce((a, u) => a + (u[k] as number), 0);
  return { name, households: sum('households'), poor: sum('poor'), unable: sum('unable'), reduction: sum('reduction'), nearPoor: sum('nearPoor') };
}

/** Title, header on row 3, units from row 4, total last. Rates carry the 0.00 format. */
export function communeSheet(units: Unit[], name = 'Xã'): Sheet {
  const values: unknown[][] = [['BIỂU PHÂN BỔ CHỈ TIÊU GIẢM NGHÈO'], [], COMMUNE_HEADER];
  units.forEach((u, i) => values.push(unitRow(i + 1, u)));
  const t = unitRow('', totalOf(units));
  t[0] = null;
  values.push(t);
  const s = sheet(name, values, ['A1:J1']);
  for (let r = 3; r < s.rows.length; r++) for (const c of [7, 9]) if (s.rows[r][c]) s.rows[r][c]!.numFmt = '0.00';
  return s;
}

export function randomUnits(n: number, rnd: () => number): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < n; i++) {
    const households = 80 + Math.floor(rnd() * 900);
    const poor = Math.floor(rnd() * Math.min(60, households / 4));
    const unable = Math.floor(rnd() * (poor + 1));
    const reduction = Math.floor(rnd() * (poor - unable + 1));
    const nearPoor = Math.floor(rnd() * Math.min(50, households / 5));
    units.push({ name: `Thôn ${i + 1}`, households, poor, unable, reduction, nearPoor });
  }
  return units;
}
