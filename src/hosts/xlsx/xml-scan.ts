// A small XML tokenizer for the two big parts of a workbook: the worksheets
// and the shared strings. Why not saxes, which reads the small parts
// (./parts.ts)? Measured on the 10,000-row benchmark sheet (4.5 MB of XML),
// saxes alone takes 140 ms warm and 220 ms cold, as the CLI always runs it:
// most of the time `povcheck check` may take in all. This scanner jumps from
// `<` to `<` with indexOf and decodes only text that holds `&` or `\r`, about
// ten times faster. It keeps what saxes does for the documents Excel writes
// (entities and character references, CR LF handling, attribute whitespace,
// CDATA dropped as ExcelJS drops it) and fails like saxes on what is not
// well-formed (mismatched tags, undefined entities, control characters);
// test/hosts/xml-scan.test.ts checks it against saxes on generated documents.

export type Attrs = Record<string, string>;

export interface XmlHandler {
  open(name: string, attrs: Attrs): void;
  text(text: string): void;
  close(name: string): void;
}

export class XmlError extends Error {}

const GT = 62;
const SLASH = 47;
const QUOT = 34;
const APOS = 39;

// Characters XML 1.0 forbids in text (saxes fails on them) plus what needs decoding.
const NEEDS_WORK = /[&\r\x00-\x08\x0b\x0c\x0e-\x1f]/;
const ATTR_NEEDS_WORK = /[&\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f]/;
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;
const ENTITY = /&([^;&]*);|&/g;

/** Shared by every tag without attributes; handlers only read it. */
const NO_ATTRS: Attrs = Object.freeze({}) as Attrs;

/**
 * Names seen before, by length and first and last character: a worksheet repeats
 * a dozen names a million times, and cutting each out again is most of the garbage.
 */
class Names {
  private readonly known = new Map<number, string>();

  /** With `valid`, only names it accepts are kept, so a name found here needs no second look. */
  constructor(private readonly valid?: (name: string) => boolean) {}

  /** s.slice(from, to), the string already held when it is one; null when `valid` refuses it. */
  get(s: string, from: number, to: number): string | null {
    const n = to - from;
    const k = (n << 16) ^ (s.charCodeAt(from) << 8) ^ s.charCodeAt(to - 1);
    const hit = n > 64 ? undefined : this.known.get(k);
    if (hit !== undefined && hit.length === n && s.startsWith(hit, from)) return hit;
    const name = s.slice(from, to);
    if (this.valid && !this.valid(name)) return null;
    if (n <= 64 && this.known.size < 512) this.known.set(k, name);
    return name;
  }
}

/** Attribute values of one ASCII character (style, type, flags): one string each. */
const ONE_CHAR: string[] = [];
for (let c = 0; c < 128; c++) ONE_CHAR.push(String.fromCharCode(c));

function isName(name: string): boolean {
  if (!name) return false;
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (c <= 32 || c === 60 || c === 62 || c === 34 || c === 39 || c === 47) return false;
  }
  return true;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function decodeEntities(s: string): string {
  return s.replace(ENTITY, (whole, body: string | undefined) => {
    switch (body) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      case undefined:
        throw new XmlError('unescaped "&" in text');
      default: {
        const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
        if (!m) throw new XmlError(`undefined entity ${whole}`);
        const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
        if (!(code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff))) {
          throw new XmlError(`character reference ${whole} is not a legal character`);
        }
        return String.fromCodePoint(code);
      }
    }
  });
}

/** Short strings (cell values, addresses) are checked faster by hand than by a regex call. */
function plain(s: string, attr: boolean): boolean {
  if (s.length > 24) return !(attr ? ATTR_NEEDS_WORK : NEEDS_WORK).test(s);
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 38 /* & */ || (c < 32 && (attr || (c !== 9 && c !== 10)))) return false;
  }
  return true;
}

function decodeText(s: string): string {
  if (plain(s, false)) return s;
  if (FORBIDDEN.test(s)) throw new XmlError('disallowed character in text');
  if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
  return s.indexOf('&') >= 0 ? decodeEntities(s) : s;
}

function decodeAttr(s: string): string {
  if (plain(s, true)) return s;
  if (FORBIDDEN.test(s)) throw new XmlError('disallowed character in attribute value');
  // Attribute-value normalisation: each white-space character (CR LF as one) becomes a space, before entities.
  s = s.replace(/\r\n|[\r\n\t]/g, ' ');
  return s.indexOf('&') >= 0 ? decodeEntities(s) : s;
}

/**
 * Feed text with write() as it arrives (tokens may span chunks); end() when done.
 * Stops reporting after the root element closes, as ExcelJS stops reading there.
 */
