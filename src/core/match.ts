// Unit names matched across tables and files, one way for every feature
// (the appendix merging units' workbooks, compare matching last year's units,
// the cross-table check within a workbook). Names match when equal ignoring
// case, spacing and unit-type prefixes (Xã, Thôn, TT. …), or when one of them
// is typed without any accents and nothing else matches it, or when they differ
// only in where a tone mark sits (Thuỷ / Thủy). Names that differ
// only in their accents, or by one letter, are near-misses: reported for the
// officer to confirm, never matched.
import { fold, tidy } from './text';

const PREFIX = /^(tinh|thanh pho|tp\.?|thi xa|tx\.?|huyen|quan|xa|phuong|thi tran|tt\.?|thon|xom|ban|ap|to dan pho|khu pho)\s+/;
const MARKS = /[\u0300-\u036f]/;
/** The five tone marks (huyền, sắc, ngã, hỏi, nặng), apart from the vowel marks (â, ă, ơ, ư). */
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * A syllable's spelling with its tone mark moved to the end: the old and new
 * placements (Thuỷ / Thủy, Hoà / Hòa, Khoẻ / Khỏe) are one name, written
 * either way by different keyboards and offices.
 */
function toneKey(s: string): string {
  return s
    .normalize('NFD')
    .split(/(\s+)/)
    .map((w) => {
      const tones = w.match(TONES);
      return tones ? w.replace(TONES, '') + tones.join('') : w;
    })
    .join('')
    .normalize('NFC');
}

export interface NameKeys {
  /** Lower case, NFC, diacritics kept (tone mark placed last in each syllable), prefix dropped. */
  exact: string;
  /** Folded: no diacritics, prefix dropped. */
  loose: string;
  /** The name carries any accent (or đ): typed with accents. */
  marked: boolean;
}

/** `exact` keeps the diacritics (NFC); `loose` drops them. Both ignore case, spacing and unit-type prefixes. */
export function nameKeys(name: string): NameKeys {
  const base = tidy(name).toLowerCase();
  let exact = base;
  // Strip the prefix on the folded text, then cut the same number of characters from the exact form.
  const loose0 = fold(base);
  const m = PREFIX.exec(loose0);
  const loose = m ? loose0.slice(m[0].length) : loose0;
  if (m) exact = base.normalize('NFC').slice(base.normalize('NFC').length - loose.length);
  const marked = MARKS.test(base.normalize('NFD')) || /đ/.test(base);
  return { exact: toneKey(exact), loose, marked };
}

export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** `diacritics`: the same letters with different accents (ĐẦU PHẦN / ĐẦU PHÂN); `letter`: one letter apart. */
export type NearMissWhy = 'diacritics' | 'letter';

/** Why two names that did not match look alike, or null when they do not. */
export function nearMissWhy(a: NameKeys, b: NameKeys): NearMissWhy | null {
  return a.loose === b.loose ? 'diacritics' : oneEditApart(a.loose, b.loose) ? 'letter' : null;
}

/**
 * The candidate `k` matches, or -1: an equal exact key first; else the only
 * candidate with the same folded key, when one of the two names has no
 * accents at all (typed on a keyboard without Vietnamese input).
 */
export function findMatch(k: NameKeys, candidates: readonly NameKeys[], eligible: (i: number) => boolean = () => true): number {
  const at = candidates.findIndex((x, i) => eligible(i) && x.exact === k.exact);
  if (at >= 0) return at;
  const loose = candidates.map((x, i) => (eligible(i) && x.loose === k.loose ? i : -1)).filter((i) => i >= 0);
  if (loose.length === 1 && (!k.marked || !candidates[loose[0]].marked)) return loose[0];
  return -1;
}

export interface Pairing {
  /** Index in `a`, index in `b`. */
  pairs: [number, number][];
  onlyA: number[];
  onlyB: number[];
  /** Unmatched names of `a` and `b` that look alike. */
  nearMisses: { a: number; b: number; why: NearMissWhy }[];
  /** Names given twice in one list: ambiguous, left out of the pairing. */
  duplicatesA: number[];
  duplicatesB: number[];
}

/**
 * One-to-one pairing of two lists of names (last year's units and this
 * year's). A name given twice in one list cannot be told apart: it is left
 * out and listed, never paired with a guess.
 */
export function pairNames(a: readonly string[], b: readonly string[]): Pairing {
  const ka = a.map(nameKeys);
  const kb = b.map(nameKeys);
  const dup = (ks: NameKeys[]) => {
    const seen = new Map<string, number>();
    for (const k of ks) seen.set(k.exact, (seen.get(k.exact) ?? 0) + 1);
    return ks.map((k, i) => ((seen.get(k.exact) ?? 0) > 1 ? i : -1)).filter((i) => i >= 0);
  };
  const duplicatesA = dup(ka);
  const duplicatesB = dup(kb);
  const dupA = new Set(duplicatesA);
  const dupB = new Set(duplicatesB);
  // Indexed by key: a province-wide map against a province's file is thousands of names each.
  const byExact = new Map<string, number>();
  const byLoose = new Map<string, number[]>();
  kb.forEach((k, j) => {
    if (dupB.has(j)) return;
    byExact.set(k.exact, j);
    const list = byLoose.get(k.loose) ?? [];
    list.push(j);
    byLoose.set(k.loose, list);
  });
  const takenB = new Set<number>();
  const pairs: [number, number][] = [];
  const matchedA = new Set<number>();
  ka.forEach((k, i) => {
    if (dupA.has(i)) return;
    // The same rule as findMatch: an equal exact key, else the only unaccented match.
    let j = byExact.get(k.exact);
    if (j === undefined || takenB.has(j)) {
      const loose = (byLoose.get(k.loose) ?? []).filter((x) => !takenB.has(x));
      j = loose.length === 1 && (!k.marked || !kb[loose[0]].marked) ? loose[0] : undefined;
    }
    if (j === undefined) return;
    pairs.push([i, j]);
    takenB.add(j);
    matchedA.add(i);
  });
  const onlyA = ka.map((_, i) => i).filter((i) => !matchedA.has(i) && !dupA.has(i));
  const onlyB = kb.map((_, j) => j).filter((j) => !takenB.has(j) && !dupB.has(j));
  // Candidates for a near-miss share a key: the folded name, or it with one letter left out
  // (two names one letter apart always do); each candidate is then confirmed.
  const variants = (s: string) => {
    const out = new Set([s]);
    for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
    return out;
  };
  const byVariant = new Map<string, number[]>();
  for (const j of onlyB) {
    for (const v of variants(kb[j].loose)) {
      const list = byVariant.get(v) ?? [];
      list.push(j);
      byVariant.set(v, list);
    }
  }
  const nearMisses: Pairing['nearMisses'] = [];
  for (const i of onlyA) {
    const cands = new Set<number>();
    for (const v of variants(ka[i].loose)) for (const j of byVariant.get(v) ?? []) cands.add(j);
    for (const j of [...cands].sort((x, y) => x - y)) {
      const why = nearMissWhy(ka[i], kb[j]);
      if (why) nearMisses.push({ a: i, b: j, why });
    }
  }
  return { pairs, onlyA, onlyB, nearMisses, duplicatesA, duplicatesB };
}
