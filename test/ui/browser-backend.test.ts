// BrowserBackend against real .xlsx bytes (node environment: only the page's
// file reading and the engine are exercised here, no DOM).
import { readFileSync } from 'fs';
import { join } from 'path';
import * as engine from '../../src/core/engine';
import { BrowserBackend, SAMPLE_URL, type RoleStorage } from '../../src/ui/browser-backend';
import { PaneError, type PaneErrorCode } from '../../src/backend/contract';

const SAMPLES = join(__dirname, '..', '..', 'samples');
const sample = () => new Uint8Array(readFileSync(join(SAMPLES, '003-thinh-duc.xlsx')));
/** Four sheets, consistent (the engine finds nothing wrong in it). */
const multiSheet = () => new Uint8Array(readFileSync(join(SAMPLES, 'clean-formulas.xlsx')));

class MemoryStorage implements RoleStorage {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

async function codeOf(p: Promise<unknown>): Promise<PaneErrorCode | string> {
  try {
    await p;
  } catch (e) {
    return e instanceof PaneError ? e.code : `not a PaneError: ${String(e)}`;
  }
  return 'no error';
}

/** The sample with its first central-directory entry claiming to inflate to ~4 GB. */
function zipBomb(): Uint8Array {
  const bytes = sample();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let p = bytes.length - 22; p >= 0; p--) {
    if (view.getUint32(p, true) !== 0x06054b50) continue; // end of central directory
    const cd = view.getUint32(p + 16, true);
    view.setUint32(cd + 24, 0xf0000000, true); // uncompressed size of the first entry
    return bytes;
  }
  throw new Error('no zip directory in the sample');
}

afterEach(() => jest.restoreAllMocks());

