// Reading numbers the way officers type them: `1.411` and `14.653` (dot
// thousands), `9,92` (decimal comma), `1,4%`, or real numbers with a number
// format. The precision of a value is what the sheet shows.
import type { Cell } from './grid';
import { type Dec, fromNumber, fromPlain, mul, dec, cmp, neg } from './decimal';

export type NumberUse = 'count' | 'rate';

export type NumRead =
  | {
      ok: true;
      value: Dec;
      /** Decimals the sheet shows for this cell. */
      shown: number;
      /** Typed as text (a number stored as text). */
      fromText: boolean;
    }
  | { ok: false; reason: 'empty' | 'error' | 'text' | 'date' | 'boolean' | 'too-large'; raw: string };

/**
 * Magnitudes from here on are not figures of households, persons or rates (a
 * country has ~10^8 people) but noise such as 1.8e308; past 2^53 a sum of them
 * is no longer exact in a JavaScript number, and Infinity follows. Such cells
 * are unusable, like text.
 */
export const TOO_LARGE = 1e15;

const TOO_LARGE_DEC: Dec = { n: BigInt(TOO_LARGE), s: 0 };
const D_TOO_LARGE = (d: Dec) => cmp(d.n < 0n ? neg(d) : d, TOO_LARGE_DEC) >= 0;

const EMPTY_READ: NumRead = { ok: false, reason: 'empty', raw: '' };

/** Decimals a number format shows, and whether it is a percent format; null for General. */
const formatCache = new Map<string, { decimals: number; percent: boolean } | null>();

export function formatInfo(fmt: string | undefined): { decimals: number; percent: boolean } | null {
  if (!fmt) return null;
  // A sheet has a handful of formats over thousands of cells.
  let info = formatCache.get(fmt);
  if (info === undefined) {
    info = parseFormat(fmt);
    if (formatCache.size < 1000) formatCache.set(fmt, info);
  }
  return info;
}

function parseFormat(fmt: string): { decimals: number; percent: boolean } | null {
  if (/^general$/i.test(fmt) || fmt === '@') return null;
  const section = fmt
    .split(';')[0]
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '');
  const m = /[0#?]*\.([0#?]+)/.exec(section);
  const decimals = m ? m[1].length : 0;
  return { decimals, percent: section.includes('%') };
}

/** Significant decimals of a number as Excel's General format would show it (about 10 significant digits). */
function generalDecimals(x: number): number {
  const d = fromNumber(x);
  const intDigits = Math.max(1, Math.floor(Math.log10(Math.abs(x) || 1)) + 1);
  return Math.min(d.s, Math.max(0, 10 - intDigits));
}

const TEXT_NUMBER = /^[+-]?[\d.,]*\d[\d.,]*$/;

/**
 * Parses typed text. A lone separator followed by exactly three digits
 * (`1.411`, `1,411`) is ambiguous: a thousands group for counts, a decimal
 * point for rates.
 */
export function parseTyped(raw: string, use: NumberUse): { value: Dec; decimals: number } | null {
  let s = raw.replace(/[\s\u00a0\u2000-\u200b]/g, '');
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1);
  }
  if (!TEXT_NUMBER.test(s)) return null;
  let sign = '';
  if (s[0] === '+' || s[0] === '-') {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1);
  }
  const dots = (s.match(/\./g) || []).length;
  const commas = (s.match(/,/g) || []).length;
  let intPart: string;
  let frac = '';
  const grouped = (body: string, sep: string) => {
    const parts = body.split(sep);
    if (parts[0].length < 1 || parts[0].length > 3) return null;
    for (let i = 1; i < parts.length; i++) if (parts[i].length !== 3) return null;
    return parts.join('');
  };
  if (dots && commas) {
    const lastDot = s.lastIndexOf('.');
    const lastComma = s.lastIndexOf(',');
    const point = lastDot > lastComma ? '.' : ',';
    const group = point === '.' ? ',' : '.';
    const at = s.lastIndexOf(point);
    if ((point === '.' ? dots : commas) > 1) return null;
    const g = grouped(s.slice(0, at), group);
    if (g === null) return null;
    intPart = g;
    frac = s.slice(at + 1);
  } else if (dots > 1 || commas > 1) {
    const g = grouped(s, dots > 1 ? '.' : ',');
    if (g === null) return null;
    intPart = g;
  } else if (dots === 1 || commas === 1) {
    const sep = dots === 1 ? '.' : ',';
    const [a, b] = s.split(sep);
    const thousands = b.length === 3 && a.length >= 1 && a.length <= 3 && a !== '0' && use === 'count';
    if (thousands) intPart = a + b;
    else {
      intPart = a;
      frac = b;
    }
  } else intPart = s;
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(frac) || intPart + frac === '') return null;
  // "1,4%" typed in a rate column means 1.4 (percent units), like the column's other cells.
  void percent;
  return { value: fromPlain(sign + (intPart || '0') + (frac ? '.' + frac : '')), decimals: frac.length };
}

