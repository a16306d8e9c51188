// A small XML tokenizer for the two big parts of a workbook: the worksheets
// and the shared strings. Why not saxes, which reads the small parts
// (./small-xml.ts)? On the 10,000-row benchmark sheet (4.5 MB of XML) saxes
// alone took 140 ms warm and 220 ms cold, as the CLI always runs it: most of
// the time `povcheck check` may take in all. This scanner works on the
// inflated bytes: it jumps from `<` to `<`, and hands the reader byte ranges,
// so a cell's address, style and number are read without making a string
// (strings and their garbage were most of the time left). It keeps what saxes
// does for the documents Excel writes (entities and character references,
// CR LF handling, attribute whitespace, CDATA dropped as ExcelJS drops it) and
// fails like saxes on what is not well-formed (mismatched tags, undefined
// entities, control characters); test/hosts/xml-scan.test.ts checks it
// against saxes on generated documents cut into chunks anywhere.
import { utf8 } from './utf8';

/** A tag's attributes; valid only during the handler's call. */
export interface XmlAttrs {
  get(name: string): string | undefined;
  /** parseInt(value, 10), without making a string for plain digits; NaN when absent. */
  int(name: string): number;
  /** The value's first character code when it is one plain ASCII character, else -1 (absent, longer, escaped). */
  char(name: string): number;
  /** The column of a plain A1 address value (`AB12`), else 0. */
  column(name: string): number;
  /** Keeps a value without entities or control characters in `into`, to be read later; false otherwise. */
  keepPlain(name: string, into: TextPiece): boolean;
  /** Every attribute as an object (tests, small tags). */
  all(): Record<string, string>;
}

export interface XmlHandler {
  open(name: string, attrs: XmlAttrs): void;
  /** Valid only during the call; keep() copies what a reader needs later. */
  text(text: TextPiece): void;
  close(name: string): void;
}

export class XmlError extends Error {}

const LT = 60;
const GT = 62;
const SLASH = 47;
const QUOT = 34;
const APOS = 39;
const AMP = 38;
const EQ = 61;

const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;
const ENTITY = /&([^;&]*);|&/g;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isName(name: string): boolean {
  if (!name) return false;
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (c <= 32 || c === 60 || c === 62 || c === 34 || c === 39 || c === 47) return false;
  }
  return true;
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

function decodeText(s: string): string {
  if (FORBIDDEN.test(s)) throw new XmlError('disallowed character in text');
  if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
  return s.indexOf('&') >= 0 ? decodeEntities(s) : s;
}

function decodeAttr(s: string): string {
  if (FORBIDDEN.test(s)) throw new XmlError('disallowed character in attribute value');
  // Attribute-value normalisation: each white-space character (CR LF as one) becomes a space, before entities.
  s = s.replace(/\r\n|[\r\n\t]/g, ' ');
  return s.indexOf('&') >= 0 ? decodeEntities(s) : s;
}

/**
 * Bytes [from, to) as a string: short ASCII by hand, the rest through the UTF-8 decoder.
 * Up to 12 characters, as V8 builds longer strings joined this way as chains of pieces.
 */
function bytesToString(b: Uint8Array, from: number, to: number, ascii: boolean): string {
  if (ascii && to - from <= 12) {
    let s = '';
    for (let k = from; k < to; k++) s += String.fromCharCode(b[k]);
    return s;
  }
  return utf8(b, from, to);
}

// What a byte range holds, found in one pass.
const NON_ASCII = 1; // a byte ≥ 0x80: decode as UTF-8
const WORK = 2; // `&`, CR or a control character: decode entities, line ends, or fail

function textFlags(b: Uint8Array, from: number, to: number): number {
  let f = 0;
  for (let k = from; k < to; k++) {
    const c = b[k];
    if (c >= 128) f |= NON_ASCII;
    else if (c === AMP || (c < 32 && c !== 9 && c !== 10)) f |= WORK;
  }
  return f;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * parseFloat of plain decimal digits (`-12`, `3.25`) read off the bytes; NaN
 * when the range is anything else. Exact: an integer below 2^53 divided by an
 * exact power of ten is correctly rounded, as parseFloat is.
 */
function plainNumber(b: Uint8Array, from: number, to: number): number {
  let k = from;
  let neg = false;
  if (k < to && b[k] === 45) {
    neg = true;
    k++;
  }
  if (k >= to || to - k > 16) return NaN;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; k < to; k++) {
    const c = b[k];
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return NaN;
  }
  if (digits === 0 || m > 9007199254740991) return NaN;
  const v = frac > 0 ? m / POW10[frac] : m;
  return neg ? -v : v;
}

