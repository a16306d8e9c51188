// The task pane. It only talks to a PaneBackend, so the same UI runs inside
// Excel (Office.js backend) and on a plain page with an opened .xlsx file.
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
import type { Workbook } from '../core/grid';
import type { Issue } from '../core/report';
import { PaneError, type CheckResult, type CheckScope, type PaneBackend, type RoleOverrides } from '../backend/contract';
import { isFileBackend } from './file-backend';
import { t, type Lang } from './i18n';
import { ErrorBar } from './components/ErrorBar';
import { FileOpener, readFileBytes } from './components/FileOpener';
import { IssueList, applicableSuggestion } from './components/IssueList';
import { ConfirmApply } from './components/ConfirmApply';
import { SheetPreview } from './components/SheetPreview';
import { Summary } from './components/Summary';
import { TablesPanel } from './components/TablesPanel';
import { AllocationPanel } from './components/AllocationPanel';
import { AppendixPanel } from './components/AppendixPanel';

export interface AppProps {
  backend: PaneBackend;
  initialLang: Lang;
}

type Selection = { sheet: string; cell: string };
type View = 'check' | 'allocate' | 'appendix';

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
  progressBar: { flexGrow: 1, minWidth: 0 },
  status: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

export function App(props: AppProps) {
  const { backend, initialLang } = props;
  const styles = useStyles();
  const fileBackend = isFileBackend(backend) ? backend : null;

  const [lang, setLang] = React.useState<Lang>(initialLang);
  const [result, setResult] = React.useState<CheckResult | null>(null);
  const [running, setRunning] = React.useState(false);
  const [progress, setProgress] = React.useState<number | undefined>(undefined);
  const [error, setError] = React.useState<unknown>(null);
  const [status, setStatus] = React.useState<string | null>(null);
  const [overrides, setOverrides] = React.useState<RoleOverrides>({});
  const [selected, setSelected] = React.useState<Selection | null>(null);
  const [file, setFile] = React.useState<{ name: string | null; workbook: Workbook | null; active: string | null }>(() => ({
    name: fileBackend?.getFileName() ?? null,
    workbook: fileBackend?.getWorkbook() ?? null,
    active: fileBackend?.getActiveSheet() ?? null,
  }));
  const [opening, setOpening] = React.useState(false);
  /** The tab shown: the check (default), the allocation or the appendix panel. */
  const [view, setView] = React.useState<View>('check');
  /** A write-back action in flight (apply, undo, corrected table, report): the write buttons wait. */
  const [writing, setWriting] = React.useState(false);
  /** Suggestions waiting for the user's "Áp dụng" in the confirmation dialog. */
  const [confirm, setConfirm] = React.useState<Issue[] | null>(null);

  // The run in flight: a newer run or a cancel makes older results stale.
  const runRef = React.useRef<{ id: number; controller: AbortController } | null>(null);
  const runSeq = React.useRef(0);
  const lastScope = React.useRef<CheckScope | null>(null);
  const mounted = React.useRef(true);
  React.useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      runRef.current?.controller.abort();
    };
  }, []);

  const refreshFile = React.useCallback(() => {
    if (!fileBackend) return;
    setFile({ name: fileBackend.getFileName(), workbook: fileBackend.getWorkbook(), active: fileBackend.getActiveSheet() });
  }, [fileBackend]);

  const loadOverrides = React.useCallback(async () => {
    try {
      const o = await backend.loadRoleOverrides();
      if (mounted.current) setOverrides(o);
    } catch {
      // Without stored choices the engine's own roles apply; nothing to tell the user.
    }
  }, [backend]);

  React.useEffect(() => {
    void loadOverrides();
  }, [loadOverrides]);

  // The browser backend announces selections so the preview follows (also for selections it makes itself).
  React.useEffect(() => {
    if (!fileBackend) return undefined;
    return fileBackend.onSelect((sheet, cell) => {
      if (!mounted.current) return;
      setSelected({ sheet, cell });
      refreshFile();
    });
  }, [fileBackend, refreshFile]);

  const runCheck = React.useCallback(
    async (scope: CheckScope, runLang: Lang) => {
      runRef.current?.controller.abort();
      const controller = new AbortController();
      const id = ++runSeq.current;
      runRef.current = { id, controller };
      lastScope.current = scope;
      const current = () => mounted.current && runRef.current?.id === id;
      setRunning(true);
      setProgress(undefined);
      setError(null);
      setStatus(null);
      try {
        const res = await backend.check(scope, {
          lang: runLang,
          signal: controller.signal,
          onProgress: (f) => {
            if (current()) setProgress(Math.max(0, Math.min(1, f)));
          },
        });
        if (!current()) return;
        setResult(res);
      } catch (e) {
        if (current()) setError(e);
      } finally {
        if (current()) {
          runRef.current = null;
          setRunning(false);
          setProgress(undefined);
        }
      }
    },
    [backend],
  );

  const cancel = () => {
    const run = runRef.current;
    if (!run) return;
    run.controller.abort();
    // Don't wait for a backend that ignores the signal: the pane is free again now.
    runRef.current = null;
    setRunning(false);
    setProgress(undefined);
    setError(new PaneError('cancelled'));
  };

  const changeLang = (next: Lang) => {
    if (next === lang) return;
    setLang(next);
    // Issue messages are rendered by the engine, so they only follow a new run.
    if (lastScope.current) void runCheck(lastScope.current, next);
  };

  const changeRole = async (sheet: string, column: string, role: string) => {
    setOverrides((prev) => ({ ...prev, [sheet]: { ...prev[sheet], [column]: role } }));
    try {
      // Merge with what is stored, not only with what this pane has seen.
      const stored = await backend.loadRoleOverrides();
      const next: RoleOverrides = { ...stored, [sheet]: { ...stored[sheet], [column]: role } };
      await backend.saveRoleOverrides(next);
      if (mounted.current) setOverrides(next);
    } catch (e) {
      if (mounted.current) setError(e);
      return;
    }
    void runCheck(lastScope.current ?? 'active', lang);
  };

  const selectIssue = async (issue: Issue) => {
    setSelected({ sheet: issue.sheet, cell: issue.cell });
    try {
      await backend.selectCell(issue.sheet, issue.cell);
    } catch (e) {
      if (mounted.current) setError(e);
    }
  };

  const mark = async () => {
    if (!backend.mark || !result) return;
    setError(null);
    setStatus(null);
    try {
      const n = await backend.mark(
        result.report.issues.filter((i) => i.severity !== 'info'),
        lang,
      );
      if (mounted.current) setStatus(t(lang, 'mark.done', { cells: t(lang, 'count.cells', { n }) }));
    } catch (e) {
      if (mounted.current) setError(e);
    }
  };

  const clearMarks = async () => {
    if (!backend.clearMarks) return;
    setError(null);
    setStatus(null);
    try {
      const n = await backend.clearMarks();
      if (mounted.current) setStatus(t(lang, 'mark.cleared', { cells: t(lang, 'count.cells', { n }) }));
    } catch (e) {
      if (mounted.current) setError(e);
    }
  };

  /**
   * Runs one write-back action: errors go to the error bar, the status line
   * gets what `act` returns. `recheck`: the cells changed, so the check runs
   * again (in the last scope) before the status is shown.
   */
  const write = async (act: () => Promise<string>, recheck = false) => {
    if (writing) return;
    setError(null);
    setStatus(null);
    setWriting(true);
    let message: string;
    try {
      message = await act();
    } catch (e) {
      if (mounted.current) {
        setError(e);
        setWriting(false);
      }
      return;
    }
    if (!mounted.current) return;
    setWriting(false);
    if (recheck) await runCheck(lastScope.current ?? 'active', lang);
    if (mounted.current) setStatus(message);
  };

  const applyConfirmed = (issues: Issue[]) => {
    setConfirm(null);
    const apply = backend.applySuggestions;
    if (!apply) return;
    void write(async () => {
      const n = await apply.call(backend, issues);
      return t(lang, 'write.applied', { cells: t(lang, 'count.cells', { n }) });
    }, true);
  };

  const undo = () =>
    write(async () => {
      let restored: number;
      let skipped: { sheet: string; cell: string }[] = [];
      if (backend.undoDetailed) ({ restored, skipped } = await backend.undoDetailed());
      else if (backend.undo) restored = await backend.undo();
      else return '';
      if (!restored && !skipped.length) return t(lang, 'write.nothingToUndo');
      const sheets = new Set(skipped.map((c) => c.sheet));
      const list = skipped.map((c) => (sheets.size > 1 ? `${c.sheet}!${c.cell}` : c.cell)).join(', ');
      const done = t(lang, 'write.undone', { cells: t(lang, 'count.cells', { n: restored }) });
      return skipped.length ? `${done} ${t(lang, 'write.undoSkipped', { list })}` : done;
    }, true);

  const writeCorrected = () =>
    write(async () => {
      if (!backend.writeCorrected || !result) return '';
      const names = await backend.writeCorrected(result, lang);
      return names.length ? t(lang, 'write.correctedDone', { names: names.map((n) => `“${n}”`).join(', ') }) : t(lang, 'write.correctedNone');
    });

  const writeReport = () =>
    write(async () => {
      if (!backend.writeReport || !result) return '';
      const name = await backend.writeReport(result, lang);
      return t(lang, 'write.reportDone', { name });
    });

  /** Opening a file and opening the sample differ only in where the bytes come from. */
  const open = async (load: (fb: NonNullable<typeof fileBackend>) => Promise<unknown>) => {
    if (!fileBackend) return;
    setOpening(true);
    setError(null);
    setStatus(null);
    try {
      await load(fileBackend);
    } catch (e) {
      if (mounted.current) {
        setError(e);
        setOpening(false);
      }
      return;
    }
    afterOpen();
  };

  const openFile = (f: File) => open(async (fb) => fb.openFile(await readFileBytes(f), f.name));
  const openSample = () => open((fb) => fb.loadSample());

  const afterOpen = () => {
    if (!mounted.current) return;
    setOpening(false);
    setResult(null);
    setSelected(null);
    refreshFile();
    void loadOverrides();
    // A freshly opened file is checked straight away: that is why it was opened.
    void runCheck('active', lang);
  };

  const changeSheet = (name: string) => {
    if (!fileBackend) return;
    fileBackend.setActiveSheet(name);
    setSelected(null);
    refreshFile();
  };

  const report = result?.report ?? null;
  const canMark = typeof backend.mark === 'function';
  const canClear = typeof backend.clearMarks === 'function';
  const canApply = typeof backend.applySuggestions === 'function';
  const canUndo = typeof backend.undo === 'function' || typeof backend.undoDetailed === 'function';
  const canCorrect = typeof backend.writeCorrected === 'function';
  const canReport = typeof backend.writeReport === 'function';
  // "Chắc chắn" only: high confidence and not part of a tie; one per cell.
  const safe = React.useMemo(() => {
    const seen = new Set<string>();
    return (report?.issues ?? []).filter((i) => {
      const s = applicableSuggestion(i);
      if (!s || s.confidence !== 'high') return false;
      const k = `${i.sheet}\u0000${s.cell}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }, [report]);
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
          <FileOpener lang={lang} fileName={file.name} busy={opening} onFile={(f) => void openFile(f)} onSample={() => void openSample()} />
        )}

        <TabList
          size="small"
          selectedValue={view}
          aria-label={t(lang, 'tab.label')}
          data-testid="tabs"
          onTabSelect={(_, d) => setView(d.value === 'allocate' || d.value === 'appendix' ? d.value : 'check')}
        >
          <Tab value="check" data-testid="tab-check">
            {t(lang, 'tab.check')}
          </Tab>
          <Tab value="allocate" data-testid="tab-allocate">
            {t(lang, 'tab.allocate')}
          </Tab>
          <Tab value="appendix" data-testid="tab-appendix">
            {t(lang, 'tab.appendix')}
          </Tab>
        </TabList>

        {view === 'check' && (
        <div className={styles.row}>
          <Button appearance="primary" data-testid="check" title={t(lang, 'check.activeHint')} onClick={() => void runCheck('active', lang)} disabled={opening}>
            {t(lang, 'check.active')}
          </Button>
          <Button data-testid="check-all" title={t(lang, 'check.allHint')} onClick={() => void runCheck('all', lang)} disabled={opening}>
            {t(lang, 'check.all')}
          </Button>
        </div>
        )}

        {running && (
          <div className={styles.progress} data-testid="running">
            <ProgressBar
              className={styles.progressBar}
              value={progress}
              max={1}
              thickness="large"
              aria-label={t(lang, 'check.running')}
              data-testid="progress"
              data-value={progress === undefined ? '' : progress.toFixed(2)}
            />
            <Button size="small" data-testid="cancel" title={t(lang, 'check.cancelHint')} onClick={cancel}>
              {t(lang, 'check.cancel')}
            </Button>
          </div>
        )}

        {error !== null && <ErrorBar error={error} lang={lang} onDismiss={() => setError(null)} />}

        {view === 'check' && (
          <>
        {report && <Summary report={report} lang={lang} />}

        {(canMark || canClear) && (
          <div className={styles.row}>
            {canMark && (
              <Button data-testid="mark" onClick={() => void mark()} disabled={!report || running}>
                {t(lang, 'mark.run')}
              </Button>
            )}
            {canClear && (
              <Button data-testid="clear-marks" onClick={() => void clearMarks()} disabled={running}>
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
              <Button data-testid="undo" title={t(lang, 'write.undoHint')} onClick={() => void undo()} disabled={busy}>
                {t(lang, 'write.undo')}
              </Button>
            )}
            {canCorrect && (
              <Button data-testid="write-corrected" title={t(lang, 'write.correctedHint')} onClick={() => void writeCorrected()} disabled={!report || busy}>
                {t(lang, 'write.corrected')}
              </Button>
            )}
            {canReport && (
              <Button data-testid="write-report" title={t(lang, 'write.reportHint')} onClick={() => void writeReport()} disabled={!report || busy}>
                {t(lang, 'write.report')}
              </Button>
            )}
          </div>
        )}
          </>
        )}
        {status && (
          <Text className={styles.status} role="status" data-testid="status">
            {status}
          </Text>
        )}
        {confirm && <ConfirmApply issues={confirm} lang={lang} onConfirm={() => applyConfirmed(confirm)} onCancel={() => setConfirm(null)} />}

        {view === 'check' && (
          <>
        {fileBackend && file.workbook && (
          <SheetPreview
            workbook={file.workbook}
            sheetName={file.active}
            issues={report?.issues ?? []}
            selected={selected}
            lang={lang}
            onSheetChange={changeSheet}
          />
        )}

        {report && <TablesPanel report={report} overrides={overrides} lang={lang} disabled={running} onRoleChange={(s, c, r) => void changeRole(s, c, r)} />}

        {report && (
          <IssueList
            issues={report.issues}
            lang={lang}
            selected={selected}
            onSelect={(i) => void selectIssue(i)}
            onApply={canApply ? (i) => setConfirm([i]) : undefined}
            applyDisabled={busy}
          />
        )}
          </>
        )}

        {/* Kept mounted while hidden: switching tabs keeps what was typed and the files chosen. */}
        <div hidden={view !== 'allocate'}>
          <AllocationPanel backend={backend} result={result} overrides={overrides} lang={lang} busy={busy} write={(act) => void write(act)} />
        </div>
        <div hidden={view !== 'appendix'}>
          <AppendixPanel backend={backend} lang={lang} busy={busy} write={(act) => void write(act)} />
        </div>
      </main>
    </FluentProvider>
  );
}
