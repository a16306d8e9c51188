// The sheet's own word: formulas declared in the numbered-column row
// (`10=2-8`, `4=3/1*100`, `5=(2+3)/4`). Each becomes the relation it states:
// linear, a ratio, a difference of rates, or any other expression.
import { columnsOf, linearTerms, parseColumnFormula, rateTerms } from '../formula';
import type { Expr } from '../formula';
import type { DeclaredRelation, TableCols } from '../relation-types';

function plainRatio(e: Expr): { count: number; base: number } | null {
  return e.t === 'op' && e.op === '/' && e.a.t === 'col' && e.b.t === 'col' ? { count: e.a.n, base: e.b.n } : null;
}

export function declaredRelations(cols: TableCols): DeclaredRelation[] {
  const byNum = cols.numbered();
  const out: DeclaredRelation[] = [];
  for (const target of cols.columns) {
    const label = target.label;
    if (!label?.formula || label.num === null) continue;
    const expr = parseColumnFormula(label.formula, (n) => byNum.has(n));
    if (!expr) continue;
    const nums = columnsOf(expr);
    if (nums.some((n) => !byNum.has(n))) continue;
    const colOf = (n: number) => byNum.get(n)!.col;
    // "5=4/3" over a percentage column means ×100, as "4=3/1*100" says in full.
    const ratio = rateTerms(expr) ?? (target.role.kind === 'rate' ? plainRatio(expr) : null);
    if (ratio) {
      out.push({ kind: 'rate', target: target.col, count: colOf(ratio.count), base: colOf(ratio.base), label: label.text });
      continue;
    }
    const lin = linearTerms(expr);
    if (lin) {
      const rel = { kind: 'linear' as const, family: 'formula' as const, target: target.col, label: label.text, terms: [...lin.entries()].map(([n, coef]) => ({ col: colOf(n), coef, required: true })) };
      out.push(target.role.kind === 'rate' ? { kind: 'rate-formula', target: rel } : rel);
      continue;
    }
    out.push({ kind: 'expr', target: target.col, expr, cols: new Map(nums.map((n) => [n, colOf(n)])), label: label.text });
  }
  return out;
}