/**
 * Element names seen before, by length and first and last byte: a worksheet
 * repeats a dozen names a million times, and decoding each again is most of the garbage.
 */
class Names {
  private readonly known = new Map<number, string>();

  /** With `valid`, only names it accepts are returned; null for the rest. */
  constructor(private readonly valid?: (name: string) => boolean) {}

  get(b: Uint8Array, from: number, to: number): string | null {
    const n = to - from;
    const k = (n << 16) ^ (b[from] << 8) ^ b[to - 1];
    const hit = n > 64 ? undefined : this.known.get(k);
    if (hit !== undefined && hit.length === n) {
      let same = true;
      for (let j = 0; j < n; j++) {
        if (hit.charCodeAt(j) !== b[from + j]) {
          same = false;
          break;
        }
      }
      if (same) return hit;
    }
    let ascii = true;
    for (let j = from; j < to; j++) if (b[j] >= 128) ascii = false;
    const name = bytesToString(b, from, to, ascii);
    if (this.valid && !this.valid(name)) return null;
    if (ascii && n <= 64 && this.known.size < 512) this.known.set(k, name);
    return name;
  }
}

/** The attributes of the tag being reported: byte ranges into the current buffer, decoded on request. */
class Attrs implements XmlAttrs {
  buf: Uint8Array = new Uint8Array(0);
  count = 0;
  readonly names: string[] = [];
  readonly from: number[] = [];
  readonly to: number[] = [];
  readonly flags: number[] = [];

  private find(name: string): number {
    for (let k = 0; k < this.count; k++) if (this.names[k] === name) return k;
    return -1;
  }

  private value(k: number): string {
    const f = this.flags[k];
    const s = bytesToString(this.buf, this.from[k], this.to[k], (f & NON_ASCII) === 0);
    return f & WORK ? decodeAttr(s) : s;
  }

  get(name: string): string | undefined {
    const k = this.find(name);
    return k < 0 ? undefined : this.value(k);
  }

  int(name: string): number {
    const k = this.find(name);
    if (k < 0) return NaN;
    if (this.flags[k] === 0) {
      const b = this.buf;
      const to = this.to[k];
      let v = 0;
      let p = this.from[k];
      if (p < to && p + 9 >= to) {
        for (; p < to; p++) {
          const c = b[p];
          if (c < 48 || c > 57) break;
          v = v * 10 + c - 48;
        }
        if (p === to) return v;
      }
    }
    return parseInt(this.value(k), 10);
  }

  /** The column of a plain A1 address (`AB12`, as ./grid-read.ts's columnOf reads it inline), else 0. */
  column(name: string): number {
    const k = this.find(name);
    if (k < 0 || this.flags[k] !== 0) return 0;
    const b = this.buf;
    const to = this.to[k];
    let p = this.from[k];
    let col = 0;
    const start = p;
    for (; p < to; p++) {
      const c = b[p];
      if (c < 65 || c > 90) break;
      col = col * 26 + c - 64;
    }
    if (p === start || p - start > 3 || col > 16384 || p === to) return 0;
    for (; p < to; p++) if (b[p] < 48 || b[p] > 57) return 0;
    return col;
  }

  /** Keeps a value without entities or control characters in `into`, to be read later; false otherwise. */
  keepPlain(name: string, into: TextPiece): boolean {
    const k = this.find(name);
    if (k < 0 || this.flags[k] & WORK) return false;
    into.buf = this.buf;
    into.from = this.from[k];
    into.to = this.to[k];
    into.flags = this.flags[k];
    return true;
  }

  char(name: string): number {
    const k = this.find(name);
    return k >= 0 && this.flags[k] === 0 && this.to[k] === this.from[k] + 1 ? this.buf[this.from[k]] : -1;
  }

