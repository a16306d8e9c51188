// Reading an .xlsx chosen in the pane or the page: the checking reader, with
// every failure turned into a PaneError the interface explains in Vietnamese.
import type { Workbook } from '../core/grid';
import { HostError } from '../hosts/types';
import { readXlsxBuffer } from '../hosts/xlsx/read';
import { DEFAULT_ZIP_LIMITS } from '../hosts/xlsx/sniff';
import { PaneError, type PaneErrorCode, type WorkProgress } from '../backend/contract';

const HOST_TO_PANE: Partial<Record<HostError['code'], PaneErrorCode>> = {
  xls: 'xls',
  encrypted: 'encrypted',
  'not-xlsx': 'not-xlsx',
  corrupt: 'corrupt',
  'too-large': 'too-large',
};

export type Report$ = (p: WorkProgress) => void;

/** Reads .xlsx bytes into a grid; every failure is a PaneError the page explains. */
export async function readWorkbookBytes(bytes: Uint8Array, onProgress?: Report$): Promise<Workbook> {
  // Anything bigger could never pass the uncompressed-size limit either.
  if (bytes.byteLength > DEFAULT_ZIP_LIMITS.maxTotalUncompressed) throw new PaneError('too-large', `${bytes.byteLength} bytes`);
  try {
    return await readXlsxBuffer(bytes, onProgress ? { onRows: (sheet, rows) => onProgress({ stage: 'read', sheet, rows }) } : undefined);
  } catch (e) {
    if (e instanceof HostError) throw new PaneError(HOST_TO_PANE[e.code] ?? 'read-failed', e.detail);
    if (e instanceof PaneError) throw e;
    throw new PaneError('read-failed', e instanceof Error ? e.message : String(e));
  }
}
