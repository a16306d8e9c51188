// "Tạo phụ lục": the province (or district) appendix from the units' own
// tables — the sheets of the open workbook in Excel, several .xlsx files in the
// browser page. Near-miss names are merged only when the user confirms; the
// plan is checked by the engine before it may be written.
import * as React from 'react';
import { Button, Checkbox, Input, Label, Select, makeStyles, tokens } from '@fluentui/react-components';
import type { PaneBackend } from '../backend';
import { PaneError } from '../backend';
import { t, formatValue, type Lang } from '../i18n';
import { type AppendixSource, type SourceMode, buildAppendix, nearMissId, planTable, sourceRange, sourcesOf } from '../appendix-model';
import { readFileBytes } from './FileOpener';
import { DownloadLink } from './DownloadLink';
import { pushAll } from '../../core/arrays';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  field: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  pair: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  list: { margin: 0, paddingLeft: 0, listStyle: 'none', display: 'flex', flexDirection: 'column' },
  h: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200 },
  cell: { borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, padding: '2px 4px', textAlign: 'right', verticalAlign: 'top' },
  name: { textAlign: 'left' },
  total: { fontWeight: tokens.fontWeightSemibold },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
  error: { color: tokens.colorPaletteRedForeground1 },
  note: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
});

export interface AppendixPanelProps {
  backend: PaneBackend;
  lang: Lang;
  busy: boolean;
  write: (act: () => Promise<string>) => void;
}

