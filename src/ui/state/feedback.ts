// What every feature of the pane shares: whether the pane is still mounted
// (late answers from the backend are dropped after it closes), and the one
// error bar and status line they all report to.
import * as React from 'react';

/** True while the component is mounted; async work checks it before setting state. */
export function useMounted(): React.MutableRefObject<boolean> {
  const mounted = React.useRef(true);
  React.useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}

export interface Feedback {
  /** Shown in the error bar (PaneError codes in plain words, anything else as "unexpected"). */
  error: unknown;
  /** The status line under the buttons: what the last action did. */
  status: string | null;
  setError: (e: unknown) => void;
  setStatus: (s: string | null) => void;
}

export function useFeedback(): Feedback {
  const [error, setError] = React.useState<unknown>(null);
  const [status, setStatus] = React.useState<string | null>(null);
  return { error, status, setError, setStatus };
}
