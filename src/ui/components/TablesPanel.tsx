// The tables found and the role PovCheck gave each column, with a picker to
// correct a role. Collapsed by default: most of the time recognition is right.
// Columns PovCheck is not sure of come first, with the readings it hesitated
// between, and their table opens by itself: that is where an officer's look pays.
import * as React from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Select,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ROLE_CODES } from '../../core/roles';
import type { ColumnReport, Report } from '../../core/report';
import type { RoleOverrides } from '../../backend/contract';
import { roleLabel, t, type Lang } from '../i18n';

const useStyles = makeStyles({
  hint: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, marginBottom: tokens.spacingVerticalS },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  column: { display: 'grid', gridTemplateColumns: '2.5em minmax(0, 1fr)', columnGap: tokens.spacingHorizontalS, rowGap: '2px', alignItems: 'center' },
  letter: {
    fontFamily: tokens.fontFamilyMonospace,
    fontWeight: tokens.fontWeightSemibold,
    textAlign: 'center',
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusSmall,
  },
  header: { overflowWrap: 'anywhere', color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  select: { gridColumnStart: 2, minWidth: 0 },
  chosen: { gridColumnStart: 2, fontSize: tokens.fontSizeBase100, color: tokens.colorBrandForeground1 },
  headerText: { overflowWrap: 'anywhere' },
  unsure: { gridColumnStart: 2, fontSize: tokens.fontSizeBase200, color: tokens.colorPaletteDarkOrangeForeground1 },
});

/** Below this the reading is shown as uncertain (recognition leaves a column unknown below 0.5). */
const SURE = 0.8;

/** A column whose reading an officer should look at: unknown, close candidates, or low confidence. */
export function isUncertain(col: ColumnReport): boolean {
  if (col.candidates?.length) return true;
  // An unknown column with no header is just an empty column, not a doubt.
  if (col.role === 'unknown') return col.header.trim() !== '';
  return col.confidence !== undefined && col.confidence < SURE;
}

/** Uncertain columns first, each group in sheet order. */
export function columnsForReview(columns: ColumnReport[]): ColumnReport[] {
  return [...columns.filter(isUncertain), ...columns.filter((c) => !isUncertain(c))];
}

export function TablesPanel(props: {
  report: Report;
  overrides: RoleOverrides;
  lang: Lang;
  disabled?: boolean;
  onRoleChange: (sheet: string, column: string, role: string) => void;
}) {
  const { report, overrides, lang, disabled, onRoleChange } = props;
  const styles = useStyles();
  const tables = report.sheets.flatMap((s) => s.tables.map((table, index) => ({ sheet: s.name, table, index })));
  if (!tables.length) return null;

  return (
    <section aria-label={t(lang, 'tables.title')} data-testid="tables">
      <Text weight="semibold" as="h2" size={300}>
        {t(lang, 'tables.title')}
      </Text>
      <Accordion
        collapsible
        multiple
        defaultOpenItems={tables.filter(({ table }) => table.columns.some(isUncertain)).map(({ sheet, index }) => `${sheet}|${index}`)}
      >
        {tables.map(({ sheet, table, index }) => (
          <AccordionItem key={`${sheet}|${index}`} value={`${sheet}|${index}`} data-testid="table-item" data-sheet={sheet} data-range={table.range}>
            <AccordionHeader size="small">
              <span className={styles.headerText}>{t(lang, 'tables.table', { sheet, range: table.range })}</span>
            </AccordionHeader>
            <AccordionPanel>
              <Text className={styles.hint}>{t(lang, 'tables.hint')}</Text>
              <ul className={styles.list}>
                {columnsForReview(table.columns).map((col) => {
                  const chosen = overrides[sheet]?.[col.column];
                  const value = chosen ?? col.role;
                  // The engine may report a code the picker does not list (e.g. the rate of a subgroup).
                  const codes = ROLE_CODES.includes(value) ? ROLE_CODES : [...ROLE_CODES, value];
                  return (
                    <li key={col.column} className={styles.column} data-testid="table-column" data-column={col.column} data-uncertain={isUncertain(col) ? 'true' : undefined}>
                      <span className={styles.letter} aria-hidden="true">
                        {col.column}
                      </span>
                      <span className={styles.header}>{col.header || '—'}</span>
                      <Select
                        className={styles.select}
                        size="small"
                        value={value}
                        disabled={disabled}
                        aria-label={t(lang, 'tables.roleFor', { col: col.column })}
                        data-testid={`role-${sheet}-${col.column}`}
                        data-sheet={sheet}
                        data-column={col.column}
                        onChange={(_, data) => onRoleChange(sheet, col.column, data.value)}
                      >
                        {codes.map((code) => (
                          <option key={code} value={code}>
                            {roleLabel(lang, code)}
                          </option>
                        ))}
                      </Select>
                      {chosen === undefined && isUncertain(col) && (
                        <span className={styles.unsure} data-testid="column-unsure">
                          {col.candidates?.length
                            ? t(lang, 'tables.unsureOf', { roles: col.candidates.map((c) => roleLabel(lang, c)).join(' / ') })
                            : t(lang, 'tables.unsure')}
                        </span>
                      )}
                      {chosen !== undefined && <span className={styles.chosen}>{t(lang, 'tables.chosen')}</span>}
                    </li>
                  );
                })}
              </ul>
            </AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
    </section>
  );
}