// Reads of small whole numbers, shared: a large sheet holds a million of them and
// most are below a few thousand. Reads are never mutated.
const WHOLE_CACHED = 4096;
const wholeReads: NumRead[] = [];

function wholeRead(x: number, shown: number): NumRead {
  if (shown === 0 && x >= 0 && x < WHOLE_CACHED) {
    let r = wholeReads[x];
    if (!r) wholeReads[x] = r = Object.freeze({ ok: true, value: Object.freeze({ n: BigInt(x), s: 0 }), shown: 0, fromText: false }) as NumRead;
    return r;
  }
  return { ok: true, value: { n: BigInt(x), s: 0 }, shown, fromText: false };
}

// Other numbers (rates, fractions) by number format and value, shared the same way, up to a bound.
const FRACTION_CACHED = 65536;
const fractionReads = new Map<string, Map<number, NumRead>>();
let fractionReadCount = 0;

/** Reads a cell as a number for the given use. */
export function readNumber(cell: Cell, use: NumberUse): NumRead {
  const v = cell.value;
  switch (v.kind) {
    case 'empty':
      return EMPTY_READ;
    case 'number': {
      if (!(Math.abs(v.value) < TOO_LARGE)) return { ok: false, reason: 'too-large', raw: String(v.value) };
      const fmt = formatInfo(cell.numFmt);
      // Most cells are whole counts: skip the decimal string round trip.
      if (Number.isSafeInteger(v.value) && !fmt?.percent) return wholeRead(v.value, fmt ? fmt.decimals : 0);
      // Rates: a column of 100,000 holds a few thousand distinct values; one read each.
      const fmtKey = cell.numFmt ?? '';
      let byValue = fractionReads.get(fmtKey);
      const hit = byValue?.get(v.value);
      if (hit) return hit;
      let value = fromNumber(v.value);
      if (fmt?.percent) value = mul(value, dec(100));
      const shown = fmt ? fmt.decimals : generalDecimals(v.value);
      const read: NumRead = Object.freeze({ ok: true, value: Object.freeze(value), shown, fromText: false });
      if (fractionReadCount < FRACTION_CACHED) {
        if (!byValue) fractionReads.set(fmtKey, (byValue = new Map()));
        byValue.set(v.value, read);
        fractionReadCount++;
      }
      return read;
    }
    case 'text': {
      // A lone dash or x is how officers write "none" in a table.
      if (/^\s*[-–—x]?\s*$/i.test(v.value)) return EMPTY_READ;
      const p = parseTyped(v.value, use);
      if (!p) return { ok: false, reason: 'text', raw: v.value };
      if (D_TOO_LARGE(p.value)) return { ok: false, reason: 'too-large', raw: v.value };
      return { ok: true, value: p.value, shown: p.decimals, fromText: true };
    }
    case 'error':
      return { ok: false, reason: 'error', raw: v.value };
    case 'date':
      return { ok: false, reason: 'date', raw: v.value };
    case 'boolean':
      return { ok: false, reason: 'boolean', raw: String(v.value) };
  }
}