  all(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let k = 0; k < this.count; k++) out[this.names[k]] = this.value(k);
    return out;
  }
}

/** A run of text between two tags, as a byte range of the chunk it sits in. */
export class TextPiece {
  buf: Uint8Array = new Uint8Array(0);
  from = 0;
  to = 0;
  flags = 0;

  /** Holds on to the piece after the scanner moves on, as long as its chunk's bytes stay (see detach). */
  keep(t: TextPiece): void {
    this.buf = t.buf;
    this.from = t.from;
    this.to = t.to;
    this.flags = t.flags;
  }

  /** Copies the piece's bytes out of its chunk, for a chunk whose buffer will be written again. */
  detach(): void {
    this.buf = this.buf.slice(this.from, this.to);
    this.to -= this.from;
    this.from = 0;
  }

  /** The text as XML means it: entities decoded, CR LF as LF. */
  string(): string {
    const s = bytesToString(this.buf, this.from, this.to, (this.flags & NON_ASCII) === 0);
    return this.flags & WORK ? decodeText(s) : s;
  }

  /** parseFloat of the text, without making a string when it is a plain number. */
  number(): number {
    if (this.flags === 0) {
      const v = plainNumber(this.buf, this.from, this.to);
      if (!Number.isNaN(v)) return v;
    }
    return parseFloat(this.string());
  }

  /** parseInt(text, 10), without making a string for a plain whole number. */
  int(): number {
    // parseInt reads leading digits: ".0" is NaN to it, 0 to plainNumber.
    const d = this.buf[this.buf[this.from] === 45 ? this.from + 1 : this.from];
    if (this.flags === 0 && d >= 48 && d <= 57) {
      const v = plainNumber(this.buf, this.from, this.to);
      if (Number.isInteger(v)) return v;
    }
    return parseInt(this.string(), 10);
  }
}

const CDATA = [60, 33, 91, 67, 68, 65, 84, 65, 91]; // <![CDATA[
const COMMENT = [60, 33, 45, 45]; // <!--
const DOCTYPE = [60, 33, 68, 79, 67, 84, 89, 80, 69]; // <!DOCTYPE

/**
 * Where byte c next occurs in b[from, n), or -1. Uint8Array's own indexOf is a
 * call into C++ each time: on the short hops between tags, a loop is several times faster.
 */
function find(b: Uint8Array, c: number, from: number, n: number): number {
  for (let k = from; k < n; k++) if (b[k] === c) return k;
  return -1;
}

function startsWith(b: Uint8Array, at: number, n: number, pattern: number[]): boolean {
  if (at + pattern.length > n) return false;
  for (let k = 0; k < pattern.length; k++) if (b[at + k] !== pattern[k]) return false;
  return true;
}

/** Where `pattern` next occurs in b[from, n), or -1. */
function indexOfSeq(b: Uint8Array, pattern: number[], from: number, n: number): number {
  const first = pattern[0];
  for (let at = b.indexOf(first, from); at >= 0 && at + pattern.length <= n; at = b.indexOf(first, at + 1)) {
    if (startsWith(b, at, n, pattern)) return at;
  }
  return -1;
}

const END_COMMENT = [45, 45, 62]; // -->
const END_CDATA = [93, 93, 62]; // ]]>
const END_PI = [63, 62]; // ?>
const END_DOCTYPE_SUBSET = [93, 62]; // ]>
const END_TAG = [62];

/** How much of a new chunk is joined to the token carried over from the last one. */
const JOIN_HEAD = 64 * 1024;

/**
 * Feed the inflated bytes with write() as they arrive (tokens and characters
 * may span chunks); end() when done. Stops reporting after the root element
 * closes, as ExcelJS stops reading there.
 */
