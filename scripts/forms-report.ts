// Prints how PovCheck reads the official forms in ../shared/forms: columns whose
// role equals roles.json, and the errors / warnings `check` raises on these
// consistent sheets (a correct checker raises none). Run: npm run forms
import * as fs from 'fs';
import * as path from 'path';
import { readXlsxFile } from '../src/hosts/xlsx';
import { findTables } from '../src/core/tables';
import { colName } from '../src/core/grid';
import { checkWorkbook } from '../src/core/engine';

const FORMS = path.resolve(__dirname, '..', '..', 'shared', 'forms');
const verbose = process.argv.includes('-v');

async function main() {
  const expected = JSON.parse(fs.readFileSync(path.join(FORMS, 'roles.json'), 'utf8')) as Record<string, Record<string, Record<string, string>>>;
  let right = 0;
  let total = 0;
  let alarms = 0;
  const byRule = new Map<string, number>();
  for (const [file, sheets] of Object.entries(expected)) {
    const wb = await readXlsxFile(path.join(FORMS, file));
    for (const [name, cols] of Object.entries(sheets)) {
      const sheet = wb.sheets.find((s) => s.name === name)!;
      const t = findTables(sheet)[0];
      const got = new Map(t ? t.columns.map((c) => [colName(c.col), c.role.code] as const) : []);
      for (const [letter, code] of Object.entries(cols)) {
        total++;
        if (got.get(letter) === code) right++;
        else if (verbose) console.log(`  ${file} ${name} ${letter}: want ${code}, got ${got.get(letter) ?? '(none)'}`);
      }
    }
    const report = checkWorkbook(wb, { file });
    const bad = report.issues.filter((i) => i.severity !== 'info');
    alarms += bad.length;
    for (const i of bad) byRule.set(i.rule, (byRule.get(i.rule) ?? 0) + 1);
    console.log(`${file}: ${bad.length} errors/warnings`);
    if (verbose) for (const i of bad) console.log(`    ${i.sheet}!${i.cell} ${i.rule}: ${i.message}`);
  }
  console.log(`columns right: ${right}/${total}`);
  console.log(`errors and warnings on consistent forms: ${alarms} (${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ')})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
