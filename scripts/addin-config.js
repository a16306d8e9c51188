// Build settings shared by webpack.config.js and the tests: the development
// origin, the production manifest rewrite, the Content-Security-Policy of the
// task pane, and which office.js files are served locally.
// Plain CommonJS so webpack.config.js can require it without ts-node; the
// types are in addin-config.d.ts.
'use strict';
const fs = require('fs');
const path = require('path');

/** Origin every URL in manifest.xml uses during development (`npm start`). */
const DEV_ORIGIN = 'https://localhost:3000';
const DEV_PORT = 3000;
/** Microsoft's CDN copy of office.js, used only with OFFICE_JS_CDN=1. */
const OFFICE_JS_CDN_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/**
 * Checks and normalises ADDIN_BASE_URL. Office only loads add-ins over
 * HTTPS, so anything else is refused. A path is allowed (the add-in may
 * live under https://intranet/povcheck/); trailing slashes are dropped so
 * "https://host/" and "https://host" give the same manifest.
 */
function normaliseBaseUrl(raw) {
  const text = String(raw ?? '').trim();
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`ADDIN_BASE_URL is not a URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`ADDIN_BASE_URL must start with https:// (Office loads add-ins only over HTTPS): ${text}`);
  }
  if (url.username || url.password) throw new Error(`ADDIN_BASE_URL must not contain a user name or password: ${text}`);
  if (url.search || url.hash || text.includes('?') || text.includes('#')) {
    throw new Error(`ADDIN_BASE_URL must not have a query or fragment: ${text}`);
  }
  // The result is pasted into XML attributes; keep to characters that need no escaping.
  if (/["'<>&\s\\]/.test(url.pathname)) throw new Error(`ADDIN_BASE_URL has characters not allowed in a path: ${text}`);
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/**
 * dist/manifest.xml: every https://localhost:3000 replaced by the normalised
 * base URL. Comments are dropped: they are notes for developers.
 */
function rewriteManifest(xml, baseUrl) {
  const base = normaliseBaseUrl(baseUrl);
  const out = stripXmlComments(xml).split(DEV_ORIGIN).join(base);
  if (/localhost/i.test(out)) {
    throw new Error('manifest.xml still mentions localhost after the rewrite (a URL with another port or scheme?)');
  }
  return out;
}

function stripXmlComments(xml) {
  return xml.replace(/[ \t]*<!--[\s\S]*?-->[ \t]*(\r?\n)?/g, '');
}

/**
 * The task pane's Content-Security-Policy. Only the add-in's own origin is
 * allowed; with the CDN flag, Microsoft's office.js origin is added for scripts.
 * style-src needs 'unsafe-inline': Fluent UI v9 (Griffel) inserts <style>
 * elements at run time and there is no nonce to give it in a static page.
 */
function contentSecurityPolicy({ officeJsCdn = false } = {}) {
  const cdn = officeJsCdn ? ` ${new URL(OFFICE_JS_CDN_URL).origin}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${cdn}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * office.js and the files it loads at run time, relative to
 * node_modules/@microsoft/office-js/dist. office.js picks the rest from its
 * own folder:
 *  - the host file `<host>-<platform>-<version>.js` (Excel only: win32, mac,
 *    web, ios, android, winrt), or o15apptofilemappingtable.js, which it
 *    loads when there is no host (a plain browser, where Office.onReady then
 *    resolves with host null) and for Office 2013-style hosts, which then
 *    load excel-15*.js / excelwebapp-15*.js;
 *  - `<locale>/office_strings.js` for Office's UI language (falls back to
 *    en-us; every locale is kept so no user waits on a 404 first);
 *  - telemetry/oteljs_agave.js and ariatelemetry/aria-web-telemetry.js.
 * Left out: *.debug.js, the other Office apps, outlook_strings.js, the
 * "-core" host files (custom-functions runtime only), webauth (SSO) and
 * office-vsdoc.js; about 12 MB instead of 86 MB.
 */
function officeJsFiles(distDir) {
  const top = fs.readdirSync(distDir);
  const files = ['office.js', 'o15apptofilemappingtable.js'];
  for (const name of top) {
    if (/^excel(webapp|ios)?-[a-z0-9.-]+\.js$/.test(name) && !/\.debug\.js$/.test(name) && !/-core\.js$/.test(name)) {
      files.push(name);
    }
  }
  for (const name of top) {
    const strings = path.join(distDir, name, 'office_strings.js');
    if (/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(name) && fs.existsSync(strings)) files.push(`${name}/office_strings.js`);
  }
  files.push('telemetry/oteljs_agave.js', 'ariatelemetry/aria-web-telemetry.js');
  for (const f of files) {
    if (!fs.existsSync(path.join(distDir, f))) throw new Error(`office.js file missing from ${distDir}: ${f}`);
  }
  return files;
}

module.exports = {
  DEV_ORIGIN,
  DEV_PORT,
  OFFICE_JS_CDN_URL,
  normaliseBaseUrl,
  rewriteManifest,
  stripXmlComments,
  contentSecurityPolicy,
  officeJsFiles,
};