export class XmlScanner {
  private rest: Uint8Array | null = null;
  private readonly stack: string[] = [];
  private done = false;
  private sawRoot = false;
  private started = false;
  private readonly names = new Names();
  private readonly attrNames = new Names(isName);
  private readonly attrs = new Attrs();
  private readonly text = new TextPiece();

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: Uint8Array): void {
    if (this.done) return;
    const rest = this.rest;
    this.rest = null;
    if (rest) {
      // Only the carried token and the start of the chunk are joined: copying every
      // chunk whole doubled the large buffers a read churns through (and its peak memory).
      const head = Math.min(chunk.length, JOIN_HEAD);
      const joined = new Uint8Array(rest.length + head);
      joined.set(rest);
      joined.set(chunk.subarray(0, head), rest.length);
      const at = this.scan(joined, 0, false);
      if (this.done) return;
      if (at >= rest.length && head < chunk.length) {
        this.carry(chunk, this.scan(chunk, at - rest.length, false));
        return;
      }
      if (head === chunk.length) {
        this.carry(joined, at);
        return;
      }
      // A token longer than the head (a very long text): join it all.
      const all = new Uint8Array(rest.length + chunk.length);
      all.set(rest);
      all.set(chunk, rest.length);
      this.carry(all, this.scan(all, at, false));
      return;
    }
    this.carry(chunk, this.scan(chunk, 0, false));
  }

  /** Keeps b[at…] for the next chunk: a copy, so the carried bytes do not hold the whole chunk. */
  private carry(b: Uint8Array, at: number): void {
    this.rest = !this.done && at < b.length ? b.slice(at) : null;
  }

  end(): void {
    if (this.done) return;
    const b = this.rest ?? new Uint8Array(0);
    this.rest = null;
    this.scan(b, 0, true);
  }

  /** Returns where the first incomplete token starts. */
  private scan(b: Uint8Array, from: number, last: boolean): number {
    const h = this.handler;
    const stack = this.stack;
    const n = b.length;
    let i = from;
    if (!this.started) {
      if (n < 3 && !last) return 0;
      this.started = true;
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3; // byte-order mark
    }
    this.attrs.buf = b;
    this.text.buf = b;
    while (i < n) {
      const lt = find(b, LT, i, n);
      if (lt < 0) {
        if (!last) return i; // text may go on in the next chunk
        this.emitText(b, i, n);
        return n;
      }
      if (lt > i) this.emitText(b, i, lt);
      i = lt;
      if (i + 1 >= n) return last ? this.fail('unexpected end') : i;
      const c1 = b[i + 1];
      if (c1 === 33 /* ! */ || c1 === 63 /* ? */) {
        let endTok: number[];
        if (startsWith(b, i, n, COMMENT)) endTok = END_COMMENT;
        else if (startsWith(b, i, n, CDATA)) endTok = END_CDATA;
        else if (c1 === 63) endTok = END_PI;
        else if (startsWith(b, i, n, DOCTYPE)) {
          const bracket = b.indexOf(91 /* [ */, i);
          endTok = bracket >= 0 && bracket < b.indexOf(GT, i) ? END_DOCTYPE_SUBSET : END_TAG;
        } else if (n - i < 9 && !last) return i;
        else return this.fail('unknown markup');
        const e = indexOfSeq(b, endTok, i + 2, n);
        if (e < 0) return last ? this.fail('unexpected end') : i;
        // Comments, processing instructions and the doctype mean nothing here; ExcelJS drops CDATA too.
        i = e + endTok.length;
        continue;
      }
      if (c1 === SLASH) {
        // Usually the element just opened: compare in place instead of decoding the name.
        const open = stack[stack.length - 1];
        let e = open === undefined ? -1 : i + 2 + open.length;
        if (e >= 0 && e >= n) return last ? this.fail('unexpected end') : i;
        if (e < 0 || b[e] !== GT || !sameAscii(b, i + 2, open)) {
          e = find(b, GT, i + 2, n);
          if (e < 0) return last ? this.fail('unexpected end') : i;
          const name = utf8(b, i + 2, e).trimEnd();
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
      const p = this.startTag(b, i, n, last);
      if (p < 0) return i; // incomplete
      i = p;
    }
    return n;
  }

  /** Reads a start tag at i and reports it; the position after it, or -1 when the tag is not complete yet. */
  private startTag(b: Uint8Array, i: number, n: number, last: boolean): number {
    let p = i + 1;
    while (p < n) {
      const c = b[p];
      if (isSpace(c) || c === GT || c === SLASH) break;
      p++;
    }
    if (p >= n) return last ? this.fail('unexpected end') : -1;
    if (p === i + 1) this.fail('empty tag name');
    const name = this.names.get(b, i + 1, p) as string;
    const attrs = this.attrs;
    attrs.count = 0;
    let selfClosing = false;
    for (;;) {
      while (p < n && isSpace(b[p])) p++;
      if (p >= n) return last ? this.fail('unexpected end') : -1;
      const c = b[p];
      if (c === GT) {
        p++;
        break;
      }
      if (c === SLASH) {
        if (p + 1 >= n) return last ? this.fail('unexpected end') : -1;
        if (b[p + 1] !== GT) this.fail('"/" not followed by ">"');
        selfClosing = true;
        p += 2;
        break;
      }
      const eq = find(b, EQ, p, n);
      if (eq < 0) return last ? this.fail('unexpected end') : -1;
      let nameEnd = eq;
      while (nameEnd > p && isSpace(b[nameEnd - 1])) nameEnd--;
      // trimEnd also drops \v, \f and Unicode spaces: names ending in anything but printable ASCII take the long way.
      const lastChar = nameEnd > p ? b[nameEnd - 1] : 0;
      let attrName: string | null;
      if (lastChar > 32 && lastChar < 128) attrName = this.attrNames.get(b, p, nameEnd);
      else {
        attrName = utf8(b, p, eq).trimEnd();
        if (!isName(attrName)) attrName = null;
      }
      if (attrName === null) this.fail(`bad attribute in <${name}>`);
      p = eq + 1;
      while (p < n && isSpace(b[p])) p++;
      if (p >= n) return last ? this.fail('unexpected end') : -1;
      const q = b[p];
      if (q !== QUOT && q !== APOS) this.fail('unquoted attribute value');
      const close = find(b, q, p + 1, n);
      if (close < 0) return last ? this.fail('unexpected end') : -1;
      let flags = 0;
      for (let k = p + 1; k < close; k++) {
        const v = b[k];
        if (v >= 128) flags |= NON_ASCII;
        else if (v === LT) this.fail('"<" in attribute value');
        else if (v === AMP || v < 32) flags |= WORK;
      }
      const k = attrs.count;
      for (let j = 0; j < k; j++) if (attrs.names[j] === attrName) this.fail(`duplicate attribute ${attrName}`);
      attrs.names[k] = attrName;
      attrs.from[k] = p + 1;
      attrs.to[k] = close;
      attrs.flags[k] = flags;
      attrs.count = k + 1;
      // A value needing work is checked now, as the tag is read, whether or not the reader asks for it.
      if (flags & WORK) decodeAttr(utf8(b, p + 1, close));
      p = close + 1;
      const after = b[p];
      if (p < n && !isSpace(after) && after !== GT && after !== SLASH) this.fail('no white space between attributes');
    }
    const stack = this.stack;
    if (stack.length === 0) {
      if (this.sawRoot) this.fail('more than one root element');
      this.sawRoot = true;
    }
    this.handler.open(name, attrs);
    if (selfClosing) {
      this.handler.close(name);
      if (stack.length === 0) {
        this.done = true;
        return n;
      }
    } else stack.push(name);
    return p;
  }

  private emitText(b: Uint8Array, from: number, to: number): void {
    if (this.stack.length === 0) {
      for (let k = from; k < to; k++) {
        if (!isSpace(b[k])) {
          if (utf8(b, from, to).trim()) this.fail('text outside the root element');
          return;
        }
      }
      return;
    }
    const t = this.text;
    t.from = from;
    t.to = to;
    t.flags = textFlags(b, from, to);
    // Checked now, as saxes would, even when the reader does not use this text.
    if (t.flags & WORK) t.string();
    this.handler.text(t);
  }

  private fail(why: string): never {
    throw new XmlError(why);
  }
}

/** Whether the ASCII name sits in b at `at` (names with other characters compare false and take the long way). */
function sameAscii(b: Uint8Array, at: number, name: string): boolean {
  if (at + name.length > b.length) return false;
  for (let k = 0; k < name.length; k++) if (b[at + k] !== name.charCodeAt(k)) return false;
  return true;
}
