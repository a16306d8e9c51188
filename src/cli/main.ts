// `povcheck`: the command line over the .xlsx host and the engine.
// main() returns the exit code and writes through injectable writers, so it
// can run in-process (tests) as well as from bin/povcheck.js.
import * as fs from 'fs';
import * as path from 'path';
import { checkWorkbook } from '../core/engine';
import type { Lang, Report } from '../core/report';
import { HostError } from '../hosts/types';
import { COLOR, PLAIN, T, countIssues, fileErrorMessage, renderReport, totalLine, usage, type Counts, type FileErrorCode } from './text';
import { type FixArgs, runFix } from './fix';
import type { ApplyMode } from '../core/correct';
import { type AllocateArgs, allocateArgs, allocateUsage, parseAllocate, runAllocate } from './allocate';
import { type AppendixArgs, appendixArgs, appendixUsage, parseAppendix, runAppendix } from './appendix';

export interface Writer {
  write(s: string): unknown;
}

export interface Io {
  stdout: Writer;
  stderr: Writer;
  /** Colour the human output; by default only when stdout is a TTY and NO_COLOR is unset. */
  color: boolean;
  /** The clock `fix` writes into its sheets (tests fix it). */
  now?: () => Date;
}

export const EXIT_OK = 0;
export const EXIT_ISSUES = 1;
export const EXIT_FAILURE = 2;

interface CheckArgs {
  files: string[];
  sheet?: string;
  json: boolean;
  lang: Lang;
}

type Parsed =
  | { kind: 'help'; lang: Lang }
  | { kind: 'version' }
  | { kind: 'check'; args: CheckArgs }
  | { kind: 'fix'; args: FixArgs }
  | { kind: 'allocate'; args: AllocateArgs }
  | { kind: 'appendix'; args: AppendixArgs }
  | { kind: 'command-help'; text: string }
  | { kind: 'command-usage-error'; message: string; text: string }
  | { kind: 'usage-error'; lang: Lang; message: string };

export interface FileError {
  file: string;
  error: { code: FileErrorCode; message: string };
}

export type FileResult = Report | FileError;

function isLang(v: string): v is Lang {
  return v === 'vi' || v === 'en';
}

/** Flags of check/fix that take a value: skipped when looking for the command word. */
const VALUE_FLAGS = new Set(['--sheet', '-o', '--output', '--apply', '--lang']);

/** `allocate` and `appendix` have flags of their own: their arguments go to their own parsers. */
function parseSubcommand(argv: string[]): Parsed | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return null;
    if (a.startsWith('-') && a !== '-') {
      if (VALUE_FLAGS.has(a)) i++;
      continue;
    }
    if (a !== 'allocate' && a !== 'appendix') return null;
    const rest = [...argv.slice(0, i), ...argv.slice(i + 1)];
    if (a === 'allocate') {
      const p = parseAllocate(rest);
      if (p.help) return { kind: 'command-help', text: allocateUsage(p.lang) };
      const r = allocateArgs(p);
      return r.args ? { kind: 'allocate', args: r.args } : { kind: 'command-usage-error', message: r.error ?? '', text: allocateUsage(p.lang) };
    }
    const p = parseAppendix(rest);
    if (p.help) return { kind: 'command-help', text: appendixUsage(p.lang) };
    const r = appendixArgs(p);
    return r.args ? { kind: 'appendix', args: r.args } : { kind: 'command-usage-error', message: r.error ?? '', text: appendixUsage(p.lang) };
  }
  return null;
}

