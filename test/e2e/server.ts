// A tiny static file server for the end-to-end test: serves one folder
// (dist/) on loopback, on a free port the OS picks, so the browser loads the
// pane exactly as a host would serve the built files — and nothing else.
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly origin: string;
  /** Every path requested, with the status served, in order. */
  readonly log: { path: string; status: number }[];
  close(): Promise<void>;
}

/**
 * Maps a URL path to a file under root, or null when it would leave root
 * (`..`, encoded slashes or backslashes, NUL) or cannot be decoded.
 */
export function resolveUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  // Refuse any `..` outright (normalising would only clamp it at the root and hide the attempt).
  if (decoded.split('/').includes('..')) return null;
  const rel = path.posix.normalize('/' + decoded).replace(/^\/+/, '');
  const abs = path.resolve(root, rel);
  const rootAbs = path.resolve(root);
  if (abs !== rootAbs && !abs.startsWith(rootAbs + path.sep)) return null;
  return abs;
}

export async function startStaticServer(root: string): Promise<StaticServer> {
  const rootReal = fs.realpathSync(root);
  const log: { path: string; status: number }[] = [];
  const server = http.createServer((req, res) => {
    const send = (status: number, body: string) => {
      log.push({ path: req.url ?? '', status });
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    let file = resolveUnder(rootReal, urlPath);
    if (!file) return send(403, 'forbidden');
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
      // A symlink inside dist/ must not lead outside it either.
      const real = fs.realpathSync(file);
      if (real !== rootReal && !real.startsWith(rootReal + path.sep)) return send(403, 'forbidden');
      const body = fs.readFileSync(real);
      log.push({ path: req.url ?? '', status: 200 });
      res.writeHead(200, { 'Content-Type': mimeType(real), 'Content-Length': body.length, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send(404, 'not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