export class XmlScanner {
  private rest = '';
  private readonly stack: string[] = [];
  private done = false;
  private sawRoot = false;
  private readonly names = new Names();
  private readonly attrNames = new Names(isName);

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: string): void {
    if (this.done) return;
    const s = this.rest ? this.rest + chunk : chunk;
    this.rest = s.slice(this.scan(s, false));
  }

  end(): void {
    if (this.done) return;
    const s = this.rest;
    this.rest = '';
    this.scan(s, true);
  }

  /** Returns where the first incomplete token starts. */
  private scan(s: string, last: boolean): number {
    const h = this.handler;
    const stack = this.stack;
    const n = s.length;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        if (!last) return i; // text may go on in the next chunk
        this.emitText(s.slice(i));
        return n;
      }
      if (lt > i) this.emitText(s.slice(i, lt));
      i = lt;
      if (i + 1 >= n) return last ? this.fail('unexpected end') : i;
      const c1 = s.charCodeAt(i + 1);
      if (c1 === 33 /* ! */ || c1 === 63 /* ? */) {
        let endTok: string;
        if (s.startsWith('<!--', i)) endTok = '-->';
        else if (s.startsWith('<![CDATA[', i)) endTok = ']]>';
        else if (c1 === 63) endTok = '?>';
        else if (s.startsWith('<!DOCTYPE', i)) endTok = s.indexOf('[', i) >= 0 && s.indexOf('[', i) < s.indexOf('>', i) ? ']>' : '>';
        else if (n - i < 9 && !last) return i;
        else return this.fail('unknown markup');
        const e = s.indexOf(endTok, i + 2);
        if (e < 0) return last ? this.fail('unexpected end') : i;
        // Comments, processing instructions and the doctype mean nothing here; ExcelJS drops CDATA too.
        i = e + endTok.length;
        continue;
      }
      if (c1 === SLASH) {
        // Usually the element just opened: compare in place instead of cutting the name out.
        const open = stack[stack.length - 1];
        let e = open === undefined ? -1 : i + 2 + open.length;
        if (e >= 0 && e >= n) return last ? this.fail('unexpected end') : i;
        if (e < 0 || s.charCodeAt(e) !== GT || !s.startsWith(open, i + 2)) {
          e = s.indexOf('>', i + 2);
          if (e < 0) return last ? this.fail('unexpected end') : i;
          const name = s.slice(i + 2, e).trimEnd();
          if (name !== open) this.fail(open === undefined ? `unmatched </${name}>` : `</${name}> closes <${open}>`);
        }
        stack.pop();
        i = e + 1;
        h.close(open);
        if (stack.length === 0) {
          this.done = true;
          return n;
        }
        continue;
      }
      // Start tag: name, attributes, `>` or `/>`; `>` may sit inside a quoted value.
      let p = i + 1;
      while (p < n) {
        const c = s.charCodeAt(p);
        if (isSpace(c) || c === GT || c === SLASH) break;
        p++;
      }
      if (p >= n) return last ? this.fail('unexpected end') : i;
      if (p === i + 1) this.fail('empty tag name');
      const name = this.names.get(s, i + 1, p) as string;
      let attrs: Attrs = NO_ATTRS;
      let selfClosing = false;
      for (;;) {
        while (p < n && isSpace(s.charCodeAt(p))) p++;
        if (p >= n) return last ? this.fail('unexpected end') : i;
        const c = s.charCodeAt(p);
        if (c === GT) {
          p++;
          break;
        }
        if (c === SLASH) {
          if (p + 1 >= n) return last ? this.fail('unexpected end') : i;
          if (s.charCodeAt(p + 1) !== GT) this.fail('"/" not followed by ">"');
          selfClosing = true;
          p += 2;
          break;
        }
        const eq = s.indexOf('=', p);
        if (eq < 0) return last ? this.fail('unexpected end') : i;
        let nameEnd = eq;
        while (nameEnd > p && isSpace(s.charCodeAt(nameEnd - 1))) nameEnd--;
        // trimEnd also drops \v, \f and Unicode spaces: names ending in anything but printable ASCII take the long way.
        const lastChar = nameEnd > p ? s.charCodeAt(nameEnd - 1) : 0;
        let attrName: string | null;
        if (lastChar > 32 && lastChar < 128) attrName = this.attrNames.get(s, p, nameEnd);
        else {
          attrName = s.slice(p, eq).trimEnd();
          if (!isName(attrName)) attrName = null;
        }
        if (attrName === null) this.fail(`bad attribute in <${name}>`);
        p = eq + 1;
        while (p < n && isSpace(s.charCodeAt(p))) p++;
        if (p >= n) return last ? this.fail('unexpected end') : i;
        const q = s.charCodeAt(p);
        if (q !== QUOT && q !== APOS) this.fail('unquoted attribute value');
        const close = s.indexOf(q === QUOT ? '"' : "'", p + 1);
        if (close < 0) return last ? this.fail('unexpected end') : i;
        let value: string;
        if (close === p + 2 && s.charCodeAt(p + 1) < 128) {
          const c = s.charCodeAt(p + 1);
          if (c === 60) this.fail('"<" in attribute value');
          value = decodeAttr(ONE_CHAR[c]);
        } else {
          const raw = s.slice(p + 1, close);
          if (raw.indexOf('<') >= 0) this.fail('"<" in attribute value');
          value = decodeAttr(raw);
        }
        if (attrs === NO_ATTRS) attrs = {};
        else if (attrName in attrs) this.fail(`duplicate attribute ${attrName}`);
        attrs[attrName] = value;
        p = close + 1;
        const after = s.charCodeAt(p);
        if (p < n && !isSpace(after) && after !== GT && after !== SLASH) this.fail('no white space between attributes');
      }
      if (stack.length === 0) {
        if (this.sawRoot) this.fail('more than one root element');
        this.sawRoot = true;
      }
      i = p;
      h.open(name, attrs);
      if (selfClosing) {
        h.close(name);
        if (stack.length === 0) {
          this.done = true;
          return n;
        }
      } else stack.push(name);
    }
    return n;
  }

  private emitText(raw: string): void {
    if (this.stack.length === 0) {
      if (raw.trim()) this.fail('text outside the root element');
      return;
    }
    this.handler.text(decodeText(raw));
  }

  private fail(why: string): never {
    throw new XmlError(why);
  }
}
