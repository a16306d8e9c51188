// Writing an .xlsx's zip with Node's zlib. ExcelJS packs its parts with
// JSZip, which encodes, checksums and deflates in JavaScript: a fifth of
// `povcheck fix` on a 10,000-row sheet. ExcelJS still renders every part;
// only the packing is ours, and only where Node's zlib is there (the page
// keeps ExcelJS's own). Each part is deflated on libuv's threads while
// ExcelJS renders the next. A worksheet's XML is encoded in slices: ExcelJS
// joins its million pieces into one string first, slower than rendering it.
import type { Workbook as ExcelWorkbook } from 'exceljs';
import { type SheetXforms, sheetXforms } from './exceljs';
import { nodeBuiltin } from './node-builtin';

interface NodeZlib {
  deflateRaw(buf: Uint8Array, options: { level: number }, cb: (err: Error | null, out: Uint8Array) => void): void;
  crc32(data: Uint8Array): number;
}

interface NodeBuffer {
  from(s: string, encoding: 'utf8' | 'base64'): Uint8Array;
  concat(list: readonly Uint8Array[], length: number): Uint8Array;
  alloc(n: number): Uint8Array;
}

interface Native {
  zlib: NodeZlib;
  Buffer: NodeBuffer;
}

function native(): Native | null {
  const zlib = nodeBuiltin<NodeZlib>('zlib');
  const buffer = nodeBuiltin<{ Buffer: NodeBuffer }>('buffer');
  if (typeof zlib?.deflateRaw !== 'function' || typeof zlib.crc32 !== 'function' || !buffer?.Buffer) return null;
  return { zlib: zlib as NodeZlib, Buffer: buffer.Buffer };
}

/** JSZip's level 1 (write.ts chose it for speed); Node's zlib makes the same stream. */
const LEVEL = 1;

interface Entry {
  name: Uint8Array;
  crc: number;
  size: number;
  data: Promise<Uint8Array>;
  method: 0 | 8;
}

/** What ExcelJS's XLSX.write hands its parts to: `append(data, { name, base64 })`. */
class ZipParts {
  private readonly entries: Entry[] = [];

  readonly Buffer: NodeBuffer;

  constructor(private readonly n: Native) {
    this.Buffer = n.Buffer;
  }

  append(data: string | Uint8Array, options: { name: string; base64?: boolean }): void {
    const { Buffer } = this.n;
    const bytes = typeof data === 'string' ? Buffer.from(data, options.base64 ? 'base64' : 'utf8') : data;
    const deflate = bytes.length > 64;
    this.entries.push({
      name: Buffer.from(options.name, 'utf8'),
      crc: this.n.zlib.crc32(bytes),
      size: bytes.length,
      method: deflate ? 8 : 0,
      data: deflate ? new Promise((resolve, reject) => this.n.zlib.deflateRaw(bytes, { level: LEVEL }, (err, out) => (err ? reject(err) : resolve(out)))) : Promise.resolve(bytes),
    });
  }

