// A link that saves bytes made in the page as a file: a Blob URL, revoked
// when the link goes away. No network is involved.
import * as React from 'react';
import { Link } from '@fluentui/react-components';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function DownloadLink(props: { bytes: Uint8Array; fileName: string; label: string; testId: string }) {
  const { bytes, fileName, label, testId } = props;
  const [url, setUrl] = React.useState<string | null>(null);
  React.useEffect(() => {
    if (typeof URL === 'undefined' || typeof URL.createObjectURL !== 'function') return undefined;
    const u = URL.createObjectURL(new Blob([bytes as BlobPart], { type: XLSX_TYPE }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [bytes]);
  if (!url) return null;
  return (
    <Link href={url} download={fileName} data-testid={testId} data-bytes={bytes.byteLength}>
      {label}
    </Link>
  );
}
