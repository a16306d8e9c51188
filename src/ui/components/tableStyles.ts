// Tables of numbers in a 350 px task pane (allocation and appendix previews):
// numbers and names stay on one line, the unit column stays in view, and the
// table scrolls sideways in its own box instead of wrapping one digit a line.
import { makeStyles, tokens } from '@fluentui/react-components';

export const useDataTableStyles = makeStyles({
  scroll: {
    overflowX: 'auto',
    maxWidth: '100%',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  table: {
    borderCollapse: 'separate',
    borderSpacing: 0,
    fontSize: tokens.fontSizeBase200,
    // The pane wraps long words anywhere; a table must not.
    overflowWrap: 'normal',
    wordBreak: 'normal',
  },
  head: {
    padding: '2px 6px',
    textAlign: 'right',
    verticalAlign: 'bottom',
    fontWeight: tokens.fontWeightSemibold,
    whiteSpace: 'normal',
    minWidth: '5.5em',
    maxWidth: '9em',
    hyphens: 'none',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  cell: {
    padding: '2px 6px',
    textAlign: 'right',
    whiteSpace: 'nowrap',
    fontVariantNumeric: 'tabular-nums',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  /** The unit column: kept in view while the numbers scroll under it. */
  sticky: {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    textAlign: 'left',
    whiteSpace: 'nowrap',
    maxWidth: '11em',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  stickyHead: { backgroundColor: tokens.colorNeutralBackground2, zIndex: 2, textAlign: 'left', whiteSpace: 'normal', minWidth: '6em' },
  left: { textAlign: 'left' },
  total: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3, fontStyle: 'italic' },
});
