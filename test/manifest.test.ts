// Offline structural checks of manifest.xml (CI has no network, and
// `office-addin-manifest validate` needs one: run `npm run validate` for the
// full schema check). The same checks run on the production manifest that
// the build writes for ADDIN_BASE_URL.
import * as fs from 'fs';
import * as path from 'path';
import { DEV_ORIGIN, normaliseBaseUrl, rewriteManifest, stripXmlComments } from '../scripts/addin-config';
import { MIN_READ_API } from '../src/hosts/excel/requirements';
import { ICON_SIZES, encodePng, renderIcon } from '../scripts/make-icons';

const ROOT = path.resolve(__dirname, '..');
const MANIFEST = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');

// ---------------------------------------------------------------------------
// A small strict XML reader: elements, attributes, text, comments, the XML
// declaration. Enough for a manifest; it throws on anything malformed.
// ---------------------------------------------------------------------------

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  parent?: XmlElement;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (m, ent: string | undefined) => {
    if (!ent) throw new Error('bare & in XML text');
    if (ent.startsWith('#x')) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    if (ent.startsWith('#')) return String.fromCodePoint(parseInt(ent.slice(1), 10));
    if (!(ent in ENTITIES)) throw new Error(`unknown entity &${ent};`);
    return ENTITIES[ent];
  });
}

