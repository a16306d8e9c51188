// "So sánh với năm trước": last year's file (and an optional map of merged
// units) against this year's workbook. Issues at this workbook's cells are
// listed like a check (clicking one shows the cell); those at last year's
// file or the map are listed with their file.
import * as React from 'react';
import { Button, Input, Label, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { PaneBackend } from '../../backend/contract';
import { isFileBackend } from '../file-backend';
import { t, type Lang } from '../i18n';
import { useCompare } from '../compare-model';
import { ErrorBar } from './ErrorBar';
import { IssueList } from './IssueList';
import { SheetPreview } from './SheetPreview';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  field: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  h: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  note: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  share: { maxWidth: '6em' },
  list: { margin: 0, paddingLeft: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  where: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
});

const ICON = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

export interface ComparePanelProps {
  backend: PaneBackend;
  lang: Lang;
  busy: boolean;
}

export function ComparePanel(props: ComparePanelProps) {
  const { backend, lang, busy } = props;
  const styles = useStyles();
  const c = useCompare(backend, lang);
  const [selected, setSelected] = React.useState<{ sheet: string; cell: string } | null>(null);
  const [active, setActive] = React.useState<string | null>(null);
  const preview = isFileBackend(backend);
  const o = c.outcome;

  const select = async (sheet: string, cell: string) => {
    setSelected({ sheet, cell });
    setActive(sheet);
    try {
      await backend.selectCell(sheet, cell);
    } catch {
      // The cell is outlined in the list (and the preview); nothing more to do.
    }
  };
  const popWord = (p: string) => (p === 'poor' || p === 'nearPoor' ? t(lang, `cmp.pop.${p}`) : p);

  return (
    <section className={styles.root} data-testid="panel-compare">
      <h3 className={styles.h}>{t(lang, 'cmp.title')}</h3>
      <Text className={styles.note}>{t(lang, 'cmp.hint')}</Text>
      <div className={styles.field}>
        <Label htmlFor="compare-previous">{t(lang, 'cmp.previous')}</Label>
        <input
          id="compare-previous"
          data-testid="compare-previous"
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={busy || c.running}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void c.choosePrevious(f);
          }}
        />
        {c.previous && <Text className={styles.note} data-testid="compare-previous-name">{t(lang, 'cmp.chosen', { name: c.previous.name })}</Text>}
      </div>
      <div className={styles.field}>
        <Label htmlFor="compare-map">{t(lang, 'cmp.map')}</Label>
        <Text className={styles.note}>{t(lang, 'cmp.mapHint')}</Text>
        <input
          id="compare-map"
          data-testid="compare-map"
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={busy || c.running}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void c.chooseMap(f);
          }}
        />
        {c.map && (
          <div className={styles.row}>
            <Text className={styles.note} data-testid="compare-map-name">{t(lang, 'cmp.mapChosen', { name: c.map.name, n: c.map.entries.length })}</Text>
            <Button size="small" onClick={c.clearMap}>
              {t(lang, 'cmp.mapClear')}
            </Button>
          </div>
        )}
        {c.emptyMap && <Text data-testid="compare-map-empty">{t(lang, 'cmp.mapEmpty', { name: c.emptyMap })}</Text>}
      </div>
      <div className={styles.row}>
        <Label htmlFor="compare-share">{t(lang, 'cmp.share')}</Label>
        <Input id="compare-share" className={styles.share} data-testid="compare-share" value={c.shareText} onChange={(_, d) => c.setShareText(d.value)} />
        {c.share === null && <Text role="alert">{t(lang, 'cmp.badShare')}</Text>}
      </div>
      <div className={styles.row}>
        <Button
          appearance="primary"
          data-testid="compare-run"
          disabled={!c.previous || c.share === null || busy || c.running}
          onClick={() => void c.run(t(lang, 'cmp.thisWorkbook'))}
        >
          {c.running ? t(lang, 'cmp.running') : t(lang, 'cmp.run')}
        </Button>
      </div>
      {c.error !== null && <ErrorBar error={c.error} lang={lang} onDismiss={c.dismissError} />}
      {o && (
        <>
          <Text data-testid="compare-summary">
            {o.compared.length
              ? t(lang, 'cmp.compared', { list: o.compared.map((x) => `${popWord(x.population)} ${x.units}`).join(', ') })
              : t(lang, 'cmp.nothing')}
            {o.here.length + o.elsewhere.length === 0 && o.compared.length ? ` ${t(lang, 'cmp.clean')}` : ''}
          </Text>
          {preview && o.workbook.sheets.length > 0 && (
            <SheetPreview workbook={o.workbook} sheetName={active} issues={o.here} selected={selected} lang={lang} onSheetChange={setActive} />
          )}
          <IssueList issues={o.here} lang={lang} selected={selected} onSelect={(i) => void select(i.sheet, i.cell)} />
          {o.elsewhere.length > 0 && (
            <>
              <h3 className={styles.h}>{t(lang, 'cmp.elsewhere')}</h3>
              <ul className={styles.list} data-testid="compare-elsewhere">
                {o.elsewhere.map((i, n) => (
                  <li key={n} data-rule={i.rule} data-severity={i.severity}>
                    <span className={styles.where}>
                      {ICON[i.severity]} {i.file ?? ''}
                      {i.sheet ? ` › ${i.sheet}!${i.cell}` : ''}
                    </span>{' '}
                    {i.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
