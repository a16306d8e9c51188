// Two builds into dist/:
//  - "core": the pure engine as a UMD bundle, dist/povcheck-core.js, which
//    defines the global `PovCheck` (PovCheck.checkWorkbook(workbook, options));
//  - "taskpane": dist/taskpane.html and the React app (Excel task pane and
//    stand-alone browser page), office.js served from dist/office-js/, the
//    icons, the sample workbook and dist/manifest.xml.
//
//   npx webpack --mode production       both builds
//   npm start                           dev server on https://localhost:3000
//   ADDIN_BASE_URL=https://… npm run build   manifest for that server
//   OFFICE_JS_CDN=1 npm run build       office.js from Microsoft's CDN instead
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const {
  DEV_ORIGIN,
  DEV_PORT,
  OFFICE_JS_CDN_URL,
  contentSecurityPolicy,
  normaliseBaseUrl,
  officeJsFiles,
  rewriteManifest,
} = require('./scripts/addin-config');

const DIST = path.resolve(__dirname, 'dist');
const OFFICE_JS_DIST = path.dirname(require.resolve('@microsoft/office-js/dist/office.js'));
const EXCELJS_BROWSER = require.resolve('exceljs/dist/exceljs.min.js');

/** ts-loader: transpile only (type-check with `npm run typecheck`); ES modules so webpack can drop unused code. */
const tsRule = {
  test: /\.tsx?$/,
  loader: 'ts-loader',
  options: {
    configFile: path.resolve(__dirname, 'tsconfig.json'),
    transpileOnly: true,
    compilerOptions: { module: 'es2020', moduleResolution: 'node' },
  },
  exclude: /node_modules/,
};

/**
 * Marks the named chunks' files as already minimized, so webpack's minifier
 * leaves them alone. ExcelJS ships minified (dist/exceljs.min.js); running
 * terser over its 900 KB again took most of the production build time.
 */
class SkipMinifyPlugin {
  constructor(chunkNames) {
    this.chunkNames = new Set(chunkNames);
  }
  apply(compiler) {
    const { Compilation } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('SkipMinifyPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        // Before the minimizer (PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE) looks at the assets.
        { name: 'SkipMinifyPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE },
        () => {
          for (const chunk of compilation.chunks) {
            if (!this.chunkNames.has(chunk.name)) continue;
            for (const file of chunk.files) {
              if (/\.js$/.test(file)) compilation.updateAsset(file, (source) => source, { minimized: true });
            }
          }
        },
      );
    });
  }
}

/** Both builds write to dist/ at the same time, so each cleans only its own files. */
const isCoreFile = (file) => /^povcheck-core\.js(\.map)?$/.test(file);

function coreConfig(mode) {
  return {
    name: 'core',
    mode,
    target: 'web',
    entry: './src/core/engine.ts',
    output: {
      path: DIST,
      filename: 'povcheck-core.js',
      library: { name: 'PovCheck', type: 'umd' },
      globalObject: 'this',
      clean: { keep: (file) => !isCoreFile(file) },
    },
    resolve: { extensions: ['.ts', '.js'] },
    // The core must stay free of Node built-ins.
    module: { rules: [{ ...tsRule, test: /\.ts$/ }] },
    devtool: 'source-map',
    performance: { hints: false },
  };
}

