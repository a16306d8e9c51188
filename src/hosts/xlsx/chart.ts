// A native Excel chart added to a written .xlsx. ExcelJS cannot write charts,
// so the parts are added to the zip it produced: xl/charts/chartN.xml (a
// DrawingML bar chart over ranges of the sheet), xl/drawings/drawingN.xml
// anchoring it, their relationships, and the content types. The series keep
// cached values so a reader that does not recalculate still draws the chart.
// The zip is read with the checking reader's code and packed again by
// zip-pack.ts, the unchanged parts' compressed bytes copied as they are: no
// second zip library next to the JSZip inside ExcelJS's browser build.
import { readZipDirectory, type ZipEntryInfo } from './sniff';
import { entryBytes, entryChunks, entryString } from './zip-read';
import { type PackEntry, concat, packEntry, packZip, utf8Bytes } from './zip-pack';
import { colName } from '../../core/grid';
import type { ChartRange } from '../../core/appendix-sheet';

export interface ChartSeries {
  /** The series' name as text, and the cell holding it (absolute A1, e.g. `$M$4`). */
  name: string;
  nameRef: string;
  /** Absolute A1 range of the values on the chart's sheet, e.g. `$N$5:$N$13`. */
  ref: string;
  values: number[];
}

export interface BarChartSpec {
  sheet: string;
  title: string;
  /** Absolute A1 range of the category labels, and the labels. */
  categoriesRef: string;
  categories: string[];
  series: ChartSeries[];
  /** Number format of the value axis and labels, e.g. `0.00`. */
  numFmt: string;
  /** 0-based cell anchor of the drawing: from (col,row) to (col,row). */
  from: { col: number; row: number };
  to: { col: number; row: number };
  /** `bar` draws horizontal bars (categories down the side), `col` vertical ones. */
  direction?: 'bar' | 'col';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const sheetRef = (sheet: string, ref: string) => `'${sheet.replace(/'/g, "''")}'!${ref}`;

const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const COLORS = ['A5A5A5', '2F5597', 'ED7D31', '70AD47'];

function chartXml(spec: BarChartSpec): string {
  const strCache = (xs: string[]) =>
    `<c:strCache><c:ptCount val="${xs.length}"/>${xs.map((x, i) => `<c:pt idx="${i}"><c:v>${esc(x)}</c:v></c:pt>`).join('')}</c:strCache>`;
  const numCache = (xs: number[]) =>
    `<c:numCache><c:formatCode>${esc(spec.numFmt)}</c:formatCode><c:ptCount val="${xs.length}"/>${xs.map((x, i) => `<c:pt idx="${i}"><c:v>${x}</c:v></c:pt>`).join('')}</c:numCache>`;
  const series = spec.series
    .map(
      (s, i) => `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
        `<c:tx><c:strRef><c:f>${esc(sheetRef(spec.sheet, s.nameRef))}</c:f>${strCache([s.name])}</c:strRef></c:tx>` +
        `<c:spPr><a:solidFill><a:srgbClr val="${COLORS[i % COLORS.length]}"/></a:solidFill></c:spPr>` +
        `<c:invertIfNegative val="0"/>` +
        `<c:cat><c:strRef><c:f>${esc(sheetRef(spec.sheet, spec.categoriesRef))}</c:f>${strCache(spec.categories)}</c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${esc(sheetRef(spec.sheet, s.ref))}</c:f>${numCache(s.values)}</c:numRef></c:val>` +
        `</c:ser>`,
    )
    .join('');
  const title = `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="vi-VN" sz="1200" b="1"/><a:t>${esc(spec.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    `<c:roundedCorners val="0"/>` +
    `<c:chart>${title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="${spec.direction ?? 'bar'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}` +
    `<c:gapWidth val="60"/><c:axId val="500000001"/><c:axId val="500000002"/></c:barChart>` +
    `<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${spec.direction === 'col' ? 'b' : 'l'}"/>` +
    `<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${spec.direction === 'col' ? 'l' : 'b'}"/>` +
    `<c:majorGridlines/><c:numFmt formatCode="${esc(spec.numFmt)}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="500000001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    `</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `</c:chartSpace>`
  );
}

function drawingXml(spec: BarChartSpec, chartRel: string): string {
  const anchor = (tag: string, p: { col: number; row: number }) => `<xdr:${tag}><xdr:col>${p.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">` +
    `<xdr:twoCellAnchor editAs="oneCell">${anchor('from', spec.from)}${anchor('to', spec.to)}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="${esc(spec.title.slice(0, 60))}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="${chartRel}"/></a:graphicData></a:graphic>` +
    `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`
  );
}

const rels = (items: { id: string; type: string; target: string }[]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  items.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${esc(r.target)}"/>`).join('') +
  `</Relationships>`;

const unesc = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

type ReadPart = (name: string) => Promise<string | undefined>;

/** The zip path of a sheet's part, from its name (workbook.xml → workbook rels). */
async function sheetPart(read: ReadPart, sheet: string): Promise<string> {
  const wb = await read('xl/workbook.xml');
  const wbRels = await read('xl/_rels/workbook.xml.rels');
  if (!wb || !wbRels) throw new Error('not a workbook: xl/workbook.xml is missing');
  let rid: string | undefined;
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    if (name !== undefined && unesc(name) === sheet) rid = /\br:id="([^"]*)"/.exec(m[0])?.[1];
  }
  if (!rid) throw new Error(`no sheet named ${sheet}`);
  for (const m of wbRels.matchAll(/<Relationship\b[^>]*>/g)) {
    if (/\bId="([^"]*)"/.exec(m[0])?.[1] !== rid) continue;
    const target = /\bTarget="([^"]*)"/.exec(m[0])![1];
    return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  }
  throw new Error(`no part for sheet ${sheet}`);
}

