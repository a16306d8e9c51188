// Writing an .xlsx's zip with Node's zlib. ExcelJS packs its parts with
// JSZip, which encodes, checksums and deflates in JavaScript: a fifth of
// `povcheck fix` on a 10,000-row sheet. ExcelJS still renders every part;
// only the packing is ours (zip-pack.ts), and only where Node's zlib is there
// (the page keeps ExcelJS's own). Each part is deflated on libuv's threads while
// ExcelJS renders the next. A worksheet's XML is encoded in slices: ExcelJS
// joins its million pieces into one string first, slower than rendering it.
import type { Workbook as ExcelWorkbook } from 'exceljs';
import { type SheetXforms, sheetXforms } from './exceljs';
import { nodeBuiltin } from './node-builtin';
import { type PackEntry, packEntry, packZip } from './zip-pack';

interface NodeBuffer {
  from(s: string, encoding: 'utf8' | 'base64'): Uint8Array;
  concat(list: readonly Uint8Array[], length: number): Uint8Array;
}

function nodeBuffer(): NodeBuffer | null {
  const zlib = nodeBuiltin<{ crc32: unknown }>('zlib');
  const buffer = nodeBuiltin<{ Buffer: NodeBuffer }>('buffer');
  // Node's CRC-32 came in 20.15: before it, ExcelJS's own writer is faster than crc32Js.
  if (typeof zlib?.crc32 !== 'function' || !buffer?.Buffer) return null;
  return buffer.Buffer;
}

/** JSZip's level 1 (write.ts chose it for speed); Node's zlib makes the same stream. */
const LEVEL = 1;

/** What ExcelJS's XLSX.write hands its parts to: `append(data, { name, base64 })`. */
class ZipParts {
  private readonly entries: PackEntry[] = [];

  constructor(readonly Buffer: NodeBuffer) {}

  append(data: string | Uint8Array, options: { name: string; base64?: boolean }): void {
    const bytes = typeof data === 'string' ? this.Buffer.from(data, options.base64 ? 'base64' : 'utf8') : data;
    this.entries.push(packEntry(this.Buffer.from(options.name, 'utf8'), bytes, LEVEL));
  }

  finish(when: Date): Promise<Uint8Array> {
    return packZip(this.entries, when);
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
  const Buffer = nodeBuffer();
  const x: unknown = workbook.xlsx;
  const X = sheetXforms;
  if (!Buffer || !X || !isXlsxParts(x)) return null;
  const model = workbook.model;
  const zip = new ZipParts(Buffer);
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