/** Parses the arguments; never throws. */
export function parseArgs(argv: string[]): Parsed {
  const sub = parseSubcommand(argv);
  if (sub) return sub;
  const files: string[] = [];
  let sheet: string | undefined;
  let json = false;
  let lang: Lang = 'vi';
  let help = false;
  let version = false;
  let command: string | undefined;
  let output: string | undefined;
  let apply: ApplyMode | undefined;
  /** Flags only `fix` takes; `check` rejects them as it always did. */
  const fixOnly: string[] = [];
  let error: ((l: Lang) => string) | undefined;
  const fail = (e: (l: Lang) => string) => {
    if (!error) error = e;
  };

  let flagsDone = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!flagsDone && a === '--') {
      flagsDone = true;
      continue;
    }
    if (!flagsDone && a.startsWith('-') && a !== '-') {
      const eq = a.indexOf('=');
      const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
      const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
      const value = (): string | undefined => {
        if (inline !== undefined) return inline;
        if (i + 1 < argv.length) return argv[++i];
        return undefined;
      };
      switch (name) {
        case '-h':
        case '--help':
          help = true;
          break;
        case '-v':
        case '-V':
        case '--version':
          version = true;
          break;
        case '--json':
          if (inline !== undefined) fail((l) => T.unknownFlag(l, a));
          json = true;
          break;
        case '--sheet': {
          const v = value();
          if (v === undefined) fail((l) => T.missingValue(l, '--sheet'));
          else sheet = v;
          break;
        }
        case '-o':
        case '--output': {
          fixOnly.push(a);
          const v = value();
          if (v === undefined) fail((l) => T.missingValue(l, name));
          else output = v;
          break;
        }
        case '--apply': {
          fixOnly.push(a);
          const v = value();
          if (v === undefined) fail((l) => T.missingValue(l, '--apply'));
          else if (v === 'safe' || v === 'none' || v === 'all') apply = v;
          else fail((l) => FIX_WORDS.badApply(l, v));
          break;
        }
        case '--lang': {
          const v = value();
          if (v === undefined) fail((l) => T.missingValue(l, '--lang'));
          else if (isLang(v.toLowerCase())) lang = v.toLowerCase() as Lang;
          else fail((l) => T.badLang(l, v));
          break;
        }
        default:
          fail((l) => T.unknownFlag(l, a));
      }
      continue;
    }
    if (command === undefined) command = a;
    else files.push(a);
  }

  if (help || command === 'help') return { kind: 'help', lang };
  if (version) return { kind: 'version' };
  if (error) return { kind: 'usage-error', lang, message: error(lang) };
  if (command === undefined) return { kind: 'usage-error', lang, message: T.noCommand(lang) };
  if (command === 'fix') {
    if (!files.length) return { kind: 'usage-error', lang, message: T.noFiles(lang) };
    if (files.length > 1) return { kind: 'usage-error', lang, message: FIX_WORDS.oneFile(lang) };
    if (sheet !== undefined) return { kind: 'usage-error', lang, message: T.unknownFlag(lang, '--sheet') };
    if (output === undefined) return { kind: 'usage-error', lang, message: FIX_WORDS.noOutput(lang) };
    return { kind: 'fix', args: { input: files[0], output, apply: apply ?? 'safe', json, lang } };
  }
  if (fixOnly.length) return { kind: 'usage-error', lang, message: T.unknownFlag(lang, fixOnly[0]) };
  if (command !== 'check') return { kind: 'usage-error', lang, message: T.unknownCommand(lang, command) };
  if (!files.length) return { kind: 'usage-error', lang, message: T.noFiles(lang) };
  return { kind: 'check', args: { files, sheet, json, lang } };
}

const FIX_WORDS = {
  badApply: (l: Lang, v: string) => (l === 'en' ? `--apply must be safe, none or all, not "${v}".` : `--apply phải là safe, none hoặc all, không phải "${v}".`),
  oneFile: (l: Lang) => (l === 'en' ? 'fix takes one input file.' : 'Lệnh fix nhận đúng một tệp.'),
  noOutput: (l: Lang) => (l === 'en' ? 'fix needs the output file: -o OUT.xlsx' : 'Lệnh fix cần tệp kết quả: -o TỆP_RA.xlsx'),
};

function packageVersion(): string {
  // lib/cli/main.js and src/cli/main.ts both sit two levels below the package root.
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

let pipeGuarded = false;

/** `povcheck … | head` closes stdout early; that is not an error worth a stack trace. */
function guardBrokenPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
}

