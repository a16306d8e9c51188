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
  note: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  hidden: { display: 'none' },
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
  onFile: (file: File) => void;
  onSample: () => void;
}) {
  const { lang, fileName, busy, onFile, onSample } = props;
  const styles = useStyles();
  const inputRef = React.useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = React.useState(false);

  return (
    <section className={styles.root} data-testid="file-opener">
      <div className={styles.buttons}>
        <Button appearance="primary" disabled={busy} onClick={() => inputRef.current?.click()} data-testid="open-file">
          {t(lang, 'file.open')}
        </Button>
        <Button disabled={busy} onClick={onSample} data-testid="use-sample">
          {t(lang, 'file.sample')}
        </Button>
      </div>
      {/* Stays in the DOM (hidden) so the button, tests and automation can all reach it. */}
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
      <div
        className={mergeClasses(styles.drop, dragging && styles.dropActive)}
        data-testid="drop-zone"
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer?.files?.[0];
          if (file && !busy) onFile(file);
        }}
      >
        {t(lang, 'file.drop')}
      </div>
      <Text className={styles.file} data-testid="file-name">
        {busy && !fileName ? t(lang, 'file.opening') : fileName ? t(lang, 'file.current', { name: fileName }) : t(lang, 'file.none')}
      </Text>
      <Text className={styles.note}>{t(lang, 'file.privacy')}</Text>
    </section>
  );
}