/** A name as the zip directory reader gives it: each byte of its UTF-8 as one character. */
const zipName = (name: string) => {
  let s = '';
  for (const b of utf8Bytes(name)) s += String.fromCharCode(b);
  return s;
};

/** The zip's parts by zipName, in the zip's order. */
function partsOf(xlsx: Uint8Array): Map<string, ZipEntryInfo> {
  const parts = new Map<string, ZipEntryInfo>();
  // Folder entries (JSZip writes them, Node's packer does not) are no parts of the package.
  for (const e of readZipDirectory(xlsx)) if (!e.name.endsWith('/')) parts.set(e.name, e);
  return parts;
}

/**
 * The CRC-32 in the entry's local header, which entryBytes has checked is
 * there; undefined when the header defers it to a data descriptor (flag bit
 * 3, which neither JSZip nor zip-pack.ts writes). The lazy chunk reads it here
 * rather than the first load's directory reader keeping it for every entry.
 */
function localCrc(xlsx: Uint8Array, e: ZipEntryInfo): number | undefined {
  const v = new DataView(xlsx.buffer, xlsx.byteOffset, xlsx.byteLength);
  return v.getUint16(e.localOffset + 6, true) & 8 ? undefined : v.getUint32(e.localOffset + 14, true);
}

async function inflated(xlsx: Uint8Array, e: ZipEntryInfo): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const c of entryChunks(xlsx, e)) chunks.push(c);
  return concat(chunks);
}

/** zlib's default level, which JSZip used here before; only the few changed parts are deflated. */
const LEVEL = 6;

