// The tests' hand-rolled zip writer (archives ExcelJS would never write), and
// workbooks that lie about their inflated size, for the bad-input tests (CLI,
// host, browser page): a real ExcelJS workbook whose sheet XML is padded with
// spaces and whose zip directory declares the sheet tiny.
import * as zlib from 'zlib';
import ExcelJS from 'exceljs';
// The same CRC-32 the icon script writes PNG chunks with.
import { crc32 } from '../scripts/make-icons';

export { crc32 };

export interface RawEntry {
  name: string;
  /** Stored as is (method 0) unless `deflated` is given. */
  data?: Uint8Array;
  /** Raw deflate bytes (method 8). */
  deflated?: Uint8Array;
  /** Another compression method for `deflated`'s bytes (tests of unknown methods). */
  method?: number;
  /** The uncompressed size written into both headers. */
  declaredSize: number;
  crc?: number;
}

/** A plain zip (no data descriptors, no zip64) with exactly the sizes given. */
export function writeZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = Buffer.from(e.deflated ?? e.data ?? new Uint8Array(0));
    const method = e.method ?? (e.deflated ? 8 : 0);
    const crc = e.crc ?? (e.data ? crc32(e.data) : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/**
 * A raw deflate stream of `head`, `mib` MiB of spaces, then `tail`, built
 * without inflating anything: each piece is deflated on its own and ended with
 * a full flush (byte-aligned, no back-references across pieces), so the
 * pieces can simply be concatenated. 1 MiB of spaces costs about 1 KiB.
 */
export function paddedDeflate(head: Uint8Array, mib: number, tail: Uint8Array): Buffer {
  const piece = (b: Uint8Array) => zlib.deflateRawSync(b, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const spaces = piece(Buffer.alloc(1024 * 1024, 0x20));
  const parts: Buffer[] = [piece(head)];
  for (let i = 0; i < mib; i++) parts.push(spaces);
  parts.push(zlib.deflateRawSync(tail)); // the final block
  return Buffer.concat(parts);
}

/**
 * A real workbook (header row `header` on sheet "Xã") whose sheet XML is
 * padded with `mib` MiB of spaces but declared as `declared` bytes.
 */
export async function lyingBomb(header: unknown[], mib: number, declared = 4096): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Xã').addRow(header);
  const JSZip = (await import('jszip')).default; // ExcelJS's own zip library
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  const entries: RawEntry[] = [];
  for (const name of Object.keys(zip.files)) {
    if (zip.files[name].dir) continue;
    const data = await zip.file(name)!.async('uint8array');
    if (/worksheets\/sheet1\.xml$/.test(name)) {
      const xml = Buffer.from(data).toString('utf8');
      const at = xml.indexOf('<sheetData');
      const deflated = paddedDeflate(Buffer.from(xml.slice(0, at)), mib, Buffer.from(xml.slice(at)));
      entries.push({ name, deflated, declaredSize: declared });
    } else {
      entries.push({ name, data, declaredSize: data.length });
    }
  }
  return writeZip(entries);
}
