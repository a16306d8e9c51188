// The browser page's worker protocol (src/ui/worker): the in-page fallback
// and the Web Worker client run the same requests; progress comes before the
// answer; a cancel rejects at once and leaves the previous file open — for the
// worker client by terminating the worker and opening the file again in a new
// one. The "worker" here is a stand-in that structured-clones every message
// both ways, as a browser does, and runs the real handler.
import { readFileSync } from 'fs';
import { join } from 'path';
import { PaneError, type WorkProgress } from '../../src/backend/contract';
import { ThreadClient, WebWorkerClient, type WorkerClient } from '../../src/ui/worker/client';
import { handleRequest, type Request, type Response } from '../../src/ui/worker/protocol';
import { HEAD_ROWS, WorkbookSession, warmUp } from '../../src/ui/worker/session';
import ExcelJS from 'exceljs';
import { THREE_DISTRICTS, districtValues } from '../seed004-districts';
import { BrowserBackend } from '../../src/ui/browser-backend';
import { bigWorkbookBytes } from './big-file';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';

const sample = () => new Uint8Array(readFileSync(join(__dirname, '..', '..', 'samples', '003-thinh-duc.xlsx')));

class CloningWorker {
  onmessage: ((e: MessageEvent<Response>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  received: string[] = [];
  private readonly session = new WorkbookSession();
  private tail: Promise<void> = Promise.resolve();

  postMessage(message: Request): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    const req = structuredClone(message);
    this.received.push(req.op);
    this.tail = this.tail.then(() =>
      handleRequest(this.session, req, (msg) => {
        const copy = structuredClone(msg);
        setTimeout(() => {
          if (!this.terminated) this.onmessage?.({ data: copy } as MessageEvent<Response>);
        }, 0);
      }),
    );
  }

  terminate(): void {
    this.terminated = true;
  }
}

function workerClient(): { client: WebWorkerClient; workers: CloningWorker[] } {
  const workers: CloningWorker[] = [];
  const client = new WebWorkerClient(() => {
    const w = new CloningWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  return { client, workers };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return e instanceof PaneError ? e.code : `not a PaneError: ${String(e)}`;
  }
}

/** Seed 004's three districts, each its own .xlsx with one sheet "Biểu 01". */
async function districtFiles(): Promise<{ bytes: Uint8Array; name: string }[]> {
  const out: { bytes: Uint8Array; name: string }[] = [];
  for (const [name, hh23, hh24, poor, reduction] of THREE_DISTRICTS) {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Biểu 01').addRows(districtValues(name, hh23, hh24, poor, reduction));
    out.push({ bytes: new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer), name: `${name}.xlsx` });
  }
  return out;
}

let big: Uint8Array;
beforeAll(async () => {
  big = await bigWorkbookBytes(4000);
});

describe.each([
  ['in-page fallback', () => ({ client: new ThreadClient() as WorkerClient, workers: [] as CloningWorker[] })],
  ['worker client', workerClient],
])('%s', (_name, make) => {
  test('opens and checks a 4,000-row sheet: rows read and tables checked are reported before the answer', async () => {
    const { client } = make();
    const seen: WorkProgress[] = [];
    const infos = await client.call('open', { bytes: big, name: 'big.xlsx' }, { onProgress: (p) => seen.push(p) });
    expect(infos.map((i) => [i.name, i.rowCount])).toEqual([['Toàn quốc', 4004]]);
    // Only the preview's first window comes across, not the 4,004 rows.
    expect(infos[0].head.rows).toHaveLength(HEAD_ROWS);
    const reads = seen.filter((p) => p.stage === 'read');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[reads.length - 1]).toMatchObject({ sheet: 'Toàn quốc' });
    expect(reads[reads.length - 1].rows).toBeGreaterThanOrEqual(4003);

    seen.length = 0;
    const report = await client.call('check', { lang: 'vi', roles: {} }, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([{ stage: 'check', sheets: 1, sheetCount: 1, tables: 1 }]);
    const c = report.issues.find((i) => i.rule === 'sum-mismatch' && i.cell === 'C4004');
    expect(c?.severity).toBe('error');
    expect(Number(c?.stated) - Number(c?.expected)).toBe(100);

    const w = await client.call('rows', { sheet: 'Toàn quốc', from: 4000, to: 4100 });
    expect(w.from).toBe(4000);
    expect(w.rows).toHaveLength(4);
    expect(w.rows[3][1]?.value).toEqual({ kind: 'text', value: 'Tổng cộng' });
  });

  test('a cancelled open rejects with "cancelled" and the previous file stays open', async () => {
    const { client, workers } = make();
    await client.call('open', { bytes: sample(), name: '003-thinh-duc.xlsx' });
    await client.call('check', { lang: 'vi', roles: {} });
    const controller = new AbortController();
    const opening = client.call('open', { bytes: big, name: 'big.xlsx' }, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(await codeOf(opening)).toBe('cancelled');
    if (workers.length) expect(workers[0].terminated).toBe(true);

    const report = await client.call('check', { lang: 'vi', roles: {} });
    expect(report.file).toBe('003-thinh-duc.xlsx');
    expect(report.issues.some((i) => i.cell === 'C18' && i.rule === 'sum-mismatch')).toBe(true);
    if (workers.length) {
      // A new worker, started and warmed at once for the next file, then given the previous file and its check again before the new request.
      expect(workers).toHaveLength(2);
      expect(workers[1].received).toEqual(['warm', 'open', 'check', 'check']);
    }
  });

  test('a file that cannot be read fails with its reason and leaves the previous file open', async () => {
    const { client } = make();
    await client.call('open', { bytes: sample(), name: '003-thinh-duc.xlsx' });
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    expect(await codeOf(client.call('open', { bytes: xls, name: 'old.xls' }))).toBe('xls');
    expect((await client.call('check', { lang: 'en', roles: {} })).file).toBe('003-thinh-duc.xlsx');
  });

  test('allocation: worked out on the checked tables, its plan kept in the session and written from there', async () => {
    const { client } = make();
    await client.call('open', { bytes: new Uint8Array(readFileSync(join(__dirname, '..', '..', 'samples', '001-cam-lo.xlsx'))), name: '001-cam-lo.xlsx' });
    await client.call('check', { lang: 'vi', roles: {} });
    const choices = await client.call('allocationChoices', {});
    expect(choices.length).toBeGreaterThan(0);
    const input = { target: { kind: 'households' as const, text: '82' }, basis: 'able' as const, newPoorText: '', rules: 'none' as const };
    const out = await client.call('allocate', { choice: choices[0], input, lang: 'vi', date: Date.UTC(2026, 0, 5) });
    expect(out?.problems).toEqual([]);
    expect(out?.result?.allocation.allocated).toBe(82);
    // Only the plan's name crosses; its cells stay in the session.
    expect(out?.result?.plan.cells).toEqual([]);
    const bytes = await client.call('exportAllocation', { planKey: out!.planKey! });
    const wb = await readXlsxBuffer(bytes);
    expect(wb.sheets.map((s) => s.name)).toEqual([out!.result!.plan.name]);
    expect(wb.sheets[0].rows.length).toBeGreaterThan(10);
    expect(await codeOf(client.call('exportAllocation', { planKey: 'no such plan' }))).toBe('write-failed');
  });

  test('appendix: the files are read and kept where the work runs; the appendix of the ticked ones, with its preview table', async () => {
    const { client, workers } = make();
    const files = await districtFiles();
    const { sources, unreadable } = await client.call('appendixSources', {
      files: [...files, { bytes: new Uint8Array([1, 2, 3, 4]), name: 'hỏng.xlsx' }],
    });
    expect(sources.map((x) => x.where)).toEqual(files.map((f) => `${f.name} › Biểu 01`));
    expect(unreadable).toEqual([expect.objectContaining({ name: 'hỏng.xlsx', code: 'not-xlsx' })]);
    const req = { ids: sources.map((x) => x.id), mode: 'total' as const, confirmed: [], year: 2024, totalAt: 'top' as const, lang: 'vi' as const, date: Date.UTC(2026, 0, 5) };
    const all = await client.call('appendix', req);
    expect(all.state.errors).toEqual([]);
    expect(all.table?.rows.filter((r) => !r.isTotal).map((r) => r.values[1])).toEqual(files.map((f) => f.name.replace(/\.xlsx$/, '')));
    const two = await client.call('appendix', { ...req, ids: req.ids.slice(1) });
    expect(two.table?.rows.filter((r) => !r.isTotal)).toHaveLength(2);

    // A cancelled open ends the worker: the next one is given the appendix's files again before the appendix.
    const controller = new AbortController();
    const opening = client.call('open', { bytes: big, name: 'big.xlsx' }, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(await codeOf(opening)).toBe('cancelled');
    const again = await client.call('appendix', req);
    expect(again.table?.rows).toEqual(all.table?.rows);
    if (workers.length) expect(workers[workers.length - 1].received).toEqual(['warm', 'appendixSources', 'appendix']);
  });

  test('an already aborted signal never starts the work', async () => {
    const { client, workers } = make();
    const c = new AbortController();
    c.abort();
    expect(await codeOf(client.call('open', { bytes: sample(), name: 'x.xlsx' }, { signal: c.signal }))).toBe('cancelled');
    expect(workers.flatMap((w) => w.received)).toEqual([]);
  });
});

test('a worker whose script cannot load (offline): the same calls run in the page', async () => {
  const spawned: { onerror: ((e: Partial<ErrorEvent>) => void) | null; terminate(): void }[] = [];
  const client = new WebWorkerClient(() => {
    const w = {
      onmessage: null,
      onerror: null as ((e: Partial<ErrorEvent>) => void) | null,
      postMessage() {
        // The script never arrives: the worker reports an error instead of answering.
        setTimeout(() => w.onerror?.({ message: 'failed to fetch', preventDefault() {} }), 0);
      },
      terminate() {},
    };
    spawned.push(w);
    return w as unknown as Worker;
  });
  const seen: WorkProgress[] = [];
  const infos = await client.call('open', { bytes: sample(), name: '003-thinh-duc.xlsx' }, { onProgress: (p) => seen.push(p) });
  expect(infos.map((i) => i.name)).toEqual(['Phân bổ 2022']);
  expect(seen.some((p) => p.stage === 'read')).toBe(true);
  const report = await client.call('check', { lang: 'vi', roles: {} });
  expect(report.issues.some((i) => i.cell === 'C18')).toBe(true);
  expect(spawned).toHaveLength(1);
});

describe('warming up', () => {
  test('the worker client starts its worker and warms it once, before any file', async () => {
    const { client, workers } = workerClient();
    client.warm();
    client.warm();
    expect(workers).toHaveLength(1);
    expect(workers[0].received).toEqual(['warm']);
    await client.call('open', { bytes: sample(), name: '003-thinh-duc.xlsx' });
    expect(workers[0].received).toEqual(['warm', 'open']);
  });

  test('the in-page fallback does not warm (the page must stay free)', async () => {
    const client = new ThreadClient();
    client.warm();
    expect((await client.call('open', { bytes: sample(), name: 'x.xlsx' })).map((i) => i.name)).toEqual(['Phân bổ 2022']);
  });

  test('the warm-up reads the built-in sheet and checks it twice, or stops after reading when a request is waiting', async () => {
    expect(await warmUp()).toBe(3);
    expect(await warmUp(() => true)).toBe(1);
  });
});

describe('BrowserBackend on the worker protocol', () => {
  test('holds each sheet at full length but fetches rows only around the cell shown', async () => {
    const { client, workers } = workerClient();
    const b = new BrowserBackend({ storage: null, client });
    const wb = await b.openFile(big, 'big.xlsx');
    const rows = wb.sheets[0].rows;
    expect(rows).toHaveLength(4004);
    expect(rows[3000]).toBeUndefined();
    const { report } = await b.check('all', { lang: 'vi' });
    expect(report.issues.some((i) => i.cell === 'C4004')).toBe(true);
    await b.selectCell('Toàn quốc', 'C3001');
    expect(rows[3000]?.[1]?.value).toEqual({ kind: 'text', value: 'Thôn 2998' });
    expect(rows[1000]).toBeUndefined();
    // Every row for the comparison with last year's file.
    expect((await b.fullWorkbook()).sheets[0].rows[1000]?.[1]?.value).toEqual({ kind: 'text', value: 'Thôn 998' });
    expect(workers).toHaveLength(1);
  });
});
