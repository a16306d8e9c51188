// Browser bundle of the pure core (grid in, report out), for the Excel task
// pane that comes next. Build: npx webpack  →  dist/povcheck-core.js, which
// defines the global `PovCheck` (PovCheck.checkWorkbook(workbook, options)).
const path = require('path');

/** @type {import('webpack').Configuration} */
module.exports = {
  mode: 'production',
  target: 'web',
  entry: './src/core/engine.ts',
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: 'povcheck-core.js',
    library: { name: 'PovCheck', type: 'umd' },
    globalObject: 'this',
    clean: true,
  },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        loader: 'ts-loader',
        // The core must stay free of Node built-ins; transpile here, type-check with `npm run typecheck`.
        options: {
          configFile: path.resolve(__dirname, 'tsconfig.json'),
          transpileOnly: true,
          // ES modules let webpack drop what the engine does not use.
          compilerOptions: { module: 'es2020', moduleResolution: 'node' },
        },
        exclude: /node_modules/,
      },
    ],
  },
  devtool: 'source-map',
  performance: { hints: false },
};
