// The vocabulary of a column's meaning (population, flow, subgroup, measure…)
// and its public role code. Kept apart from roles.ts (reading headers) and
// role-link.ts (settling roles across a table) so that neither imports the other.
import type { TransferPop } from './header-words';

export type Population = 'poor' | 'nearPoor' | 'middle' | 'poorAndNearPoor' | 'all';
export type Flow =
  | 'start'
  | 'end'
  | 'decrease'
  | 'exit'
  | 'reentry'
  | 'new'
  | 'increase'
  | 'decreaseOther'
  | 'increaseOther';
export type Subgroup =
  | 'unable'
  | 'able'
  | 'ethnic'
  | 'merit'
  | 'protection'
  | 'kinh'
  | 'ethnicLocal'
  | 'femaleHead'
  | 'deprivation'
  | 'otherGroup';
export type RoleKind = 'ordinal' | 'unit' | 'breakdown' | 'households' | 'persons' | 'count' | 'rate' | 'unknown';

export interface ColumnRole {
  kind: RoleKind;
  /** Public role code, e.g. `poor.start`, `poor.end.rate`, `households`. */
  code: string;
  pop?: Population;
  flow?: Flow;
  sub?: Subgroup;
  /** A rate's declared base when it is not the households column. */
  base?: 'poor';
  year?: number | null;
  /** The flow was written in the header (not defaulted). */
  explicitFlow?: boolean;
  /** For rates: column index of the count it belongs to. */
  countCol?: number;
  // ---- the fuller meaning: measure, transfer, group, base, confidence ----
  /** Households or persons; absent on rates and whole columns. */
  measure?: 'households' | 'persons';
  /** A movement between the poor and the near-poor (flow is then `increase`, `decrease` or `exit`). */
  transfer?: { from: TransferPop; to: TransferPop };
  /** A named ethnic group (`ede`, `other`) or a deprivation indicator (`01` … `12`, `total`). */
  group?: string;
  /** For rates: column index of the base (households, persons, the population's start). */
  baseCol?: number;
  /** A target stated in rate points ("Chỉ tiêu giảm tỷ lệ hộ nghèo (%)"); `from` / `to` for a range. */
  ratePoints?: true | 'from' | 'to';
  /** A planned figure (chỉ tiêu, kế hoạch, phấn đấu). */
  planned?: boolean;
  /** 0 … 1: how sure the reading is. Below 0.5 the column is left `unknown`. */
  confidence?: number;
  /** The header words that decided the role. */
  decidedBy?: string[];
  /** When two meanings are close: the codes it could be. */
  candidates?: string[];
  /** The first column of a table whose rows are indicators ("Chỉ tiêu"), not units. */
  rowsAre?: 'indicators';
  /** Internal: a column of words by its header (notes, the unit of measure): known, but nothing to check. */
  words?: true;
  /** Internal: a residual "Khác" that its neighbours decide. */
  residual?: boolean;
  /** Internal: a named ethnic group its neighbours must confirm. */
  ethnicName?: string;
}

export const UNKNOWN: ColumnRole = { kind: 'unknown', code: 'unknown', confidence: 0 };

const CAP = (p: string) => p[0].toUpperCase() + p.slice(1);

/** `poor.fromNearPoor`, `nearPoor.toPoor`: a transfer seen from the counted population. */
export function transferCode(pop: TransferPop, t: { from: TransferPop; to: TransferPop }): string {
  return pop === t.to ? `${pop}.from${CAP(t.from)}` : `${pop}.to${CAP(t.to)}`;
}

/** The public code of a count whose facets are settled. */
export function countCode(r: ColumnRole): string {
  if (r.pop === 'all') return `${r.measure === 'persons' ? 'persons' : 'households'}.${r.sub}`;
  let code = `${r.pop}`;
  if (r.measure === 'persons') code += '.persons';
  if (r.group && r.sub === undefined) return `${code}.deprivation.${r.group}`;
  if (r.sub) {
    code += `.${r.sub}`;
    if (r.group) code += `.${r.group}`;
    return code;
  }
  if (r.transfer && r.flow !== 'exit' && (r.pop === 'poor' || r.pop === 'nearPoor')) {
    const t = transferCode(r.pop, r.transfer);
    return r.measure === 'persons' ? t.replace('.', '.persons.') : t;
  }
  return `${code}.${r.flow}`;
}

/** Columns whose cells are numbers: validated as such, and used by the relations. */
export const NUMERIC_KINDS: readonly string[] = ['count', 'rate', 'households', 'persons'];
