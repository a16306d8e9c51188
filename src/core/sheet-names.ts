// Excel limits a sheet name to 31 UTF-16 code units, not 31 characters: an
// emoji counts twice, and ExcelJS cuts a longer name at 31 units. Names are
// fitted here by units, never cutting a surrogate pair in half, so a name made
// to be distinct stays distinct once written.

export const MAX_SHEET_NAME_UNITS = 31;

/** `s` cut to at most `max` UTF-16 units, on a code-point boundary. */
export function cutUnits(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = Math.max(0, max);
  // Do not end on the high half of a surrogate pair.
  const c = s.charCodeAt(end - 1);
  if (end > 0 && c >= 0xd800 && c <= 0xdbff) end--;
  return s.slice(0, end);
}

/** `head` shortened so that `head + suffix` fits in `max` units (at least one code point of head is kept). */
export function fitWithSuffix(head: string, suffix: string, max = MAX_SHEET_NAME_UNITS): string {
  const room = max - suffix.length;
  const first = head.length ? String.fromCodePoint(head.codePointAt(0)!) : '';
  return cutUnits(head, Math.max(first.length, room)).trimEnd() + suffix;
}
