// Text as officers type it: NFC or NFD, any case, with or without
// diacritics, line breaks and double spaces. Everything that matches
// Vietnamese words goes through `fold` first.

const COMBINING = /[\u0300-\u036f]/g;

/** Lower case, no diacritics (đ → d), single spaces, trimmed. */
export function fold(s: string): string {
  // Every table row's label goes through here: Latin text (all Vietnamese) is folded a
  // character at a time from a cache into one reused buffer, made a string once (adding
  // to a string char by char copies it each time: a fifth of the engine's garbage);
  // anything else the slow, general way; text folded already (an ordinal "12") is returned as it is.
  if (isFolded(s)) return s;
  const out = foldBuffer;
  let n = 0;
  let pending = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (c === 32 || (c >= 9 && c <= 13)) {
        pending = true;
        continue;
      }
      if (pending && n > 0) out[n++] = 32;
      pending = false;
      out[n++] = c >= 65 && c <= 90 ? c + 32 : c;
    } else {
      const f = foldedChar(c);
      if (f === undefined) return foldSlow(s);
      if (f === ' ') {
        pending = true;
        continue;
      }
      if (!f) continue;
      if (pending && n > 0) out[n++] = 32;
      pending = false;
      for (let k = 0; k < f.length; k++) out[n++] = f.charCodeAt(k);
    }
  }
  out.length = n;
  return n <= 4096 ? String.fromCharCode.apply(null, out) : foldSlow(s);
}

/** fold's output, reused (its length set to each result's). */
const foldBuffer: number[] = [];

/** Lower-case ASCII with single spaces between words: what fold makes of it. */
function isFolded(s: string): boolean {
  const last = s.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (c >= 65 && c <= 90) || (c >= 9 && c <= 13)) return false;
    if (c === 32 && (i === 0 || i === last || s.charCodeAt(i + 1) === 32)) return false;
  }
  return true;
}

const foldCache = new Map<number, string>();

/** One Latin letter (or space, or combining mark) folded; undefined outside the Latin ranges. */
function foldedChar(c: number): string | undefined {
  const latin = c < 0x250 || (c >= 0x300 && c <= 0x36f) || (c >= 0x1e00 && c <= 0x1eff) || (c >= 0x2000 && c <= 0x200b);
  if (!latin) return undefined;
  let f = foldCache.get(c);
  if (f === undefined) {
    const ch = String.fromCharCode(c);
    f = SPACE.test(ch) ? ' ' : foldSlow(ch);
    foldCache.set(c, f);
  }
  return f;
}

const SPACE = /^[\s\u00a0\u2000-\u200b]$/;

/** The definition; `fold` must agree with it on every string (tested). */
export function foldSlow(s: string): string {
  return s
    .normalize('NFD')
    .replace(COMBINING, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s\u00a0\u2000-\u200b]+/g, ' ')
    .trim();
}

/** Display form: NFC, single spaces, no line breaks. */
export function tidy(s: string): string {
  const n = s.normalize('NFC');
  // Most labels are tidy already: no new string for them (every text cell of a table comes here).
  return UNTIDY.test(n) ? n.replace(/[\s\u00a0\u2000-\u200b]+/g, ' ').trim() : n;
}

/** Whitespace tidy would change: any but a single space between words. */
const UNTIDY = /[^\S ]|\u200b| {2}|^ | $/;

/** The last four-digit year in a header, e.g. "Hộ nghèo cuối năm 2019" → 2019. */
export function yearIn(s: string): number | null {
  const m = s.match(/\b(19|20)\d{2}\b/g);
  return m ? parseInt(m[m.length - 1], 10) : null;
}
