// Browser page only: a read-only view of the sheet being checked. Values are
// rendered as React text (escaped), flagged cells tinted by severity, and
// only a window of rows is built so big sheets stay cheap.
import * as React from 'react';
import { Select, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { type Cell, type Sheet, type Workbook, a1, colCount, colName, parseA1 } from '../../core/grid';
import type { Issue, Severity } from '../../core/report';
import { formatNumber, t, type Lang } from '../i18n';

export const PREVIEW_ROWS = 100;
export const PREVIEW_COLS = 52;

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  sheetSelect: { minWidth: 0, flexGrow: 1, maxWidth: '100%' },
  box: {
    position: 'relative',
    overflow: 'auto',
    maxHeight: 'min(320px, 45vh)',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  table: { overflowWrap: 'normal', borderCollapse: 'separate', borderSpacing: 0, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  head: {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    backgroundColor: tokens.colorNeutralBackground3,
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground3,
    padding: '0 4px',
    whiteSpace: 'nowrap',
    overflowWrap: 'normal',
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  rowHead: {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground3,
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground3,
    textAlign: 'right',
    padding: '0 4px',
    whiteSpace: 'nowrap',
    overflowWrap: 'normal',
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  corner: { left: 0, zIndex: 3 },
  cell: {
    padding: '0 4px',
    maxWidth: '12em',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    borderRight: `1px solid ${tokens.colorNeutralStroke3}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  number: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  error: { backgroundColor: tokens.colorPaletteRedBackground2 },
  warning: { backgroundColor: tokens.colorPaletteYellowBackground2 },
  info: { backgroundColor: tokens.colorNeutralBackground4 },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}`, outlineOffset: '-2px' },
  note: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
});

/** Decimals a number format fixes (`0.00` → 2), and whether it is a percentage. */
function formatOf(numFmt: string | undefined): { decimals?: number; percent: boolean } {
  if (!numFmt) return { percent: false };
  const section = numFmt.split(';')[0].replace(/"[^"]*"|\\./g, '');
  const m = /[0#](?:[.,]?[0#])*\.([0#]+)/.exec(section) ?? /^\.([0#]+)/.exec(section);
  const hasDigits = /[0#]/.test(section);
  return { decimals: m ? m[1].length : hasDigits ? 0 : undefined, percent: section.includes('%') };
}

export function cellText(cell: Cell | undefined, lang: Lang): string {
  if (!cell) return '';
  const v = cell.value;
  switch (v.kind) {
    case 'empty':
      return '';
    case 'number': {
      const f = formatOf(cell.numFmt);
      return f.percent ? `${formatNumber(v.value * 100, lang, f.decimals)}%` : formatNumber(v.value, lang, f.decimals);
    }
    case 'boolean':
      return v.value ? 'TRUE' : 'FALSE';
    default:
      return v.value;
  }
}

function flagsFor(issues: Issue[], sheet: string): Map<string, Severity> {
  const flags = new Map<string, Severity>();
  const flag = (cell: string, s: Severity) => {
    const prev = flags.get(cell);
    if (!prev || RANK[s] > RANK[prev]) flags.set(cell, s);
  };
  for (const i of issues) {
    if (i.sheet !== sheet) continue;
    flag(i.cell, i.severity);
    for (const c of i.cells ?? []) flag(c, i.severity);
  }
  return flags;
}

export function SheetPreview(props: {
  workbook: Workbook;
  sheetName: string | null;
  issues: Issue[];
  selected: { sheet: string; cell: string } | null;
  lang: Lang;
  onSheetChange: (name: string) => void;
  /** CSS max-height of the scroll box (smaller when the preview is pinned under the issue list). */
  maxHeight?: string;
}) {
  const { workbook, issues, selected, lang, onSheetChange, maxHeight } = props;
  const styles = useStyles();
  const boxRef = React.useRef<HTMLDivElement>(null);
  const sheet: Sheet | undefined = workbook.sheets.find((s) => s.name === props.sheetName) ?? workbook.sheets[0];
  const flags = React.useMemo(() => (sheet ? flagsFor(issues, sheet.name) : new Map<string, Severity>()), [issues, sheet]);
  const sel = selected && sheet && selected.sheet === sheet.name ? selected.cell : null;
  const selPos = sel ? parseA1(sel) : null;

  // Scroll only the preview's own box (so the issue list the user clicked in stays put), and only as far as needed.
  React.useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box || !sel) return;
    const td = box.querySelector<HTMLElement>(`[data-cell="${sel}"]`);
    if (!td) return;
    const b = box.getBoundingClientRect();
    const c = td.getBoundingClientRect();
    const top = c.top - b.top + box.scrollTop;
    const left = c.left - b.left + box.scrollLeft;
    // The sticky column letters and row numbers cover part of the box.
    const headH = box.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const headW = box.querySelector('tbody th')?.getBoundingClientRect().width ?? 0;
    if (top < box.scrollTop + headH || top + c.height > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - headH - (box.clientHeight - headH - c.height) / 2);
    }
    // Sideways just enough: the unit names in the first columns are worth keeping in view.
    if (left + c.width > box.scrollLeft + box.clientWidth) box.scrollLeft = left + c.width - box.clientWidth;
    if (left < box.scrollLeft + headW) box.scrollLeft = Math.max(0, left - headW);
    // The list the user clicked in sits below the preview: bring the preview back on screen if it left it.
    const inView = b.top >= 0 && b.bottom <= (window.innerHeight || document.documentElement.clientHeight);
    if (!inView) box.scrollIntoView({ block: 'nearest' });
  }, [sel, sheet]);

  if (!sheet) return null;
  const total = sheet.rows.length;
  const cols = Math.min(colCount(sheet), PREVIEW_COLS);
  const centre = selPos ? selPos.row : 0;
  const from = Math.max(0, Math.min(centre - PREVIEW_ROWS / 2, total - PREVIEW_ROWS));
  const to = Math.min(total, from + PREVIEW_ROWS);

  const rows: React.ReactNode[] = [];
  for (let r = from; r < to; r++) {
    const cells: React.ReactNode[] = [];
    const row = sheet.rows[r];
    for (let c = 0; c < cols; c++) {
      const cell = row?.[c];
      const ref = a1(r, c);
      const severity = flags.get(ref);
      const isSel = ref === sel;
      cells.push(
        <td
          key={c}
          className={mergeClasses(styles.cell, cell?.value.kind === 'number' && styles.number, severity && styles[severity], isSel && styles.selected)}
          data-cell={ref}
          data-severity={severity}
          data-selected={isSel ? 'true' : undefined}
        >
          {cellText(cell, lang)}
        </td>,
      );
    }
    rows.push(
      <tr key={r}>
        <th scope="row" className={styles.rowHead}>
          {r + 1}
        </th>
        {cells}
      </tr>,
    );
  }

  return (
    <section className={styles.root} aria-label={t(lang, 'preview.title')}>
      <div className={styles.bar}>
        <Text weight="semibold" as="h2" size={300}>
          {t(lang, 'preview.title')}
        </Text>
        {workbook.sheets.length > 1 && (
          <Select
            className={styles.sheetSelect}
            size="small"
            value={sheet.name}
            aria-label={t(lang, 'preview.sheet')}
            data-testid="sheet-select"
            onChange={(_, data) => onSheetChange(data.value)}
          >
            {workbook.sheets.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </Select>
        )}
      </div>
      {total === 0 || cols === 0 ? (
        <Text className={styles.note} data-testid="preview">
          {t(lang, 'preview.empty')}
        </Text>
      ) : (
        <div ref={boxRef} className={styles.box} style={maxHeight ? { maxHeight } : undefined} data-testid="preview" data-sheet={sheet.name} tabIndex={0} aria-label={t(lang, 'preview.label', { sheet: sheet.name })}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th className={mergeClasses(styles.head, styles.corner)} aria-hidden="true" />
                {Array.from({ length: cols }, (_, c) => (
                  <th key={c} scope="col" className={styles.head}>
                    {colName(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{rows}</tbody>
          </table>
        </div>
      )}
      {(from > 0 || to < total) && (
        <Text className={styles.note} data-testid="preview-note">
          {t(lang, 'preview.window', { from: from + 1, to, total })}
        </Text>
      )}
      {colCount(sheet) > cols && (
        <Text className={styles.note}>{t(lang, 'preview.columns', { shown: cols, total: colCount(sheet) })}</Text>
      )}
    </section>
  );
}
