// One line per table found: where it is and how many errors and warnings it has.
import * as React from 'react';
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Issue, Report } from '../../core/report';
import { t, type Lang } from '../i18n';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  line: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, overflowWrap: 'anywhere' },
  where: { color: tokens.colorNeutralForeground2 },
  bad: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  warn: { color: tokens.colorPaletteMarigoldForeground2, fontWeight: tokens.fontWeightSemibold },
  ok: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface Counts {
  errors: number;
  warnings: number;
  notes: number;
}

export function countIssues(issues: Issue[]): Counts {
  const c: Counts = { errors: 0, warnings: 0, notes: 0 };
  for (const i of issues) {
    if (i.severity === 'error') c.errors++;
    else if (i.severity === 'warning') c.warnings++;
    else c.notes++;
  }
  return c;
}

export function countsText(lang: Lang, c: Counts): string {
  return `${t(lang, 'count.errors', { n: c.errors })}, ${t(lang, 'count.warnings', { n: c.warnings })}`;
}

export function Summary(props: { report: Report; lang: Lang }) {
  const { report, lang } = props;
  const styles = useStyles();
  const total = countIssues(report.issues);
  const noTableAnywhere = report.sheets.every((s) => s.tables.length === 0);
  const cls = (c: Counts) => (c.errors ? styles.bad : c.warnings ? styles.warn : styles.ok);

  return (
    <section className={styles.root} data-testid="summary" aria-label={t(lang, 'summary.title')}>
      {report.sheets.length === 0 ? (
        <Text data-testid="no-table" data-reason="no-sheets">
          {t(lang, 'summary.noSheets')}
        </Text>
      ) : noTableAnywhere ? (
        <Text data-testid="no-table">{t(lang, 'summary.noTable')}</Text>
      ) : (
        report.sheets.map((sheet) =>
          sheet.tables.length === 0 ? (
            <Text key={sheet.name} className={styles.muted} data-testid="summary-sheet-empty" data-sheet={sheet.name}>
              {t(lang, 'summary.sheetNoTable', { sheet: sheet.name })}
            </Text>
          ) : (
            sheet.tables.map((table, index) => {
              // Issues without a table index belong to the sheet's first table.
              const c = countIssues(report.issues.filter((i) => i.sheet === sheet.name && (i.table ?? 0) === index));
              return (
                <div
                  key={`${sheet.name}|${index}`}
                  className={styles.line}
                  data-testid="summary-table"
                  data-sheet={sheet.name}
                  data-range={table.range}
                  data-errors={c.errors}
                  data-warnings={c.warnings}
                >
                  <Text className={styles.where}>{t(lang, 'summary.table', { sheet: sheet.name, range: table.range })}:</Text>
                  <Text className={cls(c)}>{countsText(lang, c)}</Text>
                </div>
              );
            })
          ),
        )
      )}
      {!noTableAnywhere && report.sheets.reduce((n, s) => n + s.tables.length, 0) > 1 && (
        <div className={styles.line} data-testid="summary-total">
          <Text weight="semibold">{t(lang, 'summary.total')}:</Text>
          <Text className={cls(total)}>{countsText(lang, total)}</Text>
        </div>
      )}
      {!noTableAnywhere && total.errors === 0 && total.warnings === 0 && (
        <Text className={styles.ok} data-testid="summary-clean">
          {t(lang, 'summary.clean')}
        </Text>
      )}
    </section>
  );
}