describe('BrowserBackend', () => {
  test('opens the Thịnh Đức sample and finds the wrong households totals C18 and C38', async () => {
    const b = new BrowserBackend({ storage: null });
    expect(b.kind).toBe('browser');
    await b.openFile(sample(), '003-thinh-duc.xlsx');
    expect(b.getFileName()).toBe('003-thinh-duc.xlsx');
    expect(b.getActiveSheet()).toBe('Phân bổ 2022');
    const { report, workbook } = await b.check('active', { lang: 'vi' });
    expect(report.file).toBe('003-thinh-duc.xlsx');
    const sums = report.issues.filter((i) => i.rule === 'sum-mismatch').map((i) => `${i.sheet}!${i.cell}`);
    expect(sums).toEqual(expect.arrayContaining(['Phân bổ 2022!C18', 'Phân bổ 2022!C38']));
    const c18 = report.issues.find((i) => i.cell === 'C18')!;
    expect([c18.severity, c18.stated, c18.expected]).toEqual(['error', 2211, 2111]);
    expect(c18.message).toContain('2.211');
    expect(report.sheets[0].tables.map((t) => t.range)).toEqual(['A4:H18', 'A24:G38']);
    expect(workbook.sheets.map((s) => s.name)).toEqual(['Phân bổ 2022']);
  });

  test('messages come in the language of the run', async () => {
    const b = new BrowserBackend({ storage: null });
    await b.openFile(sample().buffer as ArrayBuffer, '003-thinh-duc.xlsx');
    const { report } = await b.check('active', { lang: 'en' });
    expect(report.issues.find((i) => i.cell === 'C18')!.message).toContain('2,211');
  });

  test('check before any file is PaneError no-file', async () => {
    expect(await codeOf(new BrowserBackend({ storage: null }).check('active', { lang: 'vi' }))).toBe('no-file');
  });

  test('unreadable files become the matching PaneError codes', async () => {
    const b = new BrowserBackend({ storage: null });
    expect(await codeOf(b.openFile(new TextEncoder().encode('TT,Tên xã,Số hộ\n1,A,100\n'), 'bang.csv'))).toBe('not-xlsx');
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await codeOf(b.openFile(ole, 'cu.xls'))).toBe('xls');
    const encrypted = new Uint8Array(2048);
    encrypted.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    encrypted.set(Array.from('EncryptionInfo').flatMap((ch) => [ch.charCodeAt(0), 0]), 600);
    expect(await codeOf(b.openFile(encrypted, 'mat-khau.xlsx'))).toBe('encrypted');
    const truncated = sample().slice(0, 3000);
    expect(await codeOf(b.openFile(truncated, 'hong.xlsx'))).toBe('corrupt');
    expect(await codeOf(b.openFile(zipBomb(), 'bom.xlsx'))).toBe('too-large');
    // A failed open leaves nothing half-open.
    expect(b.getWorkbook()).toBeNull();
    expect(await codeOf(b.check('active', { lang: 'vi' }))).toBe('no-file');
  });

  test('a failed open keeps the file that was open', async () => {
    const b = new BrowserBackend({ storage: null });
    await b.openFile(sample(), 'a.xlsx');
    expect(await codeOf(b.openFile(new Uint8Array([1, 2, 3]), 'b.txt'))).toBe('not-xlsx');
    expect(b.getFileName()).toBe('a.xlsx');
    expect((await b.check('active', { lang: 'vi' })).report.issues.length).toBeGreaterThan(0);
  });

  test("'active' checks the chosen sheet, 'all' every sheet with progress up to 1", async () => {
    const b = new BrowserBackend({ storage: null });
    const wb = await b.openFile(multiSheet(), 'clean-formulas.xlsx');
    const names = wb.sheets.map((s) => s.name);
    expect(names.length).toBeGreaterThan(1);
    b.setActiveSheet(names[1]);
    expect(b.getActiveSheet()).toBe(names[1]);
    const active = await b.check('active', { lang: 'vi' });
    expect(active.report.sheets.map((s) => s.name)).toEqual([names[1]]);
    expect(new Set(active.report.issues.map((i) => i.sheet))).toEqual(new Set(active.report.issues.length ? [names[1]] : []));
    b.setActiveSheet('no such sheet');
    expect(b.getActiveSheet()).toBe(names[1]);

    const progress: number[] = [];
    const all = await b.check('all', { lang: 'vi', onProgress: (f) => progress.push(f) });
    expect(all.report.sheets.map((s) => s.name)).toEqual(names);
    expect(all.workbook.sheets.map((s) => s.name)).toEqual(names);
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    expect(progress.length).toBeGreaterThanOrEqual(names.length);
  });

  test('an aborted run is PaneError cancelled', async () => {
    const b = new BrowserBackend({ storage: null });
    await b.openFile(multiSheet(), 'clean-formulas.xlsx');
    const controller = new AbortController();
    let calls = 0;
    const run = b.check('all', {
      lang: 'vi',
      signal: controller.signal,
      onProgress: (f) => {
        calls++;
        if (f > 0) controller.abort();
      },
    });
    expect(await codeOf(run)).toBe('cancelled');
    expect(calls).toBe(2); // 0, then the first sheet; the rest never ran
  });

  test('role choices are passed to the engine, kept per file name, and survive reopening', async () => {
    const storage = new MemoryStorage();
    // The page's worker session checks every sheet with checkedWorkbook.
    const spy = jest.spyOn(engine, 'checkedWorkbook');
    const b = new BrowserBackend({ storage });
    await b.openFile(sample(), '003-thinh-duc.xlsx');
    expect(await b.loadRoleOverrides()).toEqual({});
    const choice = { 'Phân bổ 2022': { C: 'persons' } };
    await b.saveRoleOverrides(choice);
    choice['Phân bổ 2022'].C = 'mutated after saving';
    expect(await b.loadRoleOverrides()).toEqual({ 'Phân bổ 2022': { C: 'persons' } });
    await b.check('active', { lang: 'vi' });
    expect(spy.mock.calls[spy.mock.calls.length - 1][1]).toMatchObject({ roles: { 'Phân bổ 2022': { C: 'persons' } }, lang: 'vi' });

    const again = new BrowserBackend({ storage });
    await again.openFile(sample(), '003-thinh-duc.xlsx');
    expect(await again.loadRoleOverrides()).toEqual({ 'Phân bổ 2022': { C: 'persons' } });
    await again.openFile(sample(), 'other-name.xlsx');
    expect(await again.loadRoleOverrides()).toEqual({});
  });

  test('storage that throws or holds junk never breaks the pane', async () => {
    const throwing: RoleStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const b = new BrowserBackend({ storage: throwing });
    await b.openFile(sample(), 'x.xlsx');
    await b.saveRoleOverrides({ S: { A: 'unit' } });
    expect(await b.loadRoleOverrides()).toEqual({ S: { A: 'unit' } });

    const junk = new MemoryStorage();
    junk.setItem('povcheck.roles.v1:x.xlsx', '{"S": {"A": 5}}');
    const c = new BrowserBackend({ storage: junk });
    await c.openFile(sample(), 'x.xlsx');
    expect(await c.loadRoleOverrides()).toEqual({});
    junk.setItem('povcheck.roles.v1:x.xlsx', 'not json');
    await c.openFile(sample(), 'x.xlsx');
    expect(await c.loadRoleOverrides()).toEqual({});
  });

  test('selectCell notifies subscribers and makes that sheet the active one', async () => {
    const b = new BrowserBackend({ storage: null });
    const wb = await b.openFile(multiSheet(), 'clean-formulas.xlsx');
    const seen: string[] = [];
    const off = b.onSelect((sheet, cell) => seen.push(`${sheet}!${cell}`));
    const second = wb.sheets[1].name;
    await b.selectCell(second, 'D9');
    expect(seen).toEqual([`${second}!D9`]);
    expect(b.getActiveSheet()).toBe(second);
    off();
    await b.selectCell(second, 'A1');
    expect(seen).toHaveLength(1);
  });

  test('loadSample fetches the bundled sample by its relative URL only', async () => {
    const urls: string[] = [];
    const bytes = sample();
    const b = new BrowserBackend({
      storage: null,
      fetch: async (url) => {
        urls.push(url);
        return { ok: true, status: 200, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
      },
    });
    await b.loadSample();
    expect(urls).toEqual(['samples/003-thinh-duc.xlsx']);
    expect(SAMPLE_URL).toBe('samples/003-thinh-duc.xlsx');
    expect(b.getFileName()).toBe('003-thinh-duc.xlsx');
    const { report } = await b.check('active', { lang: 'vi' });
    expect(report.issues.some((i) => i.cell === 'C18' && i.rule === 'sum-mismatch')).toBe(true);
  });

  test('a sample that cannot be fetched is PaneError read-failed', async () => {
    const notFound = new BrowserBackend({ storage: null, fetch: async () => ({ ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) }) });
    expect(await codeOf(notFound.loadSample())).toBe('read-failed');
    const offline = new BrowserBackend({
      storage: null,
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    expect(await codeOf(offline.loadSample())).toBe('read-failed');
  });
});
