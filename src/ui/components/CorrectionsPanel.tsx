// Browser page, "Sửa lỗi": the suggestions applied in a corrected copy (the
// certain ones, or every untied one, after the same confirmation as in Excel),
// then three downloads named after the opened file: the corrected workbook,
// the report sheet, and a marked-up copy. The opened file is never changed.
import * as React from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Label,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { ApplyMode } from '../../core/correct';
import type { Workbook } from '../../core/grid';
import type { RoleOverrides } from '../../core/engine';
import { PaneError } from '../../backend/contract';
import type { FileBackend } from '../file-backend';
import { formatValue, t, type Lang } from '../i18n';
import { type FixPlan, planFix } from '../page-fix-plan';
import type { FixFiles } from '../page-fix';
import type { FixSummary } from '../worker/session';
import type { Report } from '../../core/report';
import { DownloadLink } from './DownloadLink';
import { ErrorBar } from './ErrorBar';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  note: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  files: { margin: 0, paddingLeft: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  file: { display: 'flex', flexDirection: 'column', gap: '2px', overflowWrap: 'anywhere' },
  list: { margin: `${tokens.spacingVerticalS} 0`, paddingLeft: tokens.spacingHorizontalXL, maxHeight: '40vh', overflowY: 'auto' },
  status: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

export interface CorrectionsPanelProps {
  backend: FileBackend;
  fileName: string | null;
  /** The opened file's grids (what the corrections are planned on). */
  workbook: Workbook | null;
  overrides: RoleOverrides;
  /** The latest check: a new one (roles changed) plans again. */
  report?: Report | null;
  lang: Lang;
  busy: boolean;
}

export function CorrectionsPanel(props: CorrectionsPanelProps) {
  const { backend, fileName, workbook, overrides, report, lang, busy } = props;
  const styles = useStyles();
  const [mode, setMode] = React.useState<ApplyMode>('safe');
  const [asking, setAsking] = React.useState<Pick<FixPlan, 'applied'> | null>(null);
  const [building, setBuilding] = React.useState(false);
  const [files, setFiles] = React.useState<FixFiles | null>(null);
  const [error, setError] = React.useState<unknown>(null);
  const date = React.useMemo(() => new Date(), [workbook]);

  // Planned to count and list exactly what the corrected copy will change: in the page's worker where
  // the grids are (fixSummary), else here (pure core).
  const [plans, setPlans] = React.useState<FixSummary | null>(null);
  React.useEffect(() => {
    setPlans(null);
    if (!workbook) return undefined;
    let live = true;
    const local = (): FixSummary => {
      const of = (apply: ApplyMode) => ({ applied: planFix(workbook, { file: fileName ?? '', lang, apply, date, roles: overrides }).applied });
      return { safe: of('safe'), all: of('all') };
    };
    (backend.fixSummary ? backend.fixSummary(lang, date) : Promise.resolve().then(local)).then(
      (p) => live && setPlans(p),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [backend, workbook, fileName, lang, date, overrides, report]);
  React.useEffect(() => setFiles(null), [plans, mode]);

  if (!workbook || !backend.buildFixFiles) {
    return (
      <section className={styles.root} data-testid="panel-fix">
        <Text>{t(lang, 'fix.needCheck')}</Text>
      </section>
    );
  }
  if (!plans) {
    return (
      <section className={styles.root} data-testid="panel-fix" aria-busy="true">
        <Text>{t(lang, 'fix.planning')}</Text>
        {error !== null && <ErrorBar error={error} lang={lang} onDismiss={() => setError(null)} />}
      </section>
    );
  }
  const chosen: Pick<FixPlan, 'applied'> | null = mode === 'none' ? null : plans[mode];

  const build = async () => {
    setAsking(null);
    setBuilding(true);
    setError(null);
    try {
      const made = await backend.buildFixFiles!(mode, lang, date);
      setFiles(made);
    } catch (e) {
      setError(e instanceof PaneError ? e : new PaneError('write-failed', e instanceof Error ? e.message : String(e)));
    } finally {
      setBuilding(false);
    }
  };
  const start = () => (chosen && chosen.applied.length ? setAsking(chosen) : void build());

  const many = (n: number) => t(lang, 'count.cells', { n });
  return (
    <section className={styles.root} data-testid="panel-fix">
      <Text>{t(lang, 'fix.intro', { name: fileName ?? '' })}</Text>
      <Label id="fix-mode-label">{t(lang, 'fix.mode')}</Label>
      <RadioGroup aria-labelledby="fix-mode-label" value={mode} data-testid="fix-mode" onChange={(_, d) => setMode(d.value === 'all' ? 'all' : d.value === 'none' ? 'none' : 'safe')}>
        <Radio value="safe" data-testid="fix-mode-safe" label={t(lang, 'fix.mode.safe', { n: plans.safe.applied.length })} />
        <Radio value="all" data-testid="fix-mode-all" label={t(lang, 'fix.mode.all', { n: plans.all.applied.length })} />
        <Radio value="none" data-testid="fix-mode-none" label={t(lang, 'fix.mode.none')} />
      </RadioGroup>
      <div>
        <Button appearance="primary" data-testid="fix-build" title={t(lang, 'fix.buildHint')} disabled={busy || building} onClick={start}>
          {building ? t(lang, 'fix.building') : t(lang, 'fix.build')}
        </Button>
      </div>
      {error !== null && <ErrorBar error={error} lang={lang} onDismiss={() => setError(null)} />}
      {files && (
        <>
          <Text className={styles.status} role="status" data-testid="fix-status">
            {t(lang, 'fix.ready', { n: 3, name: fileName ?? '' })} {files.applied ? t(lang, 'fix.applied', { cells: many(files.applied) }) : t(lang, 'fix.nothing')}
          </Text>
          <ul className={styles.files}>
            {(
              [
                ['corrected', files.corrected, 'fix.corrected'],
                ['report', files.report, 'fix.report'],
                ['marked', files.marked, 'fix.marked'],
              ] as const
            ).map(([id, f, what]) => (
              <li key={id} className={styles.file}>
                <DownloadLink testId={`download-${id}`} bytes={f.bytes} fileName={f.name} label={t(lang, 'file.downloadName', { name: f.name })} />
                <span className={styles.note}>{t(lang, what)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {asking && (
        <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && setAsking(null)}>
          <DialogSurface data-testid="confirm">
            <DialogBody>
              <DialogTitle>{t(lang, 'fix.confirm.title')}</DialogTitle>
              <DialogContent>
                <p data-testid="confirm-question">{t(lang, 'confirm.many', { cells: many(asking.applied.length) })}</p>
                <ul className={styles.list} data-testid="confirm-list">
                  {asking.applied.map((a) => {
                    const cell = workbook.sheets.length > 1 ? `${a.sheet}!${a.cell}` : a.cell;
                    const decimals = a.issue?.suggestion?.cell === a.issue?.cell ? a.issue?.decimals : undefined;
                    const value = formatValue(a.value, lang, decimals) ?? '';
                    const old = formatValue(a.old, lang, decimals);
                    return (
                      <li key={`${a.sheet}|${a.cell}`} data-testid="confirm-item">
                        {old !== null ? t(lang, 'confirm.item', { cell, old, value }) : t(lang, 'confirm.itemNoOld', { cell, value })}
                      </li>
                    );
                  })}
                </ul>
                <p className={styles.note}>{t(lang, 'fix.confirm.note')}</p>
              </DialogContent>
              <DialogActions>
                <Button appearance="primary" data-testid="confirm-ok" onClick={() => void build()}>
                  {t(lang, 'confirm.ok')}
                </Button>
                <Button data-testid="confirm-cancel" onClick={() => setAsking(null)}>
                  {t(lang, 'confirm.cancel')}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </section>
  );
}
