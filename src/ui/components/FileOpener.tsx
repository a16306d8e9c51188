// Browser page only: open an .xlsx file (button, drag and drop) or the
// bundled sample. The bytes never leave the page.
import * as React from 'react';
import { Button, Text, makeStyles, mergeClasses, shorthands, tokens } from '@fluentui/react-components';
import { t, type Lang } from '../i18n';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  drop: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    textAlign: 'center',
    color: tokens.colorNeutralForeground2,
  },
  dropActive: { ...shorthands.borderColor(tokens.colorBrandStroke1), backgroundColor: tokens.colorBrandBackground2 },
  file: { overflowWrap: 'anywhere', fontWeight: tokens.fontWeightSemibold },
  fileGrow: { minWidth: 0, flexGrow: 1, flexBasis: '12em' },
  note: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  hidden: { display: 'none' },
  compact: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  failed: { color: tokens.colorPaletteRedForeground1 },
  previous: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: '2px', flexBasis: '100%' },
});

/** File.arrayBuffer where available, FileReader otherwise (older engines). */
export function readFileBytes(file: Blob): Promise<ArrayBuffer> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('FileReader failed'));
    reader.readAsArrayBuffer(file);
  });
}

export function FileOpener(props: {
  lang: Lang;
  fileName: string | null;
  busy: boolean;
  /** The file being read right now. */
  openingName?: string | null;
  /** A file that could not be opened (its error is shown under its name). */
  failed?: string | null;
  onShowPrevious?: () => void;
  onFile: (file: File) => void;
  onSample: () => void;
  /** The officer is about to choose a file (pointer on a button, focus, a file dragged in): the page gets ready for it. */
  onIntent?: () => void;
}) {
  const { lang, fileName, busy, openingName, failed, onShowPrevious, onFile, onSample, onIntent } = props;
  const intent = onIntent ? { onPointerEnter: onIntent, onFocus: onIntent } : {};
  const styles = useStyles();
  const inputRef = React.useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = React.useState(false);
  // Once a file is open the big drop zone gives its room to the results: one line, "Mở tệp khác".
  const compact = fileName !== null || !!failed;

  const dropHandlers = {
    onDragEnter: (e: React.DragEvent) => {
      e.preventDefault();
      setDragging(true);
      onIntent?.();
    },
    onDragOver: (e: React.DragEvent) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: () => setDragging(false),
    onDrop: (e: React.DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files?.[0];
      if (file && !busy) onFile(file);
    },
  };

  const input = (
    // Stays in the DOM (hidden) so the button, tests and automation can all reach it.
    <input
      ref={inputRef}
      className={styles.hidden}
      type="file"
      accept=".xlsx"
      aria-label={t(lang, 'file.inputLabel')}
      data-testid="file-input"
      onChange={(e) => {
        const file = e.currentTarget.files?.[0];
        // Reset so choosing the same file again still fires change.
        e.currentTarget.value = '';
        if (file) onFile(file);
      }}
    />
  );
  const nameLine = openingName
    ? t(lang, 'file.openingName', { name: openingName })
    : failed
      ? t(lang, 'file.failed', { name: failed })
      : busy && !fileName
        ? t(lang, 'file.opening')
        : fileName
          ? t(lang, 'file.current', { name: fileName })
          : t(lang, 'file.none');
  const name = (
    <Text className={mergeClasses(styles.file, compact && styles.fileGrow, !!failed && !openingName && styles.failed)} data-testid="file-name" data-state={openingName ? 'opening' : failed ? 'failed' : fileName ? 'open' : 'none'}>
      {nameLine}
    </Text>
  );

  if (compact) {
    return (
      <section className={mergeClasses(styles.compact, dragging && styles.dropActive)} data-testid="file-opener" data-compact="true" {...dropHandlers}>
        {name}
        {failed && !openingName && fileName && onShowPrevious && (
          <div className={styles.previous} data-testid="previous-hidden">
            <Text className={styles.note}>{t(lang, 'file.previousHidden', { name: fileName })}</Text>
            <Button size="small" appearance="subtle" data-testid="show-previous" onClick={onShowPrevious}>
              {t(lang, 'file.showPrevious', { name: fileName })}
            </Button>
          </div>
        )}
        <Button size="small" disabled={busy} onClick={() => inputRef.current?.click()} data-testid="open-file" {...intent}>
          {t(lang, 'file.another')}
        </Button>
        {input}
      </section>
    );
  }

  return (
    <section className={styles.root} data-testid="file-opener">
      <div className={styles.buttons}>
        <Button appearance="primary" disabled={busy} onClick={() => inputRef.current?.click()} data-testid="open-file" {...intent}>
          {t(lang, 'file.open')}
        </Button>
        <Button disabled={busy} onClick={onSample} data-testid="use-sample" {...intent}>
          {t(lang, 'file.sample')}
        </Button>
      </div>
      {input}
      <div className={mergeClasses(styles.drop, dragging && styles.dropActive)} data-testid="drop-zone" {...dropHandlers}>
        {t(lang, 'file.drop')}
      </div>
      {name}
      <Text className={styles.note}>{t(lang, 'file.privacy')}</Text>
    </section>
  );
}
