// LibreOffice as an engine independent of PovCheck, for the round-trip tests
// (fix, allocate, appendix): it recalculates every formula of a written .xlsx
// on load and saves the result. Needs `soffice`; .ci/run installs it. Without
// it the tests that use this fail; they are never skipped.
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const LO_TIMEOUT = 180_000;

let bin: string | undefined;

export function soffice(): string {
  if (bin) return bin;
  for (const b of ['soffice', 'libreoffice']) {
    try {
      execFileSync(b, ['--version'], { stdio: 'ignore', timeout: 60_000 });
      bin = b;
      return b;
    } catch {
      // try the next name
    }
  }
  throw new Error('LibreOffice (soffice) is not installed: these tests need it. Install it with `apt-get install -y --no-install-recommends libreoffice-calc-nogui` (.ci/run does).');
}

/**
 * A fresh LibreOffice profile that recalculates every formula of an .xlsx on
 * load (Calc › Formula › Load › OOXMLRecalcMode = 0, "always"). Without it
 * LibreOffice keeps the cached results, which would prove nothing.
 */
export function makeProfile(dir: string): string {
  fs.mkdirSync(path.join(dir, 'user'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  return dir;
}

/** Recalculates and re-saves the files with LibreOffice into outDir (same base names, extension of `format`). */
export function recalc(profile: string, files: string[], outDir: string, format = 'xlsx'): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const args = ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, '--convert-to', format, '--outdir', outDir, ...files];
  return new Promise((resolve, reject) => {
    execFile(soffice(), args, { timeout: LO_TIMEOUT }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`soffice failed: ${err.message}\n${stdout}\n${stderr}`));
      const ext = format.split(':')[0];
      const missing = files.filter((f) => !fs.existsSync(path.join(outDir, `${path.basename(f, path.extname(f))}.${ext}`)));
      if (missing.length) return reject(new Error(`soffice wrote nothing for ${missing.join(', ')}\n${stdout}\n${stderr}`));
      resolve();
    });
  });
}