  /** The zip: local headers and data in the order appended, then the central directory. */
  async finish(when: Date): Promise<Uint8Array> {
    const time = (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1);
    const date = (Math.max(0, when.getFullYear() - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate();
    const parts: Uint8Array[] = [];
    const central: Uint8Array[] = [];
    let offset = 0;
    let centralSize = 0;
    for (const e of this.entries) {
      const data = await e.data;
      const ascii = e.name.every((b) => b < 0x80);
      const head = (sig: number, size: number) => {
        const b = this.n.Buffer.alloc(size);
        const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
        v.setUint32(0, sig, true);
        return { b, v };
      };
      // Fields shared by the local and the central header, from `at` on.
      const common = (v: DataView, at: number) => {
        v.setUint16(at, 20, true); // version needed: 2.0
        v.setUint16(at + 2, ascii ? 0 : 0x0800, true); // names in UTF-8
        v.setUint16(at + 4, e.method, true);
        v.setUint16(at + 6, time, true);
        v.setUint16(at + 8, date, true);
        v.setUint32(at + 10, e.crc >>> 0, true);
        v.setUint32(at + 14, data.length, true);
        v.setUint32(at + 18, e.size, true);
        v.setUint16(at + 22, e.name.length, true);
      };
      const local = head(0x04034b50, 30);
      common(local.v, 4);
      parts.push(local.b, e.name, data);
      const dir = head(0x02014b50, 46);
      dir.v.setUint16(4, 20, true); // made by: MS-DOS, 2.0
      common(dir.v, 6);
      dir.v.setUint32(42, offset, true);
      central.push(dir.b, e.name);
      offset += 30 + e.name.length + data.length;
      centralSize += 46 + e.name.length;
    }
    const end = this.n.Buffer.alloc(22);
    const v = new DataView(end.buffer, end.byteOffset, end.byteLength);
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, this.entries.length, true);
    v.setUint16(10, this.entries.length, true);
    v.setUint32(12, centralSize, true);
    v.setUint32(16, offset, true);
    const all = [...parts, ...central, end];
    return this.n.Buffer.concat(all, offset + centralSize + 22);
  }
}

interface SheetsModel {
  worksheets: { id: number; rels?: unknown[]; comments: unknown[] }[];
}

/** A rendered part as UTF-8, its pieces joined a slice at a time. */
function bytesOf(stream: InstanceType<SheetXforms['XmlStream']>, Buffer: NodeBuffer): Uint8Array {
  stream.closeAll();
  const pieces = stream._xml;
  if (!Array.isArray(pieces)) return Buffer.from(stream.xml, 'utf8');
  const out: Uint8Array[] = [];
  let size = 0;
  for (let i = 0; i < pieces.length; i += 4096) {
    const b = Buffer.from(pieces.slice(i, i + 4096).join(''), 'utf8');
    out.push(b);
    size += b.length;
  }
  return Buffer.concat(out, size);
}

/** As XLSX.addWorksheets: each sheet's XML, its relations, its notes (comments and VML). */
function addWorksheets(zip: ZipParts, model: SheetsModel, X: SheetXforms) {
  const sheet = new X.WorksheetXform();
  const rels = new X.RelationshipsXform();
  const comments = new X.CommentsXform();
  const vml = new X.VmlNotesXform();
  const render = (xform: { render(stream: unknown, model: unknown): void }, m: unknown) => {
    const stream = new X.XmlStream();
    xform.render(stream, m);
    return bytesOf(stream, zip.Buffer);
  };
  for (const ws of model.worksheets) {
    zip.append(render(sheet, ws), { name: `xl/worksheets/sheet${ws.id}.xml` });
    if (ws.rels && ws.rels.length) zip.append(render(rels, ws.rels), { name: `xl/worksheets/_rels/sheet${ws.id}.xml.rels` });
    if (ws.comments.length > 0) {
      zip.append(render(comments, ws), { name: `xl/comments${ws.id}.xml` });
      zip.append(render(vml, ws), { name: `xl/drawings/vmlDrawing${ws.id}.vml` });
    }
  }
}

/** The parts of ExcelJS's XLSX writer that its `write` calls, in its order (exceljs 4.4, lib/xlsx/xlsx.js). */
interface XlsxParts {
  prepareModel(model: unknown, options: object): void;
  addContentTypes(zip: ZipParts, model: unknown): Promise<void>;
  addOfficeRels(zip: ZipParts, model: unknown): Promise<void>;
  addWorkbookRels(zip: ZipParts, model: unknown): Promise<void>;
  addSharedStrings(zip: ZipParts, model: unknown): Promise<void>;
  addDrawings(zip: ZipParts, model: unknown): void;
  addTables(zip: ZipParts, model: unknown): void;
  addThemes(zip: ZipParts, model: unknown): Promise<void>;
  addStyles(zip: ZipParts, model: unknown): Promise<void>;
  addMedia(zip: ZipParts, model: unknown): Promise<void>;
  addApp(zip: ZipParts, model: unknown): Promise<void>;
  addCore(zip: ZipParts, model: unknown): Promise<void>;
  addWorkbook(zip: ZipParts, model: unknown): Promise<void>;
}

function isXlsxParts(x: unknown): x is XlsxParts {
  const names: (keyof XlsxParts)[] = ['prepareModel', 'addContentTypes', 'addOfficeRels', 'addWorkbookRels', 'addSharedStrings', 'addDrawings', 'addTables', 'addThemes', 'addStyles', 'addMedia', 'addApp', 'addCore', 'addWorkbook'];
  return !!x && names.every((n) => typeof (x as Record<string, unknown>)[n] === 'function');
}

/**
 * The workbook as .xlsx bytes, ExcelJS's parts packed by Node's zlib; null
 * where there is no Node zlib or ExcelJS's writer is not the one known here
 * (the caller then uses ExcelJS's own writeBuffer).
 */
export async function nativeXlsxBuffer(workbook: ExcelWorkbook, when = new Date()): Promise<Uint8Array | null> {
  const n = native();
  const x: unknown = workbook.xlsx;
  const X = sheetXforms;
  if (!n || !X || !isXlsxParts(x)) return null;
  const model = workbook.model;
  const zip = new ZipParts(n);
  // As XLSX.write does it, with the same options (none).
  x.prepareModel(model, {});
  await x.addContentTypes(zip, model);
  await x.addOfficeRels(zip, model);
  await x.addWorkbookRels(zip, model);
  addWorksheets(zip, model as unknown as SheetsModel, X);
  await x.addSharedStrings(zip, model); // always after worksheets
  x.addDrawings(zip, model);
  x.addTables(zip, model);
  await Promise.all([x.addThemes(zip, model), x.addStyles(zip, model)]);
  await x.addMedia(zip, model);
  await Promise.all([x.addApp(zip, model), x.addCore(zip, model)]);
  await x.addWorkbook(zip, model);
  return zip.finish(when);
}
