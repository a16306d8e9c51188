// Asks before PovCheck changes a user's cells: one suggestion ("Sửa ô C18 từ
// 2.211 thành 2.111?") or the list of certain ones. Nothing is written
// without this explicit second click.
import * as React from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { LOG_SHEET } from '../../core/plan';
import type { Issue } from '../../core/report';
import { formatValue, t, type Lang } from '../i18n';
import { suggestionValue } from './IssueList';

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalS} 0`, paddingLeft: tokens.spacingHorizontalXL, maxHeight: '40vh', overflowY: 'auto' },
  note: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** The value the cell holds now, as the check read it, when the suggestion is for the issue's own cell. */
function oldValue(issue: Issue, lang: Lang): string | null {
  const s = issue.suggestion!;
  return s.cell === issue.cell ? formatValue(issue.stated, lang, issue.decimals) : null;
}

export function confirmLine(issue: Issue, lang: Lang): string {
  const s = issue.suggestion!;
  const old = oldValue(issue, lang);
  const value = suggestionValue(issue, s, lang);
  return old !== null ? t(lang, 'confirm.item', { cell: s.cell, old, value }) : t(lang, 'confirm.itemNoOld', { cell: s.cell, value });
}

export function ConfirmApply(props: { issues: Issue[]; lang: Lang; onConfirm: () => void; onCancel: () => void }) {
  const { issues, lang, onConfirm, onCancel } = props;
  const styles = useStyles();
  const one = issues.length === 1 ? issues[0] : null;
  let question: string;
  if (one) {
    const s = one.suggestion!;
    const old = oldValue(one, lang);
    const value = suggestionValue(one, s, lang);
    question = old !== null ? t(lang, 'confirm.one', { cell: s.cell, old, value }) : t(lang, 'confirm.oneNoOld', { cell: s.cell, value });
  } else {
    question = t(lang, 'confirm.many', { cells: t(lang, 'count.cells', { n: issues.length }) });
  }
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && onCancel()}>
      <DialogSurface data-testid="confirm">
        <DialogBody>
          <DialogTitle>{t(lang, 'confirm.title')}</DialogTitle>
          <DialogContent>
            <p data-testid="confirm-question">{question}</p>
            {!one && (
              <ul className={styles.list} data-testid="confirm-list">
                {issues.map((i) => (
                  <li key={`${i.sheet}|${i.suggestion!.cell}`} data-testid="confirm-item">
                    {confirmLine(i, lang)}
                  </li>
                ))}
              </ul>
            )}
            <p className={styles.note}>{t(lang, 'confirm.logged', { log: LOG_SHEET })}</p>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" data-testid="confirm-ok" onClick={onConfirm}>
              {t(lang, 'confirm.ok')}
            </Button>
            <Button data-testid="confirm-cancel" onClick={onCancel}>
              {t(lang, 'confirm.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
