// "Tạo phụ lục": the province (or district) appendix from the units' own
// tables — the sheets of the open workbook in Excel, several .xlsx files in the
// browser page. Near-miss names are merged only when the user confirms; the
// plan is checked by the engine before it may be written.
import * as React from 'react';
import { Button, Checkbox, Input, Label, Select, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { PaneBackend } from '../../backend/contract';
import { PaneError } from '../../backend/contract';
import { t, formatValue, type Lang } from '../i18n';
import { type AppendixSource, type SourceMode, nearMissId, sourceRange, sourcesOf } from '../appendix-model';
import { isFileBackend } from '../file-backend';
import { useAppendix } from '../state/appendix';
import { readFileBytes } from './FileOpener';
import { DownloadLink } from './DownloadLink';
import { useDataTableStyles } from './tableStyles';
import { pushAll } from '../../core/arrays';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  field: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0, maxWidth: '100%' },
  // A select whose options are sentences: the whole width of the pane, never past it.
  wide: { flexBasis: '100%' },
  select: { minWidth: 0, maxWidth: '100%' },
  pair: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  list: { margin: 0, paddingLeft: 0, listStyle: 'none', display: 'flex', flexDirection: 'column' },
  h: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
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
  const ts = useDataTableStyles();
  const fileInput = React.useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = React.useState(0);
  // The browser page reads the files and works the appendix out in its worker; in Excel (and without one) it is done here.
  const remote = isFileBackend(backend) && backend.appendixSources && backend.appendix ? backend : null;
  const fromFiles = !!remote || typeof backend.readWorkbookFile === 'function';
  const fromSheets = !fromFiles && typeof backend.readAllSheets === 'function';
  /** The sources as listed; their grids are in `local` (here) or in the worker. */
  const [sources, setSources] = React.useState<{ id: string; where: string; range: string }[]>([]);
  const [local, setLocal] = React.useState<AppendixSource[]>([]);
  /** Counts the times sources were read: an answer about earlier sources is stale. */
  const [generation, setGeneration] = React.useState(0);
  const [skipped, setSkipped] = React.useState<Set<string>>(new Set());
  const [unreadable, setUnreadable] = React.useState<{ name: string; reason: string }[]>([]);
  const [mode, setMode] = React.useState<SourceMode>('total');
  const [yearText, setYearText] = React.useState(String(new Date().getFullYear()));
  const [totalAt, setTotalAt] = React.useState<'top' | 'bottom'>('top');
  const [confirmed, setConfirmed] = React.useState<Set<string>>(new Set());
  const [loading, setLoading] = React.useState(false);
  const [download, setDownload] = React.useState<{ bytes: Uint8Array; name: string } | null>(null);

  const year = /^\d{4}$/.test(yearText.trim()) ? Number(yearText.trim()) : null;
  const ids = sources.filter((s) => !skipped.has(s.id)).map((s) => s.id);
  const input = ids.length && year ? { ids, mode, confirmed: [...confirmed].sort(), year, totalAt, lang } : null;
  const { view, pending } = useAppendix(remote, local, input, generation);
  const state = view?.state ?? null;
  React.useEffect(() => setDownload(null), [view]);

  const listed = (found: AppendixSource[]) => {
    setLocal(found);
    setSources(found.map((s) => ({ id: s.id, where: s.where, range: sourceRange(s) })));
    setGeneration((g) => g + 1);
  };

  const loadSheets = async () => {
    if (!backend.readAllSheets) return;
    setLoading(true);
    try {
      const wb = await backend.readAllSheets();
      listed(sourcesOf(wb, undefined, await backend.loadRoleOverrides()));
      setUnreadable([]);
    } catch (e) {
      setUnreadable([{ name: '', reason: e instanceof Error ? e.message : String(e) }]);
    } finally {
      setLoading(false);
    }
  };

  const reason = (e: unknown) => (e instanceof PaneError ? t(lang, `error.${e.code}`) : e instanceof Error ? e.message : String(e));

  /** The page: the files are read in the worker, which keeps their sources. */
  const loadRemote = async (files: File[]) => {
    const bad: { name: string; reason: string }[] = [];
    const read: { bytes: Uint8Array; name: string }[] = [];
    for (const f of files) {
      try {
        read.push({ bytes: new Uint8Array(await readFileBytes(f)), name: f.name });
      } catch (e) {
        bad.push({ name: f.name, reason: reason(e) });
      }
    }
    try {
      const res = await remote!.appendixSources!(read);
      setLocal([]);
      setSources(res.sources);
      setGeneration((g) => g + 1);
      for (const u of res.unreadable) {
        bad.push({ name: u.name, reason: u.noSources ? t(lang, 'appx.noSources') : u.code ? t(lang, `error.${u.code}`) : (u.detail ?? '') });
      }
    } catch (e) {
      for (const f of read) bad.push({ name: f.name, reason: reason(e) });
    }
    return bad;
  };

  const loadFiles = async (files: File[]) => {
    const read = backend.readWorkbookFile;
    if (!files.length || (!remote && !read)) return;
    setLoading(true);
    let bad: { name: string; reason: string }[];
    if (remote) bad = await loadRemote(files);
    else {
      const out: AppendixSource[] = [];
      bad = [];
      for (const f of files) {
        try {
          const wb = await read!.call(backend, await readFileBytes(f), f.name);
          const found = sourcesOf(wb, f.name);
          if (found.length) pushAll(out, found);
          else bad.push({ name: f.name, reason: t(lang, 'appx.noSources') });
        } catch (e) {
          bad.push({ name: f.name, reason: reason(e) });
        }
      }
      listed(out);
    }
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
  // Not while the preview is behind what was typed: the file would not be what is shown.
  const blocked = !plan || !!state?.errors.length || pending;
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

  const table = view?.table ?? null;

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
          {/* The browser's own file button speaks the browser's language ("Choose Files"): a Vietnamese button opens the hidden input. */}
          <div className={styles.pair}>
            <Button data-testid="appendix-choose" disabled={busy || loading} onClick={() => fileInput.current?.click()}>
              {t(lang, 'appx.choose')}
            </Button>
            <span className={styles.note} data-testid="appendix-chosen">
              {chosen ? t(lang, 'appx.chosen', { n: chosen }) : t(lang, 'appx.chosenNone')}
            </span>
          </div>
          <input
            ref={fileInput}
            id="appendix-files"
            data-testid="appendix-files"
            type="file"
            multiple
            hidden
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={busy || loading}
            onChange={(e) => {
              const files = Array.from(e.currentTarget.files ?? []);
              e.currentTarget.value = '';
              if (files.length) setChosen(files.length);
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
                label={t(lang, 'appx.sourceItem', { name: s.where, range: s.range })}
              />
            </li>
          ))}
        </ul>
      )}

      <div className={styles.pair}>
        <div className={mergeClasses(styles.field, styles.wide)}>
          <Label htmlFor="appendix-mode">{t(lang, 'appx.mode')}</Label>
          <Select className={styles.select} id="appendix-mode" data-testid="appendix-mode" value={mode} onChange={(_, d) => setMode(d.value === 'units' ? 'units' : 'total')}>
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

      {pending && input && (
        <span className={styles.note} role="status" data-testid="appendix-computing">
          {t(lang, 'appx.computing')}
        </span>
      )}

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

      {state && state.causes.length > 0 && (
        <div className={styles.error} role="alert" data-testid="appendix-error">
          <span>{t(lang, 'appx.blockedTitle')}</span>
          <ul className={styles.list}>
            {state.causes.map((c, i) => (
              <li key={i} data-testid="appendix-cause" data-unit={c.unit ?? ''} data-sources={c.sources.join('; ')}>
                {c.unit
                  ? t(lang, 'appx.cause', { unit: c.unit, source: c.sources.join('; '), message: c.message })
                  : t(lang, 'appx.causeTotal', { message: c.message })}
              </li>
            ))}
          </ul>
          <span data-testid="appendix-what-to-do">{t(lang, 'appx.whatToDo')}</span>
        </div>
      )}

      {table && (
        <>
          <h3 className={styles.h}>{t(lang, 'appx.preview')}</h3>
          <div className={ts.scroll} data-testid="appendix-scroll">
            <table className={ts.table} data-testid="appendix-preview">
              <thead>
                <tr>
                  {table.headers.map((h, i) => (
                    <th key={i} className={mergeClasses(ts.head, i === 1 && ts.sticky, i === 1 && ts.stickyHead)}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr
                    key={r.row}
                    className={r.isTotal ? ts.total : undefined}
                    data-testid={r.isTotal ? 'appendix-total' : 'appendix-row'}
                    data-unit={String(r.values[1] ?? '')}
                  >
                    {r.values.map((v, i) => {
                      // A blank with a note is a figure the sources cannot give: said so, never shown as 0.
                      const note = r.notes[i];
                      return (
                        <td
                          key={i}
                          className={mergeClasses(ts.cell, i === 1 && ts.sticky, note && v === null && ts.muted)}
                          data-col={i}
                          data-value={v === null ? '' : String(v)}
                          data-note={note}
                          title={note}
                        >
                          {typeof v === 'number'
                            ? formatValue(v, lang, table.headers[i]?.endsWith('(%)') ? 2 : undefined)
                            : v === null && note
                              ? `${t(lang, 'appx.notComputable')}*`
                              : (v ?? '')}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {table.rows.some((r) => r.notes.some((n, i) => n && r.values[i] === null)) && (
            <div className={styles.note} data-testid="appendix-not-computable">
              <span>* {t(lang, 'appx.notComputableTitle')}:</span>
              <ul className={styles.list}>
                {table.rows.flatMap((r) =>
                  r.notes.map((n, i) =>
                    n && r.values[i] === null ? (
                      <li key={`${r.row},${i}`} data-testid="appendix-note">
                        {`${String(r.values[1] ?? '')} · ${table.headers[i]}: ${n}`}
                      </li>
                    ) : null,
                  ),
                )}
              </ul>
            </div>
          )}
        </>
      )}

      {(canExcel || canDownload) && (
        <div className={styles.pair}>
          <Button appearance="primary" data-testid="write-appendix" title={t(lang, 'appx.writeHint')} disabled={blocked || busy} onClick={onWrite}>
            {canExcel ? t(lang, 'appx.write') : t(lang, 'appx.build')}
          </Button>
          {download && (
            <DownloadLink testId="download-appendix" bytes={download.bytes} fileName={download.name} label={t(lang, 'file.downloadName', { name: download.name })} />
          )}
        </div>
      )}
    </section>
  );
}
