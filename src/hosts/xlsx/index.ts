export { readXlsxBuffer, readXlsxFile, XlsxFileHost } from './read';
export {
  sniffFormat,
  readZipDirectory,
  checkZipSizes,
  DEFAULT_ZIP_LIMITS,
  type SniffResult,
  type ZipLimits,
  type ZipEntryInfo,
} from './sniff';
export { XlsxWriter } from './write';
