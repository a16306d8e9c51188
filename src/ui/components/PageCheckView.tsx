// Browser page, "Kiểm tra" tab: every sheet of the workbook with its own
// summary line; choosing one shows its issues and its preview together. The
// issue list comes first; the preview is pinned (bottom of a narrow pane, right
// column of a wide page) so it follows a clicked issue without moving the list.
import * as React from 'react';
import { Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Workbook } from '../../core/grid';
import type { Issue, Report } from '../../core/report';
import { t, type Lang } from '../i18n';
import { type SheetStatus, firstSheetToShow, issuesOfSheet, sheetStatuses } from '../page-model';
import { IssueList } from './IssueList';
import { SheetPreview } from './SheetPreview';

/** At this width and above the preview sits beside the list instead of under it. */
const WIDE = '@media (min-width: 760px)';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    minWidth: 0,
    [WIDE]: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', columnGap: tokens.spacingHorizontalL, alignItems: 'start' },
  },
  main: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  sheets: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  sheet: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'baseline',
    width: '100%',
    textAlign: 'left',
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
    border: 'none',
    borderRadius: tokens.borderRadiusSmall,
    background: 'transparent',
    font: 'inherit',
    color: 'inherit',
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground2Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  active: { backgroundColor: tokens.colorNeutralBackground1, boxShadow: tokens.shadow2 },
  name: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  bad: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  warn: { color: tokens.colorPaletteMarigoldForeground2, fontWeight: tokens.fontWeightSemibold },
  ok: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  pinned: {
    position: 'sticky',
    bottom: 0,
    zIndex: 3,
    paddingTop: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground1,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    boxShadow: '0 -4px 8px rgba(0,0,0,0.06)',
    [WIDE]: { top: 0, bottom: 'auto', borderTop: 'none', boxShadow: 'none', gridColumn: '2', gridRow: '1 / span 2' },
  },
});

function statusText(lang: Lang, s: SheetStatus): string {
  switch (s.state) {
    case 'no-table':
      return t(lang, 'page.sheet.noTable');
    case 'no-rows':
      return t(lang, 'page.sheet.noRows');
    case 'clean':
      return t(lang, 'page.sheet.clean');
    default:
      return `${t(lang, 'count.errors', { n: s.errors })}, ${t(lang, 'count.warnings', { n: s.warnings })}`;
  }
}

export interface PageCheckViewProps {
  report: Report;
  workbook: Workbook;
  /** The sheet shown (issues and preview). */
  sheet: string | null;
  selected: { sheet: string; cell: string } | null;
  lang: Lang;
  onSheetChange: (name: string) => void;
  onSelect: (issue: Issue) => void;
  onApply?: (issue: Issue) => void;
  applyDisabled?: boolean;
  /** Shown under the issue list (the column roles). */
  children?: React.ReactNode;
}

export function PageCheckView(props: PageCheckViewProps) {
  const { report, workbook, selected, lang, onSheetChange } = props;
  const styles = useStyles();
  const statuses = React.useMemo(() => sheetStatuses(report), [report]);
  // A newly opened workbook starts on the sheet worth seeing (not a notes sheet that happens to come first); later checks keep the user's choice.
  const shownFor = React.useRef<Workbook | null>(null);
  React.useEffect(() => {
    if (shownFor.current === workbook || !statuses.length) return;
    shownFor.current = workbook;
    const best = firstSheetToShow(statuses);
    if (best && best !== props.sheet) onSheetChange(best);
  }, [workbook, statuses, props.sheet, onSheetChange]);

  const current = statuses.find((s) => s.sheet === props.sheet) ?? statuses[0] ?? null;
  const issues = React.useMemo(() => issuesOfSheet(report.issues, current?.sheet ?? null), [report, current]);

  if (!report.sheets.length) {
    return (
      <Text data-testid="no-table" data-reason="no-sheets">
        {t(lang, 'summary.noSheets')}
      </Text>
    );
  }
  const noTableAnywhere = statuses.every((s) => s.state === 'no-table');

  return (
    <div className={styles.root}>
      <div className={styles.main}>
        <section className={styles.sheets} data-testid="summary" aria-label={t(lang, 'page.sheets')}>
          {noTableAnywhere && <Text data-testid="no-table">{t(lang, 'summary.noTable')}</Text>}
          {statuses.map((s) => {
            const active = s.sheet === current?.sheet;
            const cls = s.state === 'issues' ? (s.errors ? styles.bad : styles.warn) : s.state === 'clean' ? styles.ok : styles.muted;
            return (
              <button
                key={s.sheet}
                type="button"
                className={mergeClasses(styles.sheet, active && styles.active)}
                aria-pressed={active}
                data-testid="sheet-status"
                data-sheet={s.sheet}
                data-state={s.state}
                data-errors={s.errors}
                data-warnings={s.warnings}
                title={t(lang, 'page.sheet.show', { sheet: s.sheet })}
                onClick={() => onSheetChange(s.sheet)}
              >
                <span className={styles.name}>{t(lang, 'page.sheet.name', { sheet: s.sheet })}</span>
                <span className={cls}>{statusText(lang, s)}</span>
              </button>
            );
          })}
        </section>
        {current && current.state === 'clean' && (
          <Text className={styles.ok} data-testid="summary-clean" data-sheet={current.sheet}>
            {t(lang, 'page.sheetClean', { sheet: current.sheet })}
          </Text>
        )}
        {current && current.state === 'no-rows' && (
          <Text className={styles.muted} data-testid="summary-no-rows" data-sheet={current.sheet}>
            {t(lang, 'page.sheetNoRows', { sheet: current.sheet })}
          </Text>
        )}
        <IssueList
          issues={issues}
          lang={lang}
          selected={selected}
          onSelect={props.onSelect}
          onApply={props.onApply}
          applyDisabled={props.applyDisabled}
        />
        {props.children}
      </div>
      <div className={styles.pinned} data-testid="preview-dock">
        <SheetPreview
          workbook={workbook}
          sheetName={current?.sheet ?? null}
          issues={report.issues}
          selected={selected}
          lang={lang}
          onSheetChange={onSheetChange}
          maxHeight="min(240px, 32vh)"
        />
      </div>
    </div>
  );
}
