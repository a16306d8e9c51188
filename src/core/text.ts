// Text as officers type it: NFC or NFD, any case, with or without
// diacritics, line breaks and double spaces. Everything that matches
// Vietnamese words goes through `fold` first.

const COMBINING = /[\u0300-\u036f]/g;

/** Lower case, no diacritics (đ → d), single spaces, trimmed. */
export function fold(s: string): string {
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