export function AppendixPanel(props: AppendixPanelProps) {
  const { backend, lang, busy, write } = props;
  const styles = useStyles();
  const fromFiles = typeof backend.readWorkbookFile === 'function';
  const fromSheets = !fromFiles && typeof backend.readAllSheets === 'function';
  const [sources, setSources] = React.useState<AppendixSource[]>([]);
  const [skipped, setSkipped] = React.useState<Set<string>>(new Set());
  const [unreadable, setUnreadable] = React.useState<{ name: string; reason: string }[]>([]);
  const [mode, setMode] = React.useState<SourceMode>('total');
  const [yearText, setYearText] = React.useState(String(new Date().getFullYear()));
  const [totalAt, setTotalAt] = React.useState<'top' | 'bottom'>('top');
  const [confirmed, setConfirmed] = React.useState<Set<string>>(new Set());
  const [loading, setLoading] = React.useState(false);
  const [download, setDownload] = React.useState<{ bytes: Uint8Array; name: string } | null>(null);

  const year = /^\d{4}$/.test(yearText.trim()) ? Number(yearText.trim()) : null;
  const chosen = React.useMemo(() => sources.filter((s) => !skipped.has(s.id)), [sources, skipped]);
  const state = React.useMemo(
    () => (chosen.length && year ? buildAppendix(chosen, mode, confirmed, { lang, year, totalAt }) : null),
    [chosen, mode, confirmed, lang, year, totalAt],
  );
  React.useEffect(() => setDownload(null), [state]);

  const loadSheets = async () => {
    if (!backend.readAllSheets) return;
    setLoading(true);
    try {
      const wb = await backend.readAllSheets();
      setSources(sourcesOf(wb));
      setUnreadable([]);
    } catch (e) {
      setUnreadable([{ name: '', reason: e instanceof Error ? e.message : String(e) }]);
    } finally {
      setLoading(false);
    }
  };

  const loadFiles = async (files: File[]) => {
    const read = backend.readWorkbookFile;
    if (!read || !files.length) return;
    setLoading(true);
    const out: AppendixSource[] = [];
    const bad: { name: string; reason: string }[] = [];
    for (const f of files) {
      try {
        const wb = await read.call(backend, await readFileBytes(f), f.name);
        const found = sourcesOf(wb, f.name);
        if (found.length) pushAll(out, found);
        else bad.push({ name: f.name, reason: t(lang, 'appx.noSources') });
      } catch (e) {
        bad.push({ name: f.name, reason: e instanceof PaneError ? t(lang, `error.${e.code}`) : e instanceof Error ? e.message : String(e) });
      }
    }
    setSources(out);
    setSkipped(new Set());
    setConfirmed(new Set());
    setUnreadable(bad);
    setLoading(false);
  };

  const toggle = (set: Set<string>, id: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };

  const plan = state?.sheet?.plan ?? null;
  const blocked = !plan || !!state?.errors.length;
  const canExcel = typeof backend.writeAppendix === 'function';
  const canDownload = !canExcel && typeof backend.exportXlsx === 'function';

  const onWrite = () => {
    if (!plan || blocked) return;
    if (canExcel && state?.sheet) {
      const writeAppendix = backend.writeAppendix!.bind(backend);
      const sheet = state.sheet;
      write(async () => t(lang, sheet.chart ? 'appx.written' : 'appx.writtenNoChart', { name: await writeAppendix(sheet) }));
    } else if (canDownload) {
      const exportXlsx = backend.exportXlsx!.bind(backend);
      write(async () => {
        const bytes = await exportXlsx([plan], state?.sheet?.chart);
        setDownload({ bytes, name: `${plan.name} ${year}.xlsx` });
        return t(lang, 'appx.built');
      });
    }
  };

  const table = plan ? planTable(plan) : null;

  return (
    <section className={styles.root} data-testid="panel-appendix">
      <h3 className={styles.h}>{t(lang, 'appx.sources')}</h3>
      {fromSheets && (
        <div className={styles.pair}>
          <Button data-testid="appendix-load" title={t(lang, 'appx.loadHint')} disabled={busy || loading} onClick={() => void loadSheets()}>
            {t(lang, 'appx.load')}
          </Button>
        </div>
      )}
      {fromFiles && (
        <div className={styles.field}>
          <Label htmlFor="appendix-files">{t(lang, 'appx.files')}</Label>
          <input
            id="appendix-files"
            data-testid="appendix-files"
            type="file"
            multiple
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={busy || loading}
            onChange={(e) => {
              const files = Array.from(e.currentTarget.files ?? []);
              e.currentTarget.value = '';
              void loadFiles(files);
            }}
          />
          <span className={styles.note}>{t(lang, 'appx.filesHint')}</span>
        </div>
      )}
      {unreadable.map((u, i) => (
        <span key={i} className={styles.error} data-testid="appendix-unreadable">
          {t(lang, 'appx.unreadable', { name: u.name, reason: u.reason })}
        </span>
      ))}
      {sources.length > 0 && (
        <ul className={styles.list}>
          {sources.map((s) => (
            <li key={s.id}>
              <Checkbox
                data-testid="appendix-source"
                data-id={s.id}
                checked={!skipped.has(s.id)}
                onChange={(_, d) => setSkipped((prev) => toggle(prev, s.id, !d.checked))}
                label={t(lang, 'appx.sourceItem', { name: s.where, range: sourceRange(s) })}
              />
            </li>
          ))}
        </ul>
      )}

      <div className={styles.pair}>
        <div className={styles.field}>
          <Label htmlFor="appendix-mode">{t(lang, 'appx.mode')}</Label>
          <Select id="appendix-mode" data-testid="appendix-mode" value={mode} onChange={(_, d) => setMode(d.value === 'units' ? 'units' : 'total')}>
            <option value="total">{t(lang, 'appx.mode.total')}</option>
            <option value="units">{t(lang, 'appx.mode.units')}</option>
          </Select>
        </div>
        <div className={styles.field}>
          <Label htmlFor="appendix-year">{t(lang, 'appx.year')}</Label>
          <Input id="appendix-year" data-testid="appendix-year" inputMode="numeric" value={yearText} onChange={(_, d) => setYearText(d.value)} />
        </div>
        <div className={styles.field}>
          <Label htmlFor="appendix-total-at">{t(lang, 'appx.totalAt')}</Label>
          <Select id="appendix-total-at" data-testid="appendix-total-at" value={totalAt} onChange={(_, d) => setTotalAt(d.value === 'bottom' ? 'bottom' : 'top')}>
            <option value="top">{t(lang, 'appx.totalAt.top')}</option>
            <option value="bottom">{t(lang, 'appx.totalAt.bottom')}</option>
          </Select>
        </div>
      </div>

      {state && state.nearMisses.length > 0 && (
        <>
          <h3 className={styles.h}>{t(lang, 'appx.nearMisses')}</h3>
          <ul className={styles.list}>
            {state.nearMisses.map((m) => {
              const id = nearMissId(m);
              return (
                <li key={id} className={styles.warn} data-testid="near-miss" data-names={m.names.join(' / ')} data-confirmed={confirmed.has(id) ? 'true' : 'false'}>
                  <span>
                    {t(lang, 'appx.nearMiss', { a: m.names[0], b: m.names[1] })} ({t(lang, `appx.nearMissWhy.${m.why}`)}; {m.sources.join(' · ')})
                  </span>
                  <Checkbox
                    data-testid="near-miss-confirm"
                    checked={confirmed.has(id)}
                    onChange={(_, d) => setConfirmed((prev) => toggle(prev, id, !!d.checked))}
                    label={t(lang, 'appx.nearMissConfirm')}
                  />
                </li>
              );
            })}
          </ul>
        </>
      )}

      {state && state.merged.conflicts.length > 0 && (
        <>
          <h3 className={styles.h}>{t(lang, 'appx.conflicts')}</h3>
          <ul className={styles.list}>
            {state.merged.conflicts.map((c, i) => (
              <li key={i} className={styles.warn} data-testid="appendix-conflict" data-unit={c.name}>
                {t(lang, 'appx.conflict', {
                  name: c.name,
                  field: c.field,
                  values: c.values.map((v) => formatValue(v, lang)).join(' ≠ '),
                  sources: c.sources.join(' · '),
                })}
              </li>
            ))}
          </ul>
        </>
      )}

      {state && state.errors.length > 0 && (
        <div className={styles.error} role="alert" data-testid="appendix-error">
          {t(lang, 'appx.blocked', { list: state.errors.map((e) => `${e.cell}: ${e.message}`).join(' ') })}
        </div>
      )}

      {table && (
        <>
          <h3 className={styles.h}>{t(lang, 'appx.preview')}</h3>
          <div className={styles.scroll}>
            <table className={styles.table} data-testid="appendix-preview">
              <thead>
                <tr>
                  {table.headers.map((h, i) => (
                    <th key={i} className={`${styles.cell} ${i === 1 ? styles.name : ''}`}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr
                    key={r.row}
                    className={r.isTotal ? styles.total : undefined}
                    data-testid={r.isTotal ? 'appendix-total' : 'appendix-row'}
                    data-unit={String(r.values[1] ?? '')}
                  >
                    {r.values.map((v, i) => (
                      <td key={i} className={`${styles.cell} ${i === 1 ? styles.name : ''}`}>
                        {typeof v === 'number' ? formatValue(v, lang, table.headers[i]?.endsWith('(%)') ? 2 : undefined) : (v ?? '')}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {(canExcel || canDownload) && (
        <div className={styles.pair}>
          <Button appearance="primary" data-testid="write-appendix" title={t(lang, 'appx.writeHint')} disabled={blocked || busy} onClick={onWrite}>
            {canExcel ? t(lang, 'appx.write') : t(lang, 'appx.download')}
          </Button>
          {download && <DownloadLink testId="download-appendix" bytes={download.bytes} fileName={download.name} label={t(lang, 'appx.download')} />}
        </div>
      )}
    </section>
  );
}
