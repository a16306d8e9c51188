// Issues grouped by the row they sit on (errors before warnings within a
// row), notes after them, muted. Each issue is one keyboard-reachable button
// that takes the user to its cell.
import * as React from 'react';
import { Badge, Button, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { parseA1 } from '../../core/grid';
import type { Issue, Severity, Suggestion } from '../../core/report';
import { formatNumber, formatValue, t, type Lang } from '../i18n';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const SEVERITY_ICON: Record<Severity, string> = { error: '✖', warning: '⚠', info: 'ℹ' };
const BADGE_COLOR = { error: 'danger', warning: 'warning', info: 'informative' } as const;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, padding: 0, border: 'none' },
  groupHeader: {
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    overflowWrap: 'anywhere',
    margin: 0,
  },
  issue: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderLeftWidth: '3px',
    backgroundColor: tokens.colorNeutralBackground1,
    cursor: 'pointer',
    overflowWrap: 'anywhere',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  error: { borderLeftColor: tokens.colorPaletteRedBorder2 },
  warning: { borderLeftColor: tokens.colorPaletteMarigoldBorder2 },
  info: { borderLeftColor: tokens.colorNeutralStroke1, color: tokens.colorNeutralForeground3, backgroundColor: tokens.colorNeutralBackground2 },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}`, outlineOffset: '-1px' },
  top: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  cell: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  values: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalM, fontSize: tokens.fontSizeBase200 },
  label: { color: tokens.colorNeutralForeground3 },
  notesTitle: { color: tokens.colorNeutralForeground3 },
  suggestion: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    marginTop: tokens.spacingVerticalXXS,
    paddingTop: tokens.spacingVerticalXXS,
    borderTop: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke2}`,
    fontSize: tokens.fontSizeBase200,
  },
  suggestionHead: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  suggestionValue: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * Row groups drawn at first, and added each time the end of the list comes into
 * view (or "Hiện thêm" is pressed): a sheet with thousands of issues never builds
 * them all in one go, which would hold the page up.
 */
export const GROUPS_STEP = 100;

/**
 * Calls `onNear` when `el` comes within a screen of the viewport (where IntersectionObserver exists).
 * A new `step` observes afresh, so an end still in view after a step asks for the next one.
 */
function useNearView(el: React.RefObject<HTMLElement>, onNear: () => void, active: boolean, step: number): void {
  const cb = React.useRef(onNear);
  cb.current = onNear;
  React.useEffect(() => {
    const node = el.current;
    if (!active || !node || typeof IntersectionObserver === 'undefined') return undefined;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && cb.current(), { rootMargin: '100% 0px' });
    io.observe(node);
    return () => io.disconnect();
  }, [el, active, step]);
}

/** Most alternatives a tie lists before "…": the list stays short. */
const MAX_ALTERNATIVES = 6;

/** A suggested value as the sheet would show it: the issue's decimals when it is the issue's own cell. */
export function suggestionValue(issue: Issue, s: Suggestion, lang: Lang): string {
  return formatNumber(s.value, lang, s.cell === issue.cell ? issue.decimals : undefined);
}

/** The suggestion the pane may apply: one that is not part of a tie. */
export function applicableSuggestion(issue: Issue): Suggestion | null {
  return issue.suggestion && !(issue.alternatives && issue.alternatives.length) ? issue.suggestion : null;
}

interface Group {
  key: string;
  sheet: string;
  row: number;
  unit?: string;
  issues: Issue[];
}

