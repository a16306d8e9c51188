// "Phân bổ chỉ tiêu": a target for the chosen table (end rate or households),
// the arithmetic step by step, the share of every unit, and the allocation
// table written next to the source (Excel) or downloaded (browser page).
import * as React from 'react';
import { Button, Input, Label, Select, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import * as D from '../../core/decimal';
import type { SheetPlan } from '../../core/plan';
import type { CheckResult, PaneBackend, RoleOverrides } from '../../backend/contract';
import { t, formatNumber, type Lang } from '../i18n';
import {
  type AllocationInput,
  type AllocationProblem,
  type Basis,
  RULE_SETS,
  type RuleSet,
  type TableChoice,
  allocatableTables,
  computeAllocation,
  sourceTableOf,
} from '../allocation-model';
import { isFileBackend } from '../file-backend';
import { useRemoteAllocation } from '../state/allocation';
import { DownloadLink } from './DownloadLink';
import { useDataTableStyles } from './tableStyles';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  field: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  pair: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  grow: { flexGrow: 1, minWidth: '8em' },
  steps: { margin: 0, paddingLeft: '1.4em', fontSize: tokens.fontSizeBase200 },
  rules: { margin: 0, paddingLeft: '1.4em', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  error: { color: tokens.colorPaletteRedForeground1, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  h: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  note: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
});

/** Unit rows drawn in the preview: a national table's 10,000 rows would take seconds to lay out, the file holds them all. */
export const PREVIEW_UNITS = 100;

export interface AllocationPanelProps {
  backend: PaneBackend;
  result: CheckResult | null;
  overrides: RoleOverrides;
  lang: Lang;
  busy: boolean;
  /** Runs a write: errors go to the pane's error bar, the returned text to its status line. */
  write: (act: () => Promise<string>) => void;
}

/** The problem in the reader's words. */
export function problemText(lang: Lang, p: AllocationProblem): string {
  const list = (units: string[]) => units.join(', ');
  switch (p.kind) {
    case 'too-many':
      return t(lang, 'alloc.err.too-many', { reduction: p.reduction, poor: p.poor });
    case 'shortfall':
      return t(lang, 'alloc.err.shortfall', { by: p.by, capacity: p.capacity, units: list(p.units) });
    case 'excess':
      return t(lang, 'alloc.err.excess', { by: p.by, units: list(p.units) });
    case 'conflict':
      return t(lang, 'alloc.err.conflict', { units: list(p.units) });
    default:
      return t(lang, `alloc.err.${p.kind}`);
  }
}

export function AllocationPanel(props: AllocationPanelProps) {
  const { backend, result, overrides, lang, busy, write } = props;
  const styles = useStyles();
  const ts = useDataTableStyles();
  // The browser page works the allocation out in its worker, where the grids are; in Excel it is worked out here.
  const remote = isFileBackend(backend) && backend.allocate && backend.allocationChoices ? backend : null;
  const [remoteTables, setRemoteTables] = React.useState<TableChoice[] | null>(null);
  React.useEffect(() => {
    setRemoteTables(null);
    if (!remote || !result) return undefined;
    let live = true;
    remote.allocationChoices!().then(
      (c) => live && setRemoteTables(c),
      () => live && setRemoteTables([]),
    );
    return () => {
      live = false;
    };
  }, [remote, result]);
  const localTables = React.useMemo(() => (remote ? [] : allocatableTables(result, overrides)), [remote, result, overrides]);
  const tables = remote ? (remoteTables ?? []) : localTables;
  const [tableKey, setTableKey] = React.useState<string>('');
  const [rateText, setRateText] = React.useState('');
  const [householdsText, setHouseholdsText] = React.useState('');
  const [targetKind, setTargetKind] = React.useState<'rate' | 'households'>('rate');
  const [basis, setBasis] = React.useState<Basis>('able');
  const [newPoorText, setNewPoorText] = React.useState('');
  const [rules, setRules] = React.useState<RuleSet>('none');
  const [download, setDownload] = React.useState<{ bytes: Uint8Array; name: string } | null>(null);

  const choice = tables.find((c) => c.key === tableKey) ?? tables[0] ?? null;
  const source = React.useMemo(() => (!remote && result && choice ? sourceTableOf(result, choice, overrides) : null), [remote, result, choice, overrides]);
  const typed = targetKind === 'rate' ? rateText : householdsText;
  const input: AllocationInput = { target: { kind: targetKind, text: typed }, basis, newPoorText, rules };
  const localOutcome = React.useMemo(
    () => (source && typed.trim() ? computeAllocation(source, input, lang) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [source, targetKind, typed, basis, newPoorText, rules, lang],
  );
  const remoteOutcome = useRemoteAllocation(remote, result, choice, input, lang);
  const outcome = remote ? remoteOutcome.outcome : localOutcome;
  // A new input makes an earlier download stale.
  React.useEffect(() => setDownload(null), [outcome]);

  if (!result) return <section className={styles.root} data-testid="panel-allocate">{t(lang, 'alloc.needCheck')}</section>;
  if (remote && remoteTables === null) return <section className={styles.root} data-testid="panel-allocate" aria-busy="true">{t(lang, 'alloc.loading')}</section>;
  if (!tables.length || !choice || (!remote && !source)) return <section className={styles.root} data-testid="panel-allocate">{t(lang, 'alloc.noTable')}</section>;

  const res = outcome?.result ?? null;
  // Only a feasible allocation may be written (the planner also explains an infeasible one).
  const plan: SheetPlan | null = res && res.feasible && !outcome?.problems.length ? res.plan : null;
  const decimals = res?.target.decimals ?? 2;
  const canWrite = typeof backend.writeAllocation === 'function' || typeof backend.exportXlsx === 'function';

  const onWrite = () => {
    if (!plan) return;
    if (backend.writeAllocation) {
      const writeAllocation = backend.writeAllocation.bind(backend);
      write(async () => t(lang, 'alloc.written', { name: await writeAllocation(plan) }));
    } else if (remote?.exportAllocation && outcome?.planKey) {
      const exportAllocation = remote.exportAllocation.bind(remote);
      const key = outcome.planKey;
      write(async () => {
        const bytes = await exportAllocation(key);
        setDownload({ bytes, name: `${plan.name}.xlsx` });
        return t(lang, 'alloc.built');
      });
    } else if (backend.exportXlsx) {
      const exportXlsx = backend.exportXlsx.bind(backend);
      write(async () => {
        const bytes = await exportXlsx([plan]);
        setDownload({ bytes, name: `${plan.name}.xlsx` });
        return t(lang, 'alloc.built');
      });
    }
  };

  return (
    <section className={styles.root} data-testid="panel-allocate">
      <div className={styles.field}>
        <Label htmlFor="alloc-table">{t(lang, 'alloc.table')}</Label>
        <Select id="alloc-table" data-testid="allocation-table" value={choice?.key ?? ''} onChange={(_, d) => setTableKey(d.value)}>
          {tables.map((c) => (
            <option key={c.key} value={c.key}>
              {t(lang, 'alloc.tableItem', { sheet: c.sheet, range: c.range })}
            </option>
          ))}
        </Select>
      </div>
      <div className={styles.pair}>
        <div className={`${styles.field} ${styles.grow}`}>
          <Label htmlFor="target-rate">{t(lang, 'alloc.byRate')}</Label>
          <Input
            id="target-rate"
            data-testid="target-rate"
            inputMode="decimal"
            placeholder={t(lang, 'alloc.rateHint')}
            value={rateText}
            onChange={(_, d) => {
              setRateText(d.value);
              setHouseholdsText('');
              setTargetKind('rate');
            }}
          />
        </div>
        <div className={`${styles.field} ${styles.grow}`}>
          <Label htmlFor="target-households">{t(lang, 'alloc.byHouseholds')}</Label>
          <Input
            id="target-households"
            data-testid="target-households"
            inputMode="numeric"
            placeholder={t(lang, 'alloc.householdsHint')}
            value={householdsText}
            onChange={(_, d) => {
              setHouseholdsText(d.value);
              setRateText('');
              setTargetKind('households');
            }}
          />
        </div>
      </div>
      <div className={styles.field}>
        <Label htmlFor="alloc-basis">{t(lang, 'alloc.basis')}</Label>
        <Select id="alloc-basis" data-testid="basis" value={basis} onChange={(_, d) => setBasis(d.value === 'poor' ? 'poor' : 'able')}>
          <option value="able">{t(lang, 'alloc.basis.able')}</option>
          <option value="poor">{t(lang, 'alloc.basis.poor')}</option>
        </Select>
      </div>
      <div className={styles.field}>
        <Label htmlFor="alloc-new-poor">{t(lang, 'alloc.newPoor')}</Label>
        <Input id="alloc-new-poor" data-testid="new-poor" inputMode="numeric" value={newPoorText} onChange={(_, d) => setNewPoorText(d.value)} />
      </div>
      <div className={styles.field}>
        <Label htmlFor="alloc-rules">{t(lang, 'alloc.rules')}</Label>
        <Select id="alloc-rules" data-testid="rules" value={rules} onChange={(_, d) => setRules(d.value === 'seed004' ? 'seed004' : 'none')}>
          <option value="none">{t(lang, 'alloc.rules.none')}</option>
          <option value="seed004">{t(lang, 'alloc.rules.seed004')}</option>
        </Select>
        {rules !== 'none' && (
          <ul className={styles.rules} data-testid="rule-labels">
            {RULE_SETS[rules].map((r) => (
              <li key={r.id}>{r.label[lang]}</li>
            ))}
          </ul>
        )}
      </div>

      {remote && remoteOutcome.pending && typed.trim() !== '' && (
        <span className={styles.note} role="status" data-testid="allocation-computing">
          {t(lang, 'alloc.computing')}
        </span>
      )}
      {outcome && outcome.problems.length > 0 && (
        <div className={styles.error} role="alert" data-testid="allocation-error">
          {outcome.problems.map((p, i) => (
            <span key={i} data-kind={p.kind}>
              {problemText(lang, p)}
            </span>
          ))}
        </div>
      )}

      {res && (
        <>
          <h3 className={styles.h}>{t(lang, 'alloc.steps')}</h3>
          <ol className={styles.steps} data-testid="allocation-steps">
            {res.target.steps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
        </>
      )}

      {res && res.units.length > 0 && (
        <>
          <h3 className={styles.h}>{t(lang, 'alloc.preview')}</h3>
          <div className={ts.scroll} data-testid="allocation-scroll">
            <table className={ts.table} data-testid="allocation-preview">
              <thead>
                <tr>
                  <th className={mergeClasses(ts.head, ts.sticky, ts.stickyHead)}>{t(lang, 'alloc.col.unit')}</th>
                  <th className={ts.head}>{t(lang, 'alloc.col.poor')}</th>
                  <th className={ts.head}>{t(lang, 'alloc.col.basis')}</th>
                  {rules !== 'none' && <th className={ts.head}>{t(lang, 'alloc.col.floor')}</th>}
                  <th className={ts.head}>{t(lang, 'alloc.col.reduction')}</th>
                  <th className={ts.head}>{t(lang, 'alloc.col.end')}</th>
                  <th className={ts.head}>{t(lang, 'alloc.col.endRate')}</th>
                </tr>
              </thead>
              <tbody>
                {res.units.slice(0, PREVIEW_UNITS).map((u) => (
                  <tr key={`${u.sourceRow}`} data-testid="allocation-row" data-unit={u.name} data-reduction={u.reduction} data-floor={u.floor}>
                    <td className={mergeClasses(ts.cell, ts.sticky)}>{u.name}</td>
                    <td className={ts.cell}>{formatNumber(u.poorStart, lang)}</td>
                    <td className={ts.cell}>{formatNumber(u.basis, lang)}</td>
                    {rules !== 'none' && <td className={ts.cell}>{u.floor ? formatNumber(u.floor, lang) : ''}</td>}
                    <td className={ts.cell}>{formatNumber(u.reduction, lang)}</td>
                    <td className={ts.cell}>{formatNumber(u.end, lang)}</td>
                    <td className={ts.cell}>{formatNumber(u.endRate, lang, decimals)}</td>
                  </tr>
                ))}
                <tr className={ts.total} data-testid="allocation-total" data-reduction={res.allocation.allocated}>
                  <td className={mergeClasses(ts.cell, ts.sticky)}>{t(lang, 'alloc.total')}</td>
                  <td className={ts.cell}>{formatNumber(res.totals.poorStart, lang)}</td>
                  <td className={ts.cell}>{formatNumber(res.units.reduce((a, u) => a + u.basis, 0), lang)}</td>
                  {rules !== 'none' && <td className={ts.cell} />}
                  <td className={ts.cell}>{formatNumber(res.allocation.allocated, lang)}</td>
                  <td className={ts.cell}>{formatNumber(res.units.reduce((a, u) => a + u.end, 0), lang)}</td>
                  <td className={ts.cell}>{res.feasible ? D.format(res.target.endRate, decimals, lang) : ''}</td>
                </tr>
              </tbody>
            </table>
          </div>
          {res.units.length > PREVIEW_UNITS && (
            <span className={styles.note} data-testid="allocation-preview-cap">
              {t(lang, 'alloc.previewCap', { shown: PREVIEW_UNITS, total: res.units.length })}
            </span>
          )}
        </>
      )}

      {canWrite && (
        <div className={styles.pair}>
          <Button appearance="primary" data-testid="write-allocation" title={t(lang, 'alloc.writeHint')} disabled={!plan || busy || (!!remote && remoteOutcome.pending)} onClick={onWrite}>
            {backend.writeAllocation ? t(lang, 'alloc.write') : t(lang, 'alloc.build')}
          </Button>
          {download && (
            <DownloadLink testId="download-allocation" bytes={download.bytes} fileName={download.name} label={t(lang, 'file.downloadName', { name: download.name })} />
          )}
        </div>
      )}
    </section>
  );
}
