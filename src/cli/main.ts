// `povcheck`: the command line over the .xlsx host and the engine.
// main() returns the exit code and writes through injectable writers, so it
// can run in-process (tests) as well as from bin/povcheck.js.
import * as fs from 'fs';
import * as path from 'path';
import { checkWorkbook } from '../core/engine';
import type { Lang, Report } from '../core/report';
import { FIX_TEXT, T, fileErrorMessage, totalLine, usage, type Counts, type FileErrorCode } from './text';
import { COLOR, PLAIN, countIssues, renderReport } from './render';
import { type FixArgs, runFix } from './fix';
import type { ApplyMode } from '../core/correct';
import { type AllocateArgs, allocateArgs, allocateUsage, parseAllocate, runAllocate } from './allocate';
import { type AppendixArgs, appendixArgs, appendixUsage, parseAppendix, runAppendix } from './appendix';
import { type CompareArgs, compareArgs, compareUsage, parseCompare, runCompare } from './compare';
import { type FlagSpec, detail, failureOf, jsonError, last, parseFlags } from './options';

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
  | { kind: 'compare'; args: CompareArgs }
  | { kind: 'command-help'; text: string }
  | { kind: 'command-usage-error'; message: string; text: string }
  | { kind: 'usage-error'; lang: Lang; message: string };

export interface FileError {
  file: string;
  error: { code: FileErrorCode; message: string };
}

export type FileResult = Report | FileError;

/** Flags of `check` and `fix`; `-o` and `--apply` are fix's own, `--sheet` check's. */
const CHECK_FLAGS: Record<string, FlagSpec> = {
  '--version': { value: false, alias: ['-v', '-V'] },
  '--sheet': { value: true },
  '--output': { value: true, alias: ['-o'] },
  '--apply': { value: true, check: (v) => (v === 'safe' || v === 'none' || v === 'all' ? undefined : (l) => FIX_TEXT.badApply(l, v)) },
};

/** Flags of check/fix that take a value: skipped when looking for the command word. */
const VALUE_FLAGS = new Set([
  '--lang',
  ...Object.entries(CHECK_FLAGS).flatMap(([name, spec]) => (spec.value ? [name, ...(spec.alias ?? [])] : [])),
]);

/** `allocate` and `appendix` have flags of their own: their arguments go to their own parsers. */
function parseSubcommand(argv: string[]): Parsed | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return null;
    if (a.startsWith('-') && a !== '-') {
      if (VALUE_FLAGS.has(a)) i++;
      continue;
    }
    if (a !== 'allocate' && a !== 'appendix' && a !== 'compare') return null;
    const rest = [...argv.slice(0, i), ...argv.slice(i + 1)];
    if (a === 'compare') {
      const p = parseCompare(rest);
      const r = p.help ? {} : compareArgs(p);
      if (!r.args) return p.help ? { kind: 'command-help', text: compareUsage(p.lang) } : { kind: 'command-usage-error', message: r.error ?? '', text: compareUsage(p.lang) };
      return { kind: 'compare', args: r.args };
    }
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
  const p = parseFlags(argv, CHECK_FLAGS);
  const lang = p.lang;
  const [command, ...files] = p.positionals;
  if (p.help || command === 'help') return { kind: 'help', lang };
  if (p.flags.has('--version')) return { kind: 'version' };
  if (p.error) return { kind: 'usage-error', lang, message: p.error(lang) };
  if (command === undefined) return { kind: 'usage-error', lang, message: T.noCommand(lang) };
  const json = p.flags.has('--json');
  const sheet = last(p, '--sheet');
  const output = last(p, '--output');
  if (command === 'fix') {
    if (!files.length) return { kind: 'usage-error', lang, message: T.noFiles(lang) };
    if (files.length > 1) return { kind: 'usage-error', lang, message: FIX_TEXT.oneFile(lang) };
    if (sheet !== undefined) return { kind: 'usage-error', lang, message: T.unknownFlag(lang, '--sheet') };
    if (output === undefined) return { kind: 'usage-error', lang, message: FIX_TEXT.noOutput(lang) };
    return { kind: 'fix', args: { input: files[0], output, apply: (last(p, '--apply') as ApplyMode | undefined) ?? 'safe', json, lang } };
  }
  // check rejects fix's flags, naming the first as it was typed.
  const fixOnly = p.order.find((f) => f.name === '--output' || f.name === '--apply');
  if (fixOnly) return { kind: 'usage-error', lang, message: T.unknownFlag(lang, fixOnly.typed) };
  if (command !== 'check') return { kind: 'usage-error', lang, message: T.unknownCommand(lang, command) };
  if (!files.length) return { kind: 'usage-error', lang, message: T.noFiles(lang) };
  return { kind: 'check', args: { files, sheet, json, lang } };
}


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

/** Reads and checks one file; every failure becomes a FileError, nothing throws. */
export async function checkFile(file: string, args: { sheet?: string; lang: Lang }): Promise<FileResult> {
  const lang = args.lang;
  const failure = (code: FileErrorCode, detail: string): FileError => ({
    file,
    error: { code, message: fileErrorMessage(lang, code, file, detail, args.sheet) },
  });
  try {
    // Loaded on first use, and only the reader: checking never loads ExcelJS.
    const { readXlsxFile } = await import('../hosts/xlsx/read');
    const wb = await readXlsxFile(file, args.sheet !== undefined ? { sheet: args.sheet } : undefined);
    return checkWorkbook(wb, { file, lang, sheet: args.sheet });
  } catch (e) {
    const f = failureOf(e);
    return failure(f.code, f.detail);
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
  // With --json, every exit 2 also prints { "error": { "code", "message" } } on stdout.
  const end = argv.indexOf('--');
  const json = (end < 0 ? argv : argv.slice(0, end)).includes('--json');
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
        if (json) jsonError(full.stdout, 'usage', parsed.message);
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
        if (json) jsonError(full.stdout, 'usage', parsed.message);
        return EXIT_FAILURE;
      case 'allocate':
        lang = parsed.args.lang;
        return await runAllocate(parsed.args, full);
      case 'appendix':
        lang = parsed.args.lang;
        return await runAppendix(parsed.args, full);
      case 'compare':
        lang = parsed.args.lang;
        return await runCompare(parsed.args, full);
    }
  } catch (e) {
    // Last resort: one line, no stack trace.
    const message = fileErrorMessage(lang, 'unexpected', '', detail(e));
    full.stderr.write(`${message}\n`);
    if (json) jsonError(full.stdout, 'unexpected', message);
    return EXIT_FAILURE;
  }
}
