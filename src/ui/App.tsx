// The task pane. It only talks to a PaneBackend, so the same UI runs inside
// Excel (Office.js backend) and on a plain page with an opened .xlsx file.
// The state of each feature lives in a hook under ./state (check, roles,
// corrections, the opened file); the allocation and appendix tabs keep
// theirs in their panels and models. This file lays them out.
import * as React from 'react';
import {
  Button,
  FluentProvider,
  ProgressBar,
  Select,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import type { PaneBackend } from '../backend/contract';
import { type ProgressStore, useProgress } from './state/progress';
import { isFileBackend } from './file-backend';
import { t, type Lang } from './i18n';
import { ErrorBar } from './components/ErrorBar';
import { FileOpener } from './components/FileOpener';
import { IssueList } from './components/IssueList';
import { ConfirmApply } from './components/ConfirmApply';
import { SheetPreview } from './components/SheetPreview';
import { Summary } from './components/Summary';
import { TablesPanel } from './components/TablesPanel';
import { AllocationPanel } from './components/AllocationPanel';
import { AppendixPanel } from './components/AppendixPanel';
import { ComparePanel } from './components/ComparePanel';
import { PageCheckView } from './components/PageCheckView';
import { CorrectionsPanel } from './components/CorrectionsPanel';
import { useFeedback, useMounted } from './state/feedback';
import { useCheck } from './state/check';
import { useRoleOverrides } from './state/roles';
import { useCorrections } from './state/corrections';
import { useWorkbookFile } from './state/workbook-file';

export interface AppProps {
  backend: PaneBackend;
  initialLang: Lang;
}

type View = 'check' | 'fix' | 'allocate' | 'appendix' | 'compare';

const useStyles = makeStyles({
  provider: { minHeight: '100%', backgroundColor: tokens.colorNeutralBackground1 },
  root: {
    boxSizing: 'border-box',
    width: '100%',
    maxWidth: '100%',
    overflowX: 'hidden',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    overflowWrap: 'anywhere',
  },
  header: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase500 },
  langSelect: { minWidth: 0, maxWidth: '9.5em' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  progress: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  working: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  progressBar: { flexGrow: 1, minWidth: 0 },
  status: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  // Five tabs do not fit one line of a 350 px pane: they wrap instead of clipping the last one.
  tabs: { flexWrap: 'wrap', rowGap: '2px', minWidth: 0, maxWidth: '100%' },
});

/** The progress line under the bar: rows read, then tables checked. The only part of the pane that redraws with each step. */
function WorkLine(props: { lang: Lang; store: ProgressStore; opening: boolean; className: string }) {
  const { lang, opening } = props;
  const work = useProgress(props.store);
  const text =
    work?.stage === 'read'
      ? t(lang, 'work.reading', { sheet: work.sheet ?? '', rows: work.rows ?? 0 })
      : work?.stage === 'check'
        ? t(lang, 'work.checking', { tables: work.tables ?? 0, sheets: work.sheets ?? 0, count: work.sheetCount ?? 0 })
        : opening
          ? t(lang, 'work.starting')
          : t(lang, 'check.running');
  return (
    <Text className={props.className} role="status" aria-live="polite" data-testid="progress-text" data-stage={work?.stage} data-rows={work?.rows} data-tables={work?.tables}>
      {text}
    </Text>
  );
}

export function App(props: AppProps) {
  const { backend, initialLang } = props;
  const styles = useStyles();
  const fileBackend = isFileBackend(backend) ? backend : null;

  const [lang, setLang] = React.useState<Lang>(initialLang);
  /** The tab shown: the check (default), the allocation or the appendix panel. */
  const [view, setView] = React.useState<View>('check');
  const mounted = useMounted();
  const feedback = useFeedback();
  const check = useCheck(backend, mounted, feedback);
  // The browser page always checks the whole file: each sheet gets its summary.
  const runCheck = (scope: 'active' | 'all', l: Lang) => check.run(fileBackend ? 'all' : scope, l);
  const roles = useRoleOverrides(backend, mounted, feedback.setError);
  const corrections = useCorrections({ backend, lang, result: check.result, mounted, feedback, recheck: check.rerun });
  const wb = useWorkbookFile(backend, fileBackend, mounted, feedback, () => {
    check.clear();
    void roles.load();
    // A freshly opened file is checked straight away: that is why it was opened.
    void runCheck('active', lang);
  });

  const changeLang = (next: Lang) => {
    if (next === lang) return;
    setLang(next);
    // Issue messages are rendered by the engine, so they only follow a new run.
    const scope = check.lastScope();
    if (scope) void check.run(scope, next);
  };

  const changeRole = async (sheet: string, column: string, role: string) => {
    if (await roles.change(sheet, column, role)) void check.rerun(lang);
  };

  const { result, running, progress } = check;
  const { error, status, setError } = feedback;
  /** The tab a status message belongs to: it is shown there only. */
  const [statusView, setStatusView] = React.useState<View>('check');
  React.useEffect(() => {
    if (status) setStatusView(view);
    // Only a new message moves it: switching tabs must not carry the message along.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status]);
  const { file, opening, selected } = wb;
  const work = opening ? wb.work : check.work;
  // After a file failed to open, the previous file's results are not shown as if they were the new file's.
  const showResults = !wb.failed;
  const { overrides } = roles;
  const { writing, confirm, setConfirm, safe, write } = corrections;
  const report = result?.report ?? null;
  const canMark = corrections.can.mark;
  const canClear = corrections.can.clear;
  const canApply = corrections.can.apply;
  const canUndo = corrections.can.undo;
  const canCorrect = corrections.can.correct;
  const canReport = corrections.can.report;
  const busy = running || writing || opening;

  return (
    <FluentProvider theme={webLightTheme} className={styles.provider} lang={lang}>
      <main className={styles.root} data-testid="pane" data-lang={lang}>
        <header className={styles.header}>
          <h1 className={styles.title}>{t(lang, 'app.title')}</h1>
          <Select
            className={styles.langSelect}
            size="small"
            value={lang}
            aria-label={t(lang, 'lang.label')}
            data-testid="lang"
            onChange={(_, data) => changeLang(data.value === 'en' ? 'en' : 'vi')}
          >
            <option value="vi">{t(lang, 'lang.vi')}</option>
            <option value="en">{t(lang, 'lang.en')}</option>
          </Select>
        </header>

        {fileBackend && (
          <FileOpener
            lang={lang}
            fileName={file.name}
            busy={opening}
            openingName={wb.openingName}
            failed={wb.failed}
            onShowPrevious={wb.showPrevious}
            onFile={(f) => void wb.openFile(f)}
            onSample={() => void wb.openSample()}
            onIntent={wb.prewarm}
          />
        )}

        <TabList
          size="small"
          selectedValue={view}
          aria-label={t(lang, 'tab.label')}
          data-testid="tabs"
          className={styles.tabs}
          onTabSelect={(_, d) => setView(d.value === 'allocate' || d.value === 'appendix' || d.value === 'fix' || d.value === 'compare' ? d.value : 'check')}
        >
          <Tab value="check" data-testid="tab-check">
            {t(lang, 'tab.check')}
          </Tab>
          {fileBackend && (
            <Tab value="fix" data-testid="tab-fix">
              {t(lang, 'tab.fix')}
            </Tab>
          )}
          <Tab value="allocate" data-testid="tab-allocate">
            {t(lang, 'tab.allocate')}
          </Tab>
          <Tab value="appendix" data-testid="tab-appendix">
            {t(lang, 'tab.appendix')}
          </Tab>
          <Tab value="compare" data-testid="tab-compare">
            {t(lang, 'tab.compare')}
          </Tab>
        </TabList>

        {view === 'check' && (
        <div className={styles.row}>
          <Button appearance="primary" data-testid="check" title={t(lang, 'check.activeHint')} onClick={() => void runCheck('active', lang)} disabled={opening || !!wb.failed}>
            {t(lang, 'check.active')}
          </Button>
          {!fileBackend && (
            <Button data-testid="check-all" title={t(lang, 'check.allHint')} onClick={() => void runCheck('all', lang)} disabled={opening}>
              {t(lang, 'check.all')}
            </Button>
          )}
        </div>
        )}

        {(running || opening) && (
          <div className={styles.working} data-testid="running" data-stage={opening ? 'open' : 'check'}>
            <div className={styles.progress}>
              <ProgressBar
                className={styles.progressBar}
                value={opening ? undefined : progress}
                max={1}
                thickness="large"
                aria-label={t(lang, 'check.running')}
                data-testid="progress"
                data-value={opening || progress === undefined ? '' : progress.toFixed(2)}
              />
              <Button
                size="small"
                data-testid="cancel"
                title={t(lang, fileBackend ? 'work.cancelHint' : 'check.cancelHint')}
                onClick={opening ? wb.cancelOpen : check.cancel}
              >
                {t(lang, 'check.cancel')}
              </Button>
            </div>
            {fileBackend && <WorkLine lang={lang} store={work} opening={opening} className={styles.status} />}
          </div>
        )}

        {error !== null && <ErrorBar error={error} lang={lang} onDismiss={() => setError(null)} />}

        {view === 'check' && (
          <>
        {report && !fileBackend && <Summary report={report} lang={lang} />}

        {(canMark || canClear) && (
          <div className={styles.row}>
            {canMark && (
              <Button data-testid="mark" onClick={() => void corrections.mark()} disabled={!report || running}>
                {t(lang, 'mark.run')}
              </Button>
            )}
            {canClear && (
              <Button data-testid="clear-marks" onClick={() => void corrections.clearMarks()} disabled={running}>
                {t(lang, 'mark.clear')}
              </Button>
            )}
          </div>
        )}
        {(canApply || canUndo || canCorrect || canReport) && (
          <div className={styles.row}>
            {canApply && (
              <Button
                data-testid="apply-safe"
                data-count={safe.length}
                title={t(lang, 'write.applySafeHint')}
                onClick={() => setConfirm(safe)}
                disabled={!safe.length || busy}
              >
                {t(lang, 'write.applySafe', { n: safe.length })}
              </Button>
            )}
            {canUndo && (
              <Button data-testid="undo" title={t(lang, 'write.undoHint')} onClick={() => void corrections.undo()} disabled={busy}>
                {t(lang, 'write.undo')}
              </Button>
            )}
            {canCorrect && (
              <Button data-testid="write-corrected" title={t(lang, 'write.correctedHint')} onClick={() => void corrections.writeCorrected()} disabled={!report || busy}>
                {t(lang, 'write.corrected')}
              </Button>
            )}
            {canReport && (
              <Button data-testid="write-report" title={t(lang, 'write.reportHint')} onClick={() => void corrections.writeReport()} disabled={!report || busy}>
                {t(lang, 'write.report')}
              </Button>
            )}
          </div>
        )}
          </>
        )}
        {status && statusView === view && (
          <Text className={styles.status} role="status" data-testid="status">
            {status}
          </Text>
        )}
        {confirm && <ConfirmApply issues={confirm} lang={lang} onConfirm={() => corrections.applyConfirmed(confirm)} onCancel={() => setConfirm(null)} />}

        {view === 'check' && fileBackend && showResults && report && file.workbook && (
          <PageCheckView
            report={report}
            workbook={file.workbook}
            sheet={file.active}
            selected={selected}
            lang={lang}
            onSheetChange={wb.changeSheet}
            onSelect={(i) => void wb.selectIssue(i)}
          >
            <TablesPanel report={report} overrides={overrides} lang={lang} disabled={running} onRoleChange={(s, c, r) => void changeRole(s, c, r)} />
          </PageCheckView>
        )}
        {view === 'check' && !(fileBackend && report && file.workbook) && (
          <>
        {fileBackend && showResults && file.workbook && !running && (
          <SheetPreview
            workbook={file.workbook}
            sheetName={file.active}
            issues={report?.issues ?? []}
            selected={selected}
            lang={lang}
            onSheetChange={wb.changeSheet}
          />
        )}

        {report && !fileBackend && <TablesPanel report={report} overrides={overrides} lang={lang} disabled={running} onRoleChange={(s, c, r) => void changeRole(s, c, r)} />}

        {report && !fileBackend && (
          <IssueList
            issues={report.issues}
            lang={lang}
            selected={selected}
            onSelect={(i) => void wb.selectIssue(i)}
            onApply={canApply ? (i) => setConfirm([i]) : undefined}
            applyDisabled={busy}
          />
        )}
          </>
        )}

        {fileBackend && view === 'fix' && (
          <CorrectionsPanel backend={fileBackend} fileName={file.name} workbook={file.workbook} overrides={overrides} report={report} lang={lang} busy={busy} />
        )}
        {/* Kept mounted while hidden: switching tabs keeps what was typed and the files chosen. */}
        <div hidden={view !== 'allocate'}>
          <AllocationPanel backend={backend} result={result} overrides={overrides} lang={lang} busy={busy} write={(act) => void write(act)} />
        </div>
        <div hidden={view !== 'appendix'}>
          <AppendixPanel backend={backend} lang={lang} busy={busy} write={(act) => void write(act)} />
        </div>
        <div hidden={view !== 'compare'}>
          <ComparePanel backend={backend} lang={lang} busy={busy} />
        </div>
      </main>
    </FluentProvider>
  );
}