function parseXml(xml: string): XmlElement {
  let pos = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (msg: string): never => {
    const line = xml.slice(0, pos).split('\n').length;
    throw new Error(`XML line ${line}: ${msg}`);
  };
  if (xml.charCodeAt(0) === 0xfeff) pos = 1;
  while (pos < xml.length) {
    if (xml.startsWith('<?', pos)) {
      const end = xml.indexOf('?>', pos);
      if (end < 0) fail('unclosed <?');
      pos = end + 2;
    } else if (xml.startsWith('<!--', pos)) {
      const end = xml.indexOf('-->', pos);
      if (end < 0) fail('unclosed comment');
      if (xml.slice(pos + 4, end).includes('--')) fail('"--" inside a comment');
      pos = end + 3;
    } else if (xml.startsWith('<![CDATA[', pos)) {
      const end = xml.indexOf(']]>', pos);
      if (end < 0 || !stack.length) fail('bad CDATA');
      stack[stack.length - 1].text += xml.slice(pos + 9, end);
      pos = end + 3;
    } else if (xml.startsWith('<!', pos)) {
      fail('DOCTYPE and other declarations are not expected in a manifest');
    } else if (xml.startsWith('</', pos)) {
      const m = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(xml.slice(pos));
      if (!m) fail('bad closing tag');
      const open = stack.pop();
      if (!open || open.name !== m![1]) fail(`</${m![1]}> closes <${open?.name ?? 'nothing'}>`);
      pos += m![0].length;
    } else if (xml[pos] === '<') {
      const m = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(xml.slice(pos));
      if (!m) fail('bad opening tag');
      const attrs: Record<string, string> = {};
      for (const a of m![2].matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        if (a[1] in attrs) fail(`attribute ${a[1]} repeated`);
        attrs[a[1]] = decode(a[2] ?? a[3] ?? '');
      }
      const el: XmlElement = { name: m![1], attrs, children: [], text: '', parent: stack[stack.length - 1] };
      if (el.parent) el.parent.children.push(el);
      else if (root) fail('second root element');
      else root = el;
      if (!m![3]) stack.push(el);
      pos += m![0].length;
    } else {
      const end = xml.indexOf('<', pos);
      const text = xml.slice(pos, end < 0 ? xml.length : end);
      if (stack.length) stack[stack.length - 1].text += decode(text);
      else if (text.trim()) fail('text outside the root element');
      pos = end < 0 ? xml.length : end;
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1].name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Local name without the namespace prefix (bt:Image -> Image). */
const local = (el: XmlElement) => el.name.replace(/^.*:/, '');

function all(el: XmlElement, pred: (e: XmlElement) => boolean = () => true, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (pred(c)) out.push(c);
    all(c, pred, out);
  }
  return out;
}

function child(el: XmlElement, name: string): XmlElement {
  const found = el.children.filter((c) => local(c) === name);
  if (found.length !== 1) throw new Error(`<${el.name}> has ${found.length} <${name}> children, expected 1`);
  return found[0];
}

/** Path of local names from `from` down to `to`, for messages and structure checks. */
function ancestry(el: XmlElement): string {
  const names: string[] = [];
  for (let e: XmlElement | undefined = el; e; e = e.parent) names.unshift(local(e));
  return names.join('/');
}

// ---------------------------------------------------------------------------
// PNG size from the IHDR chunk
// ---------------------------------------------------------------------------

function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (b.length < 24 || !b.subarray(0, 8).equals(sig)) throw new Error(`${file} is not a PNG`);
  if (b.toString('ascii', 12, 16) !== 'IHDR') throw new Error(`${file}: first chunk is not IHDR`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

// ---------------------------------------------------------------------------
// The checks, for a manifest text and the base URL it should use
// ---------------------------------------------------------------------------

/** Children of <OfficeApp xsi:type="TaskPaneApp">, in the schema's order (OfficeApp base, then the TaskPaneApp extension). */
const OFFICE_APP_ORDER = [
  'Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description',
  'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains',
  'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'Dictionary', 'VersionOverrides', 'ExtendedOverrides',
];
const OFFICE_APP_REQUIRED = [
  'Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl',
  'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'VersionOverrides',
];
/** Child order inside the VersionOverrides elements this manifest uses (TaskPaneAppVersionOverridesV1_0.xsd). */
const NESTED_ORDER: Record<string, string[]> = {
  VersionOverrides: ['Description', 'Requirements', 'Hosts', 'Resources', 'EquivalentAddins', 'VersionOverrides'],
  DesktopFormFactor: ['GetStarted', 'FunctionFile', 'ExtensionPoint'],
  GetStarted: ['Title', 'Description', 'LearnMoreUrl'],
  Group: ['Label', 'Icon', 'Control'],
  Control: ['Label', 'Supertip', 'Icon', 'Action'],
  Supertip: ['Title', 'Description'],
  Action: ['TaskpaneId', 'SourceLocation', 'Title', 'SupportsPinning'],
  Resources: ['Images', 'Urls', 'ShortStrings', 'LongStrings'],
};

/** Which resource collection an element's resid must point into. */
function residKind(el: XmlElement): 'Images' | 'Urls' | 'ShortStrings' | 'LongStrings' {
  const name = local(el);
  const parent = el.parent ? local(el.parent) : '';
  if (name === 'Image') return 'Images';
  if (name === 'SourceLocation' || name === 'LearnMoreUrl' || name === 'FunctionFile') return 'Urls';
  if (name === 'Description' && (parent === 'Supertip' || parent === 'GetStarted' || parent === 'VersionOverrides')) return 'LongStrings';
  if (name === 'Label' || name === 'Title') return 'ShortStrings';
  throw new Error(`unexpected resid on ${ancestry(el)}`);
}

function assertOrder(el: XmlElement, order: string[]): void {
  let last = -1;
  for (const c of el.children) {
    const i = order.indexOf(local(c));
    if (i < 0) throw new Error(`<${local(c)}> is not a known child of <${local(el)}> (${ancestry(el)})`);
    if (i < last) throw new Error(`<${local(c)}> is out of order in ${ancestry(el)}: expected ${order.join(', ')}`);
    last = i;
  }
}

function checkManifest(xml: string, base: string): void {
  const root = parseXml(xml);
  const urlPrefix = `${base}/`;

  // Root and OfficeApp children in the schema's order.
  expect(root.name).toBe('OfficeApp');
  expect(root.attrs.xmlns).toBe('http://schemas.microsoft.com/office/appforoffice/1.1');
  expect(root.attrs['xsi:type']).toBe('TaskPaneApp');
  assertOrder(root, OFFICE_APP_ORDER);
  const names = root.children.map(local);
  for (const req of OFFICE_APP_REQUIRED) expect(names.filter((n) => n === req)).toEqual([req]);

  // Identity.
  const id = child(root, 'Id').text.trim();
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(child(root, 'Version').text.trim()).toMatch(/^\d{1,5}(\.\d{1,5}){1,3}$/);
  expect(child(root, 'ProviderName').text.trim()).not.toBe('');
  expect(child(root, 'DefaultLocale').text.trim()).toBe('vi-VN');

  // Host, requirement set, permissions, source page.
  const hosts = child(root, 'Hosts').children;
  expect(hosts.map((h) => [local(h), h.attrs.Name])).toEqual([['Host', 'Workbook']]);
  const sets = child(child(root, 'Requirements'), 'Sets');
  const excelApi = sets.children.filter((s) => s.attrs.Name === 'ExcelApi');
  expect(excelApi).toHaveLength(1);
  // The same minimum the Excel host refuses to run below.
  expect(excelApi[0].attrs.MinVersion ?? sets.attrs.DefaultMinVersion).toBe(MIN_READ_API);
  expect(child(root, 'Permissions').text.trim()).toBe('ReadWriteDocument');
  const sourceLocation = child(child(root, 'DefaultSettings'), 'SourceLocation').attrs.DefaultValue;
  expect(sourceLocation).toBe(`${urlPrefix}taskpane.html`);

  // Every element with a DisplayName-style Override carries en-US; so does every string resource.
  for (const name of ['DisplayName', 'Description']) {
    const el = child(root, name);
    expect(el.attrs.DefaultValue?.trim()).toBeTruthy();
    expect(el.attrs.DefaultValue.length).toBeLessThanOrEqual(name === 'DisplayName' ? 125 : 250);
    const overrides = el.children.filter((c) => local(c) === 'Override');
    expect(overrides.map((o) => o.attrs.Locale)).toEqual(['en-US']);
    expect(overrides[0].attrs.Value?.trim()).toBeTruthy();
    expect(overrides[0].attrs.Value).not.toBe(el.attrs.DefaultValue);
  }

  // VersionOverrides: ribbon button on the Home tab that shows the task pane.
  const vo = child(root, 'VersionOverrides');
  expect(vo.attrs.xmlns).toBe('http://schemas.microsoft.com/office/taskpaneappversionoverrides');
  expect(vo.attrs['xsi:type']).toBe('VersionOverridesV1_0');
  for (const el of [vo, ...all(vo)]) {
    const order = NESTED_ORDER[local(el)];
    if (order) assertOrder(el, order);
  }
  const voHost = child(child(vo, 'Hosts'), 'Host');
  expect(voHost.attrs['xsi:type']).toBe('Workbook');
  const ext = child(child(voHost, 'DesktopFormFactor'), 'ExtensionPoint');
  expect(ext.attrs['xsi:type']).toBe('PrimaryCommandSurface');
  const tab = child(ext, 'OfficeTab');
  expect(tab.attrs.id).toBe('TabHome');
  const group = child(tab, 'Group');
  expect(group.attrs.id).toBeTruthy();
  const button = child(group, 'Control');
  expect(button.attrs['xsi:type']).toBe('Button');
  const action = child(button, 'Action');
  expect(action.attrs['xsi:type']).toBe('ShowTaskpane');

  // Resources: ids unique, every resid defined in the right collection, every resource used.
  const resources = child(vo, 'Resources');
  const defined = new Map<string, { kind: string; el: XmlElement }>();
  for (const collection of resources.children) {
    for (const res of collection.children) {
      const rid = res.attrs.id;
      expect(rid).toBeTruthy();
      expect(rid.length).toBeLessThanOrEqual(32);
      if (defined.has(rid)) throw new Error(`resource id ${rid} defined twice`);
      defined.set(rid, { kind: local(collection), el: res });
    }
  }
  const used = new Set<string>();
  for (const el of all(vo, (e) => 'resid' in e.attrs)) {
    const rid = el.attrs.resid;
    const def = defined.get(rid);
    if (!def) throw new Error(`${ancestry(el)} uses resid "${rid}", which no resource defines`);
    expect([ancestry(el), def.kind]).toEqual([ancestry(el), residKind(el)]);
    used.add(rid);
  }
  expect([...defined.keys()].filter((rid) => !used.has(rid))).toEqual([]);
  const resourceText = (rid: string) => defined.get(rid)!.el.attrs.DefaultValue;
  expect(resourceText(child(button, 'Label').attrs.resid)).toBe('Kiểm tra bảng');
  expect(resourceText(child(action, 'SourceLocation').attrs.resid)).toBe(sourceLocation);

  // Control, group and other element ids are unique too.
  const resourceIds = new Set(resources.children.flatMap((c) => c.children));
  const elementIds = all(root, (e) => 'id' in e.attrs && !resourceIds.has(e)).map((e) => e.attrs.id);
  expect(elementIds).toEqual(expect.arrayContaining(['TabHome', group.attrs.id, button.attrs.id]));
  expect(new Set(elementIds).size).toBe(elementIds.length);

  // Both languages for every string; Office's length limits.
  for (const collection of ['ShortStrings', 'LongStrings']) {
    for (const s of child(resources, collection).children) {
      const limit = collection === 'ShortStrings' ? 125 : 250;
      expect(s.attrs.DefaultValue?.trim()).toBeTruthy();
      expect(s.attrs.DefaultValue.length).toBeLessThanOrEqual(limit);
      const overrides = s.children.filter((c) => local(c) === 'Override');
      expect([s.attrs.id, overrides.map((o) => o.attrs.Locale)]).toEqual([s.attrs.id, ['en-US']]);
      expect(overrides[0].attrs.Value?.trim()).toBeTruthy();
      expect(overrides[0].attrs.Value.length).toBeLessThanOrEqual(limit);
    }
  }

  // Every URL anywhere in the manifest is HTTPS under the add-in's base URL
  // (namespace declarations aside).
  const urls: string[] = [];
  for (const el of [root, ...all(root)]) {
    for (const [k, v] of Object.entries(el.attrs)) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) urls.push(v);
    }
    if (/:\/\//.test(el.text)) urls.push(el.text.trim());
  }
  expect(urls.length).toBeGreaterThan(5);
  for (const u of urls) expect([u, u.startsWith(urlPrefix)]).toEqual([u, true]);

  // Icons: each image URL is a file in assets/ with the pixel size it is declared at.
  const images: Array<{ url: string; size: number }> = [
    { url: child(root, 'IconUrl').attrs.DefaultValue, size: 32 },
    { url: child(root, 'HighResolutionIconUrl').attrs.DefaultValue, size: 64 },
  ];
  for (const img of all(vo, (e) => local(e) === 'Image' && local(e.parent!) === 'Images')) {
    const uses = all(vo, (e) => local(e) === 'Image' && e.attrs.resid === img.attrs.id).map((e) => Number(e.attrs.size));
    expect(new Set(uses).size).toBe(1);
    images.push({ url: img.attrs.DefaultValue, size: uses[0] });
  }
  for (const { url, size } of images) {
    const rel = url.slice(urlPrefix.length);
    expect(rel).toMatch(/^assets\/[\w.-]+\.png$/);
    expect([rel, pngSize(path.join(ROOT, rel))]).toEqual([rel, { width: size, height: size }]);
  }
}

describe('manifest.xml', () => {
  test('is well-formed XML with a single OfficeApp root', () => {
    expect(parseXml(MANIFEST).name).toBe('OfficeApp');
    expect(() => parseXml('<a><b></a></b>')).toThrow();
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow();
    expect(() => parseXml('<a>AT&T</a>')).toThrow();
  });

  test('passes the structural checks for the development origin', () => {
    checkManifest(MANIFEST, DEV_ORIGIN);
  });

  test('the checks catch an out-of-order element, a dangling resid and a foreign URL', () => {
    const swapped = MANIFEST.replace(/(\s*<Version>[^<]*<\/Version>)(\s*<ProviderName>[^<]*<\/ProviderName>)/, '$2$1');
    expect(swapped).not.toBe(MANIFEST);
    expect(() => checkManifest(swapped, DEV_ORIGIN)).toThrow(/out of order/);
    const dangling = MANIFEST.replace('<Label resid="OpenPane.Label"/>', '<Label resid="Nope.Label"/>');
    expect(() => checkManifest(dangling, DEV_ORIGIN)).toThrow(/Nope\.Label/);
    const foreign = MANIFEST.replace(`${DEV_ORIGIN}/assets/icon-80.png`, 'https://cdn.example.com/icon-80.png');
    expect(() => checkManifest(foreign, DEV_ORIGIN)).toThrow();
  });

  test('ships the icons at 16, 32, 64, 80 and 128 px, as scripts/make-icons.ts draws them', () => {
    expect([...ICON_SIZES]).toEqual([16, 32, 64, 80, 128]);
    for (const size of ICON_SIZES) {
      const file = path.join(ROOT, 'assets', `icon-${size}.png`);
      expect(pngSize(file)).toEqual({ width: size, height: size });
      expect([size, fs.readFileSync(file).equals(encodePng(size, size, renderIcon(size)))]).toEqual([size, true]);
    }
  });
});

describe('production manifest (ADDIN_BASE_URL)', () => {
  test.each([
    ['https://povcheck.example.gov.vn', 'https://povcheck.example.gov.vn'],
    ['https://povcheck.example.gov.vn/', 'https://povcheck.example.gov.vn'],
    ['https://intranet.example.gov.vn:8443/apps/povcheck//', 'https://intranet.example.gov.vn:8443/apps/povcheck'],
  ])('%s passes the same checks with every URL under %s', (raw, base) => {
    const prod = rewriteManifest(MANIFEST, raw);
    expect(prod).not.toMatch(/localhost/);
    checkManifest(prod, base);
    // Only URLs change: same Id, same structure.
    expect(prod).not.toMatch(/<!--/);
    expect(prod.split(base).join(DEV_ORIGIN)).toBe(stripXmlComments(MANIFEST));
  });

  test.each([
    'http://povcheck.example.gov.vn',
    'povcheck.example.gov.vn',
    'https://povcheck.example.gov.vn/?v=2',
    'https://povcheck.example.gov.vn/#top',
    'https://user:pw@povcheck.example.gov.vn',
    'ftp://povcheck.example.gov.vn',
    '',
  ])('refuses %j', (raw) => {
    expect(() => normaliseBaseUrl(raw)).toThrow(/ADDIN_BASE_URL/);
  });
});