/** Adds a bar chart on `spec.sheet` to an .xlsx and returns the new bytes. */
export async function addBarChart(xlsx: Uint8Array, spec: BarChartSpec, when = new Date()): Promise<Uint8Array> {
  const parts = partsOf(xlsx);
  const read: ReadPart = async (name) => {
    const e = parts.get(zipName(name));
    return e ? entryString(xlsx, e) : undefined;
  };
  const changed = new Map<string, string>();
  const part = await sheetPart(read, spec.sheet);
  const dir = part.slice(0, part.lastIndexOf('/'));
  const base = part.slice(part.lastIndexOf('/') + 1);
  const relsPath = `${dir}/_rels/${base}.rels`;
  let sheetXml = await read(part);
  if (sheetXml === undefined) throw new Error(`no part ${part} for sheet ${spec.sheet}`);
  if (/<drawing\b/.test(sheetXml)) throw new Error(`sheet ${spec.sheet} already has a drawing`);
  const free = (prefix: string) => {
    for (let n = 1; ; n++) if (!parts.has(zipName(`${prefix}${n}.xml`))) return n;
  };
  const dn = free('xl/drawings/drawing');
  const cn = free('xl/charts/chart');

  changed.set(`xl/charts/chart${cn}.xml`, chartXml(spec));
  changed.set(`xl/drawings/drawing${dn}.xml`, drawingXml(spec, 'rId1'));
  changed.set(`xl/drawings/_rels/drawing${dn}.xml.rels`, rels([{ id: 'rId1', type: REL_CHART, target: `../charts/chart${cn}.xml` }]));

  // The sheet's relationships: keep what is there, add the drawing under a free id.
  const existing = (await read(relsPath)) ?? '';
  const items = [...existing.matchAll(/<Relationship\b[^>]*\/?>/g)].map((m) => ({
    id: unesc(/\bId="([^"]*)"/.exec(m[0])![1]),
    type: unesc(/\bType="([^"]*)"/.exec(m[0])![1]),
    target: unesc(/\bTarget="([^"]*)"/.exec(m[0])![1]),
    mode: /\bTargetMode="([^"]*)"/.exec(m[0])?.[1],
  }));
  let k = items.length + 1;
  while (items.some((r) => r.id === `rId${k}`)) k++;
  const rid = `rId${k}`;
  items.push({ id: rid, type: REL_DRAWING, target: `../drawings/drawing${dn}.xml`, mode: undefined });
  changed.set(
    relsPath,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      items.map((r) => `<Relationship Id="${esc(r.id)}" Type="${esc(r.type)}" Target="${esc(r.target)}"${r.mode ? ` TargetMode="${r.mode}"` : ''}/>`).join('') +
      `</Relationships>`,
  );

  // <drawing> goes after the page set-up elements and before legacyDrawing, tableParts and extLst (CT_Worksheet order).
  if (!/xmlns:r="/.test(sheetXml.slice(0, sheetXml.indexOf('>', sheetXml.indexOf('<worksheet')))))
    sheetXml = sheetXml.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS_R}"`);
  const tag = `<drawing r:id="${rid}"/>`;
  const before = /<(legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b/.exec(sheetXml);
  sheetXml = before ? sheetXml.slice(0, before.index) + tag + sheetXml.slice(before.index) : sheetXml.replace('</worksheet>', `${tag}</worksheet>`);
  changed.set(part, sheetXml);

  const types = await read('[Content_Types].xml');
  if (types === undefined) throw new Error('not a package: [Content_Types].xml is missing');
  const override = (name: string, type: string) => (types.includes(`PartName="${name}"`) ? '' : `<Override PartName="${name}" ContentType="${type}"/>`);
  changed.set('[Content_Types].xml', types.replace('</Types>', `${override(`/xl/drawings/drawing${dn}.xml`, CT_DRAWING)}${override(`/xl/charts/chart${cn}.xml`, CT_CHART)}</Types>`));

  // Changed parts where they were, new ones at the end; the rest copied compressed, as they are.
  const text = new Map([...changed].map(([name, xml]) => [zipName(name), xml]));
  const entries: PackEntry[] = [];
  for (const [name, e] of parts) {
    const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
    const xml = text.get(name);
    text.delete(name);
    const data = entryBytes(xlsx, e); // checks the local header, and that the method is stored or deflate
    const crc = localCrc(xlsx, e);
    if (xml !== undefined) entries.push(packEntry(bytes, utf8Bytes(xml), LEVEL));
    else if (crc === undefined) entries.push(packEntry(bytes, await inflated(xlsx, e), LEVEL));
    else entries.push({ name: bytes, crc, size: e.uncompressedSize, method: e.method === 8 ? 8 : 0, data });
  }
  for (const [name, xml] of text) entries.push(packEntry(Uint8Array.from(name, (c) => c.charCodeAt(0)), utf8Bytes(xml), LEVEL));
  // Plain bytes: the CLI (Node) and the browser page both use this.
  return packZip(entries, when);
}

/** The appendix's chart: rates before and after per unit, from the sorted range the appendix planner wrote. */
export function appendixChartSpec(sheet: string, c: ChartRange): BarChartSpec {
  const abs = (col: number, r1: number, r2?: number) => `$${colName(col)}$${r1 + 1}${r2 !== undefined ? `:$${colName(col)}$${r2 + 1}` : ''}`;
  return {
    sheet,
    title: c.title,
    categoriesRef: abs(c.nameCol, c.firstRow, c.lastRow),
    categories: c.names,
    series: [
      { name: c.startHeader, nameRef: abs(c.startCol, c.headerRow), ref: abs(c.startCol, c.firstRow, c.lastRow), values: c.startRates },
      { name: c.endHeader, nameRef: abs(c.endCol, c.headerRow), ref: abs(c.endCol, c.firstRow, c.lastRow), values: c.endRates },
    ],
    numFmt: '0.00',
    // Next to the table, from its header row down: eight columns wide, two rows per unit (at least 18).
    from: { col: c.tableLastCol + 2, row: 3 },
    to: { col: c.tableLastCol + 10, row: 3 + Math.max(18, c.names.length * 2) },
  };
}