/** Groups issues by sheet and row, in report sheet order then row order; errors first within a row. */
export function groupByRow(issues: Issue[]): Group[] {
  const sheetOrder = new Map<string, number>();
  const groups = new Map<string, Group>();
  issues.forEach((issue) => {
    if (!sheetOrder.has(issue.sheet)) sheetOrder.set(issue.sheet, sheetOrder.size);
    const row = (parseA1(issue.cell)?.row ?? 0) + 1;
    const key = `${issue.sheet}\u0000${row}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, sheet: issue.sheet, row, issues: [] }));
    g.issues.push(issue);
    if (!g.unit && issue.unit) g.unit = issue.unit;
  });
  const out = [...groups.values()];
  out.sort((a, b) => (sheetOrder.get(a.sheet)! - sheetOrder.get(b.sheet)!) || a.row - b.row);
  // Stable sort keeps the engine's order among equal severities.
  for (const g of out) g.issues.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  return out;
}

export function IssueList(props: {
  issues: Issue[];
  lang: Lang;
  selected: { sheet: string; cell: string } | null;
  onSelect: (issue: Issue) => void;
  /** Present when the backend can write suggestions: each applicable suggestion gets an "Áp dụng" button. */
  onApply?: (issue: Issue) => void;
  applyDisabled?: boolean;
}) {
  const { issues, lang, selected, onSelect, onApply, applyDisabled } = props;
  const styles = useStyles();
  // Ties whose whole list of candidates the officer opened (the first few are shown by default).
  const [expanded, setExpanded] = React.useState<Set<string>>(() => new Set());
  const main = React.useMemo(() => groupByRow(issues.filter((i) => i.severity !== 'info')), [issues]);
  const notes = React.useMemo(() => groupByRow(issues.filter((i) => i.severity === 'info')), [issues]);
  // How many groups are drawn, for this list of issues (a new list starts again from the first step).
  const [limit, setLimit] = React.useState({ of: issues, n: GROUPS_STEP });
  const shown = limit.of === issues ? limit.n : GROUPS_STEP;
  const total = main.length + notes.length;
  const more = () => setLimit({ of: issues, n: shown + GROUPS_STEP });
  const end = React.useRef<HTMLDivElement>(null);
  useNearView(end, more, shown < total, shown);
  if (!main.length && !notes.length) return null;

  const renderIssue = (issue: Issue, n: number) => {
    const stated = formatValue(issue.stated, lang, issue.decimals);
    const expected = formatValue(issue.expected, lang, issue.decimals);
    const isSelected = !!selected && selected.sheet === issue.sheet && selected.cell === issue.cell;
    const activate = () => onSelect(issue);
    return (
      <div
        key={`${issue.cell}|${issue.rule}|${n}`}
        role="button"
        tabIndex={0}
        className={mergeClasses(styles.issue, styles[issue.severity], isSelected && styles.selected)}
        data-testid="issue"
        data-cell={issue.cell}
        data-rule={issue.rule}
        data-sheet={issue.sheet}
        data-severity={issue.severity}
        aria-current={isSelected ? 'true' : undefined}
        title={t(lang, 'issues.goto', { cell: issue.cell })}
        onClick={activate}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            activate();
          }
        }}
      >
        <span className={styles.top}>
          <Badge size="small" appearance={issue.severity === 'info' ? 'outline' : 'tint'} color={BADGE_COLOR[issue.severity]}>
            <span aria-hidden="true">{SEVERITY_ICON[issue.severity]}&nbsp;</span>
            {t(lang, `severity.${issue.severity}`)}
          </Badge>
          <span className={styles.cell}>{issue.cell}</span>
          {issue.hiddenRow && (
            <Badge size="small" appearance="outline" color="subtle" data-testid="issue-hidden-row">
              {t(lang, 'issues.hiddenRow')}
            </Badge>
          )}
        </span>
        <span data-testid="issue-message">{issue.message}</span>
        {(stated !== null || expected !== null) && (
          <span className={styles.values}>
            {stated !== null && (
              <span>
                <span className={styles.label}>{t(lang, 'issues.stated')}: </span>
                <span data-testid="issue-stated">{stated}</span>
              </span>
            )}
            {expected !== null && (
              <span>
                <span className={styles.label}>{t(lang, 'issues.expected')}: </span>
                <span data-testid="issue-expected">{expected}</span>
              </span>
            )}
          </span>
        )}
        {renderSuggestion(issue)}
      </div>
    );
  };

  const renderSuggestion = (issue: Issue) => {
    const alternatives = issue.alternatives ?? [];
    if (alternatives.length) {
      // A tie: every candidate listed, none applied from here.
      const all = [...(issue.suggestion ? [issue.suggestion] : []), ...alternatives];
      const id = `${issue.sheet}!${issue.cell}|${issue.rule}`;
      const open = expanded.has(id) || all.length <= MAX_ALTERNATIVES;
      const list = (open ? all : all.slice(0, MAX_ALTERNATIVES)).map((s) => `${s.cell}${s.unit ? ` (${s.unit})` : ''} = ${suggestionValue(issue, s, lang)}`).join('; ') + (open ? '' : '; …');
      return (
        <span className={styles.suggestion} data-testid="issue-alternatives">
          <span>{t(lang, 'suggest.alternatives', { list })}</span>
          {!open && (
            <Button
              appearance="subtle"
              size="small"
              data-testid="alternatives-more"
              onClick={(e) => {
                // Opening the list must not also jump to the issue's cell.
                e.stopPropagation();
                setExpanded((x) => new Set(x).add(id));
              }}
            >
              {t(lang, 'suggest.showAll', { n: String(all.length) })}
            </Button>
          )}
          <span className={styles.muted}>{t(lang, 'suggest.tie')}</span>
        </span>
      );
    }
    const s = issue.suggestion;
    if (!s) return null;
    const value = suggestionValue(issue, s, lang);
    return (
      <span className={styles.suggestion} data-testid="issue-suggestion" data-confidence={s.confidence} data-cell={s.cell}>
        <span className={styles.suggestionHead}>
          <span className={styles.suggestionValue} data-testid="suggestion-text">
            {t(lang, 'suggest.label', { cell: s.cell, value })}
          </span>
          {onApply && (
            <Button
              size="small"
              appearance="primary"
              data-testid="apply"
              disabled={applyDisabled}
              title={t(lang, 'suggest.applyHint', { cell: s.cell, value })}
              // The issue itself is a button (go to the cell): this one only applies.
              onClick={(e) => {
                e.stopPropagation();
                onApply(issue);
              }}
              onKeyDown={(e) => e.stopPropagation()}
            >
              {t(lang, 'suggest.apply')}
            </Button>
          )}
        </span>
        <span data-testid="suggestion-reason">{s.reason}</span>
        <span className={styles.muted} data-testid="suggestion-confidence">
          {t(lang, 'suggest.confidence', { level: t(lang, `suggest.level.${s.confidence}`) })}
        </span>
      </span>
    );
  };

  const renderGroup = (g: Group) => (
    <div key={g.key} className={styles.group} role="group" aria-label={groupLabel(lang, g)} data-testid="issue-group" data-sheet={g.sheet} data-row={g.row}>
      <p className={styles.groupHeader}>{groupLabel(lang, g)}</p>
      {g.issues.map(renderIssue)}
    </div>
  );

  return (
    <section className={styles.root} aria-label={t(lang, 'issues.title')} data-testid="issues">
      {main.length > 0 && (
        <Text weight="semibold" as="h2" size={300}>
          {t(lang, 'issues.title')}
        </Text>
      )}
      {main.slice(0, shown).map(renderGroup)}
      {notes.length > 0 && shown > main.length && (
        <>
          <Text weight="semibold" as="h2" size={300} className={styles.notesTitle}>
            {t(lang, 'issues.notes')}
          </Text>
          {notes.slice(0, shown - main.length).map(renderGroup)}
        </>
      )}
      {shown < total && (
        <div ref={end}>
          <Button appearance="subtle" size="small" data-testid="issues-more" data-shown={shown} data-total={total} onClick={more}>
            {t(lang, 'issues.more', { n: total - shown })}
          </Button>
        </div>
      )}
    </section>
  );
}

function groupLabel(lang: Lang, g: Group): string {
  const where = t(lang, 'issues.row', { sheet: g.sheet, row: String(g.row) });
  return g.unit ? `${where} · ${g.unit}` : where;
}
