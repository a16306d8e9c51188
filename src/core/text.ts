// Text as officers type it: NFC or NFD, any case, with or without
// diacritics, line breaks and double spaces. Everything that matches
// Vietnamese words goes through `fold` first.

const COMBINING = /[\u0300-\u036f]/g;

/** Lower case, no diacritics (đ → d), single spaces, trimmed. */
export function fold(s: string): string {
  // Every table row's label goes through here: Latin text (all Vietnamese) is folded a
  // character at a time from a cache, anything else the slow, general way; text folded
  // already (an ordinal "12", "1.2") is returned as it is.
  if (isFolded(s)) return s;
  let out = '';
  let pending = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let f: string | undefined;
    if (c < 128) {
      if (c === 32 || (c >= 9 && c <= 13)) {
        pending = true;
        continue;
      }
      f = c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : s[i];
    } else {
      f = foldedChar(c);
      if (f === undefined) return foldSlow(s);
      if (f === ' ') {
        pending = true;
        continue;
      }
    }
    if (!f) continue;
    if (pending && out) out += ' ';
    pending = false;
    out += f;
  }
  return out;
}

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
  return s.normalize('NFC').replace(/[\s\u00a0\u2000-\u200b]+/g, ' ').trim();
}

/** The last four-digit year in a header, e.g. "Hộ nghèo cuối năm 2019" → 2019. */
export function yearIn(s: string): number | null {
  const m = s.match(/\b(19|20)\d{2}\b/g);
  return m ? parseInt(m[m.length - 1], 10) : null;
}
