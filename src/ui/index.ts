// What the entry point (src/taskpane) needs from the UI.
export { App, type AppProps } from './App';
export { BrowserBackend, SAMPLE_URL, type BrowserBackendOptions } from './browser-backend';
export { isFileBackend, type FileBackend } from './file-backend';
export { t, type Lang } from './i18n';
