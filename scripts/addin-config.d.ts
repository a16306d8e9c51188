// Types for scripts/addin-config.js (kept as plain JS so webpack.config.js can load it).
export declare const DEV_ORIGIN: 'https://localhost:3000';
export declare const DEV_PORT: 3000;
export declare const OFFICE_JS_CDN_URL: string;
export declare function normaliseBaseUrl(raw: string | undefined): string;
export declare function rewriteManifest(xml: string, baseUrl: string): string;
export declare function stripXmlComments(xml: string): string;
export declare function contentSecurityPolicy(options?: { officeJsCdn?: boolean }): string;
export declare function officeJsFiles(distDir: string): string[];
