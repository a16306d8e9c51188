// Entry of dist/taskpane.html. The same page is the Excel task pane and the
// stand-alone browser page: it asks office.js which host it runs in and picks
// the backend. Each backend is its own chunk, so the Excel pane never
// downloads ExcelJS and the browser page never loads the Office.js host code.
import { createRoot } from 'react-dom/client';
import { App } from '../ui/App';
import type { PaneBackend } from '../backend/contract';

type Lang = 'vi' | 'en';

/** How long a plain browser may keep office.js from answering before the page starts anyway. */
const BROWSER_READY_TIMEOUT_MS = 2000;
/** Inside Office the host file can be slow to arrive on a busy intranet; don't fall back early. */
const OFFICE_READY_TIMEOUT_MS = 30000;

function langFrom(tag: string | undefined | null): Lang {
  return (tag ?? '').toLowerCase().startsWith('vi') ? 'vi' : 'en';
}

/**
 * True when office.js has found host information (Office passes it in the
 * URL or window.name when it opens the pane). This reads an internal of
 * office.js, so any failure just means "don't know".
 */
function officeHostAnnounced(): boolean {
  try {
    const osf = (window as unknown as { OSF?: { _OfficeAppFactory?: { getHostInfo?: () => { hostType?: string } } } }).OSF;
    return !!osf?._OfficeAppFactory?.getHostInfo?.()?.hostType;
  } catch {
    return false;
  }
}

/** Office.onReady's answer, or null when office.js is missing, fails, or is too slow. */
function waitForOffice(): Promise<{ host: Office.HostType | null } | null> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return Promise.resolve(null);
  const timeout = officeHostAnnounced() ? OFFICE_READY_TIMEOUT_MS : BROWSER_READY_TIMEOUT_MS;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeout);
    Office.onReady().then(
      (info) => {
        clearTimeout(timer);
        resolve({ host: info.host ?? null });
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
    );
  });
}

async function chooseBackend(): Promise<{ backend: PaneBackend; lang: Lang }> {
  const office = await waitForOffice();
  if (office && office.host === Office.HostType.Excel) {
    const { ExcelBackend } = await import(/* webpackChunkName: "excel" */ '../hosts/excel');
    return { backend: new ExcelBackend(), lang: langFrom(Office.context.displayLanguage) };
  }
  const { BrowserBackend } = await import(/* webpackChunkName: "browser" */ '../ui/browser-backend');
  return { backend: new BrowserBackend(), lang: langFrom(navigator.language) };
}

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) return;
  try {
    const { backend, lang } = await chooseBackend();
    container.textContent = '';
    createRoot(container).render(<App backend={backend} initialLang={lang} />);
  } catch (err) {
    // Without React there is no translated UI yet; say it in both languages.
    console.error(err);
    container.textContent =
      'Không mở được PovCheck. Hãy tải lại trang hoặc mở lại ngăn. / PovCheck could not start. Reload the page or reopen the pane.';
  }
}

void start();
