// Progress of the running work (rows read, tables checked), kept out of React
// state: a 100,000-row sheet reports many times a second, and only the
// progress line should draw again, not the whole pane behind it.
import * as React from 'react';
import type { WorkProgress } from '../../backend/contract';

export interface ProgressStore {
  set(progress: WorkProgress | null): void;
  get(): WorkProgress | null;
  subscribe(listener: () => void): () => void;
}

export function createProgressStore(): ProgressStore {
  let value: WorkProgress | null = null;
  const listeners = new Set<() => void>();
  return {
    set(p) {
      value = p;
      for (const l of [...listeners]) l();
    },
    get: () => value,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** The latest progress, for the one component that shows it. */
export function useProgress(store: ProgressStore): WorkProgress | null {
  return React.useSyncExternalStore(store.subscribe, store.get, store.get);
}
