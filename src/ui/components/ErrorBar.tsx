// Failures in plain words: a PaneError's catalogue text, or a generic
// sentence plus the bare error message in small print. Never a stack trace.
import * as React from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { PaneErrorCode } from '../../backend/contract';
import { hasKey, t, type Lang } from '../i18n';

const useStyles = makeStyles({
  detail: {
    display: 'block',
    marginTop: tokens.spacingVerticalXS,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
    overflowWrap: 'anywhere',
  },
  body: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
});

/** The PaneError code of `e`, also when it crossed a bundle boundary (instanceof would fail there). */
export function paneErrorCode(e: unknown): PaneErrorCode | null {
  if (!e || typeof e !== 'object') return null;
  const code = (e as { code?: unknown }).code;
  const name = (e as { name?: unknown }).name;
  if (name !== 'PaneError' || typeof code !== 'string') return null;
  return hasKey(`error.${code}`) ? (code as PaneErrorCode) : null;
}

function detailOf(e: unknown): string {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  // First line only, and short: messages sometimes embed whole stacks.
  const line = raw.split('\n')[0].trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export function ErrorBar(props: { error: unknown; lang: Lang; onDismiss: () => void }) {
  const { error, lang, onDismiss } = props;
  const styles = useStyles();
  const code = paneErrorCode(error);
  const detail = code ? '' : detailOf(error);
  return (
    <MessageBar intent={code === 'cancelled' ? 'info' : 'error'} layout="multiline" data-testid="error" data-code={code ?? 'unexpected'}>
      <MessageBarBody className={styles.body}>
        {code !== 'cancelled' && <MessageBarTitle>{t(lang, 'error.title')}</MessageBarTitle>}
        {code ? t(lang, `error.${code}`) : t(lang, 'error.generic')}
        {detail && (
          <Text className={styles.detail} data-testid="error-detail">
            {t(lang, 'error.detail', { detail })}
          </Text>
        )}
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button appearance="transparent" size="small" aria-label={t(lang, 'error.dismiss')} onClick={onDismiss}>
            ×
          </Button>
        }
      />
    </MessageBar>
  );
}