function defaultIo(): Io {
  guardBrokenPipe();
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    color: Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined,
  };
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0] || e.name;
  return String(e).split('\n')[0];
}

/** Reads and checks one file; every failure becomes a FileError, nothing throws. */
export async function checkFile(file: string, args: { sheet?: string; lang: Lang }): Promise<FileResult> {
  const lang = args.lang;
  const failure = (code: FileErrorCode, detail: string): FileError => ({
    file,
    error: { code, message: fileErrorMessage(lang, code, file, detail, args.sheet) },
  });
  try {
    // Loaded on first use: ExcelJS takes a fifth of a second to load, which --help,
    // --version and usage errors need not pay.
    const { readXlsxFile } = await import('../hosts/xlsx');
    const wb = await readXlsxFile(file, args.sheet !== undefined ? { sheet: args.sheet } : undefined);
    return checkWorkbook(wb, { file, lang, sheet: args.sheet });
  } catch (e) {
    if (e instanceof HostError) return failure(e.code, e.detail);
    const code = (e as NodeJS.ErrnoException | null)?.code;
    if (code === 'EACCES' || code === 'EPERM') return failure('no-access', errorMessage(e));
    if (code === 'ENOENT') return failure('not-found', errorMessage(e));
    return failure('unexpected', errorMessage(e));
  }
}

export function isFileError(r: FileResult): r is FileError {
  return (r as FileError).error !== undefined;
}

async function runCheck(args: CheckArgs, io: Io): Promise<number> {
  const style = io.color && !args.json ? COLOR : PLAIN;
  const results: FileResult[] = [];
  const total: Counts = { error: 0, warning: 0, info: 0 };
  let unreadable = 0;
  let anyError = false;

  for (const [n, file] of args.files.entries()) {
    const r = await checkFile(file, args);
    results.push(r);
    if (isFileError(r)) {
      unreadable++;
      io.stderr.write(`${r.error.message}\n`);
      continue;
    }
    const c = countIssues(r.issues);
    total.error += c.error;
    total.warning += c.warning;
    total.info += c.info;
    if (c.error) anyError = true;
    if (!args.json) io.stdout.write((n > 0 ? '\n' : '') + renderReport(r, args.lang, style));
  }

  if (args.json) {
    const doc = args.files.length === 1 ? results[0] : results;
    io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } else if (args.files.length > 1) {
    io.stdout.write('\n' + style.bold(totalLine(args.lang, args.files.length, unreadable, total)) + '\n');
  }

  if (unreadable) return EXIT_FAILURE;
  return anyError ? EXIT_ISSUES : EXIT_OK;
}

export async function main(argv: string[], io: Partial<Io> = {}): Promise<number> {
  const full: Io = { ...defaultIo(), ...io };
  let lang: Lang = 'vi';
  try {
    const parsed = parseArgs(argv);
    switch (parsed.kind) {
      case 'help':
        full.stdout.write(usage(parsed.lang));
        return EXIT_OK;
      case 'version':
        full.stdout.write(`povcheck ${packageVersion()}\n`);
        return EXIT_OK;
      case 'usage-error':
        full.stderr.write(`${parsed.message}\n\n${usage(parsed.lang)}`);
        return EXIT_FAILURE;
      case 'check':
        lang = parsed.args.lang;
        return await runCheck(parsed.args, full);
      case 'fix':
        lang = parsed.args.lang;
        return await runFix(parsed.args, full);
      case 'command-help':
        full.stdout.write(parsed.text);
        return EXIT_OK;
      case 'command-usage-error':
        full.stderr.write(`${parsed.message}\n\n${parsed.text}`);
        return EXIT_FAILURE;
      case 'allocate':
        lang = parsed.args.lang;
        return await runAllocate(parsed.args, full);
      case 'appendix':
        lang = parsed.args.lang;
        return await runAppendix(parsed.args, full);
    }
  } catch (e) {
    // Last resort: one line, no stack trace.
    full.stderr.write(`${fileErrorMessage(lang, 'unexpected', '', errorMessage(e))}\n`);
    return EXIT_FAILURE;
  }
}
