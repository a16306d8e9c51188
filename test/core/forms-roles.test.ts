// Every official form in ../shared/forms: each column's role equals roles.json,
// read from the real .xlsx file by the file host.
import * as fs from 'fs';
import * as path from 'path';
import { readXlsxFile } from '../../src/hosts/xlsx';
import { findTables } from '../../src/core/tables';
import { colName } from '../../src/core/grid';
import { checkWorkbook } from '../../src/core/engine';

const FORMS = path.resolve(__dirname, '..', '..', '..', 'shared', 'forms');
const expected: Record<string, Record<string, Record<string, string>>> = JSON.parse(fs.readFileSync(path.join(FORMS, 'roles.json'), 'utf8'));

/** roles.json codes that PovCheck writes differently (none today: every code is adopted as written). */
export const CODE_MAP: Record<string, string> = {};

describe('roles of the official forms', () => {
  const files = Object.keys(expected);
  test('every form file is listed in roles.json', () => {
    const onDisk = fs.readdirSync(FORMS).filter((f) => f.endsWith('.xlsx'));
    expect(onDisk.sort()).toEqual(files.slice().sort());
  });
  test.each(files)('%s', async (file) => {
    const wb = await readXlsxFile(path.join(FORMS, file));
    for (const [sheetName, cols] of Object.entries(expected[file])) {
      const sheet = wb.sheets.find((s) => s.name === sheetName);
      expect(sheet).toBeDefined();
      const tables = findTables(sheet!);
      expect(tables.length).toBeGreaterThanOrEqual(1);
      const got: Record<string, string> = {};
      for (const c of tables[0].columns) got[colName(c.col)] = c.role.code;
      const want: Record<string, string> = {};
      for (const [letter, code] of Object.entries(cols)) want[letter] = CODE_MAP[code] ?? code;
      expect(got).toEqual(want);
    }
    // The forms are filled with consistent numbers: nothing to report above a note.
    const alarms = checkWorkbook(wb, { file }).issues.filter((i) => i.severity !== 'info');
    expect(alarms.map((i) => `${i.sheet}!${i.cell} ${i.rule}`)).toEqual([]);
  });
});
