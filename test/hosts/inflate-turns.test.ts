// The CLI's inflater for large entries (src/hosts/xlsx/inflate-turns.ts): the same
// bytes as zlib, chunks valid until the one after them is taken, errors on damaged
// data, the zip caps kept, and readXlsxFile (which uses it from 8 MiB on) reading a
// large sheet as the page's path reads it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { deflateRawSync, inflateRawSync } from 'zlib';
import fc from 'fast-check';
import { HostError } from '../../src/hosts/types';
import { inflateInTurns } from '../../src/hosts/xlsx/inflate-turns';
import { TURNS_FROM } from '../../src/hosts/xlsx/zip-read';
import { readXlsxGrid } from '../../src/hosts/xlsx/grid-read';
import { readXlsxBuffer, readXlsxFile } from '../../src/hosts/xlsx/read';
import { readZipDirectory } from '../../src/hosts/xlsx/sniff';
import { writeBenchWorkbook } from '../../src/bench/bench';
import { lyingBomb, writeZip } from '../zip-bomb';

const inflateAll = (data: Uint8Array, chunk: number) => {
  const parts: Buffer[] = [];
  for (const c of inflateInTurns(data, chunk)) parts.push(Buffer.from(c)); // copied before the next is taken
  return Buffer.concat(parts);
};

describe('inflateInTurns', () => {
  test('the same bytes as zlib, whatever the data and the chunk size', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 5000 }), fc.array(fc.constantFrom(...'<c r="A1"><v>12</v></c> xã'), { maxLength: 4000 }).map((xs) => Buffer.from(xs.join('')))),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 9 }),
        (plain, chunk, level) => {
          const data = deflateRawSync(plain, { level });
          const out = inflateAll(data, chunk);
          expect(out.equals(Buffer.from(plain))).toBe(true);
          expect(out.equals(inflateRawSync(data))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a chunk stays as it was until the one after it is taken; then its buffer is written again', () => {
    const plain = Buffer.from(Array.from({ length: 3000 }, (_, i) => String.fromCharCode(65 + (i % 26))).join(''));
    const it = inflateInTurns(deflateRawSync(plain), 1000);
    const a = it.next().value as Uint8Array;
    const b = it.next().value as Uint8Array;
    expect(Buffer.from(a).equals(plain.subarray(0, 1000))).toBe(true);
    expect(Buffer.from(b).equals(plain.subarray(1000, 2000))).toBe(true);
    const c = it.next().value as Uint8Array;
    expect(c.buffer).toBe(a.buffer);
    expect(Buffer.from(a).equals(plain.subarray(2000, 3000))).toBe(true);
    expect(it.next().done).toBe(true);
  });

  test('damaged or cut data throws', () => {
    const data = deflateRawSync(Buffer.alloc(100_000, 0x41));
    expect(() => inflateAll(data.subarray(0, data.length - 10), 4096)).toThrow();
    expect(() => inflateAll(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]), 4096)).toThrow();
  });
});

describe('the zip caps hold when large entries inflate in turns', () => {
  const turns = { from: 0, inflate: inflateInTurns };
  const hostError = async (p: Promise<unknown>) => {
    const e = await p.then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(HostError);
    return e as HostError;
  };

  test('a sheet that inflates past its declared size → too-large, at the cap', async () => {
    const bomb = await lyingBomb(['STT', 'Xã', 'Tổng số hộ', 'Số hộ nghèo'], 200);
    const e = await hostError(readXlsxGrid(bomb, undefined, turns));
    expect(e.code).toBe('too-large');
    expect(e.detail).toMatch(/sheet1\.xml inflates past the 4096 bytes it declares/);
  });

  test('a sheet that inflates to less than it declares → corrupt', async () => {
    const stored = (name: string, text: string) => ({ name, data: Buffer.from(text), declaredSize: Buffer.byteLength(text) });
    const zip = writeZip([
      stored('xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      stored('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
      { name: 'xl/worksheets/sheet1.xml', deflated: deflateRawSync(Buffer.from('<worksheet><sheetData/></worksheet>')), declaredSize: 500 },
    ]);
    expect(readZipDirectory(zip).length).toBe(3);
    const e = await hostError(readXlsxGrid(zip, undefined, turns));
    expect(e.code).toBe('corrupt');
    expect(e.detail).toMatch(/sheet1\.xml: inflates to \d+ bytes, declares 500/);
  });
});

test('readXlsxFile reads a sheet over 8 MiB (inflated in turns) as the page reads it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-turns-'));
  try {
    const file = path.join(dir, 'large.xlsx');
    await writeBenchWorkbook(file, 20_000);
    const buf = fs.readFileSync(file);
    const sheet = readZipDirectory(buf).find((e) => /worksheets\/sheet1\.xml$/.test(e.name))!;
    expect(sheet.uncompressedSize).toBeGreaterThan(TURNS_FROM);
    expect(await readXlsxFile(file)).toEqual(await readXlsxBuffer(buf));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
