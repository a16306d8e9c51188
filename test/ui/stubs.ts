// jsdom lacks a few browser APIs Fluent UI calls. Stub only those, never our code.
/* eslint-disable @typescript-eslint/no-explicit-any */
const w = globalThis as any;

if (typeof w.ResizeObserver === 'undefined') {
  w.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

if (typeof window !== 'undefined' && typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent: () => false,
    }) as unknown as MediaQueryList;
}

// React's scheduler yields to the browser between slices of a transition with a MessageChannel (setImmediate in
// Node); jest's jsdom has neither, so each slice would wait on a timer and a transition take seconds.
if (typeof w.setImmediate === 'undefined' && typeof w.MessageChannel === 'undefined') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const timers = require('timers') as typeof import('timers');
  w.setImmediate = timers.setImmediate;
  w.clearImmediate = timers.clearImmediate;
}

if (typeof Element !== 'undefined' && typeof Element.prototype.scrollIntoView !== 'function') {
  Element.prototype.scrollIntoView = function scrollIntoView() {};
}


// jsdom has Blob but no object URLs; the download links need one.
if (typeof URL !== 'undefined' && typeof URL.createObjectURL !== 'function') {
  let n = 0;
  (URL as any).createObjectURL = () => `blob:test/${++n}`;
  (URL as any).revokeObjectURL = () => undefined;
}

export {};