function taskpaneConfig(mode, { baseUrl, officeJsCdn, httpsOptions }) {
  const production = mode === 'production';
  return {
    name: 'taskpane',
    mode,
    target: 'web',
    entry: { taskpane: './src/taskpane/index.tsx' },
    output: {
      path: DIST,
      // Hashed names: Office caches add-in files hard, so a new build must change the URLs.
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      // Relative URLs, so dist/ works under any base path.
      publicPath: 'auto',
      clean: { keep: (file) => isCoreFile(file) },
    },
    resolve: {
      extensions: ['.tsx', '.ts', '.js'],
      // The Node build of ExcelJS needs fs/stream/zlib polyfills; its browser build needs none.
      alias: {
        exceljs$: EXCELJS_BROWSER,
        // The CLI's ExcelJS loader takes the Workbook class out of the Node build; the page uses the browser build.
        [path.resolve(__dirname, 'src/hosts/xlsx/exceljs')]: path.resolve(__dirname, 'src/hosts/xlsx/exceljs.browser.ts'),
        // Only readXlsxFile (the CLI) loads it; the page inflates with DecompressionStream.
        [path.resolve(__dirname, 'src/hosts/xlsx/inflate-turns')]: false,
      },
      // read.ts and write.ts import fs and path lazily for the CLI (readXlsxFile, save), which the page never
      // calls: an empty module, not a polyfill.
      fallback: { fs: false, 'fs/promises': false, path: false },
    },
    module: {
      rules: [tsRule],
      // Already bundled and minified (browserify): nothing for webpack to resolve inside.
      noParse: /exceljs[\\/]dist[\\/]exceljs(\.bare)?(\.min)?\.js$/,
    },
    optimization: {
      splitChunks: {
        cacheGroups: {
          // ExcelJS in a chunk of its own (browser page only), so the minifier can skip it.
          exceljs: { test: /[\\/]exceljs[\\/]dist[\\/]/, name: 'exceljs', chunks: 'all', enforce: true },
        },
      },
    },
    // Not webpack's default "eval" source maps in development: the page's CSP forbids eval.
    devtool: 'source-map',
    performance: { hints: false },
    plugins: [
      new SkipMinifyPlugin(['exceljs']),
      new HtmlWebpackPlugin({
        template: path.resolve(__dirname, 'src/taskpane/taskpane.html'),
        filename: 'taskpane.html',
        chunks: ['taskpane'],
        inject: 'head',
        scriptLoading: 'defer',
        csp: contentSecurityPolicy({ officeJsCdn }),
        officeJsSrc: officeJsCdn ? OFFICE_JS_CDN_URL : 'office-js/office.js',
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets', to: 'assets' },
          // The browser page's "Dùng tệp mẫu" fetches this relative URL.
          { from: 'samples/003-thinh-duc.xlsx', to: 'samples/003-thinh-duc.xlsx' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            ...(baseUrl ? { transform: (content) => rewriteManifest(content.toString('utf8'), baseUrl) } : {}),
          },
          ...(officeJsCdn ? [] : officeJsFiles(OFFICE_JS_DIST).map((file) => ({
            from: path.join(OFFICE_JS_DIST, file),
            to: `office-js/${file}`,
            // Copied byte for byte: Microsoft already minified them, and re-minifying 12 MB is slow.
            info: { minimized: true },
          }))),
        ],
      }),
    ],
    devServer: {
      // Loopback only: Office sideloads from https://localhost:3000, nothing else needs to reach it.
      host: 'localhost',
      port: DEV_PORT,
      server: httpsOptions ? { type: 'https', options: httpsOptions } : 'https',
      static: false,
      // dist/ on disk matches what is served (the e2e test and sideloading read it).
      devMiddleware: { writeToDisk: true },
      hot: false,
      liveReload: true,
      client: { overlay: false },
      headers: { 'Cache-Control': 'no-store' },
      onListening() {
        console.log(`\nPovCheck task pane: ${DEV_ORIGIN}/taskpane.html`);
        console.log(`Manifest:           ${DEV_ORIGIN}/manifest.xml (sideload manifest.xml from the repository)\n`);
      },
    },
  };
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode || 'production';
  const rawBase = process.env.ADDIN_BASE_URL;
  // Fail before building when the base URL is unusable.
  const baseUrl = rawBase ? normaliseBaseUrl(rawBase) : undefined;
  const officeJsCdn = process.env.OFFICE_JS_CDN === '1';
  let httpsOptions;
  if (env.WEBPACK_SERVE) {
    // Only the dev server needs certificates; this may install a local CA on first use.
    const devCerts = require('office-addin-dev-certs');
    httpsOptions = await devCerts.getHttpsServerOptions();
  }
  return [coreConfig(mode), taskpaneConfig(mode, { baseUrl, officeJsCdn, httpsOptions })];
};
