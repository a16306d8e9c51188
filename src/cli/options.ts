// Small shared pieces of the commands: the argument parser (flags declared as
// data, used by every command), the same-file guard, and the mapping of read
// failures to the messages `check` prints.
import * as fs from 'fs';
import * as path from 'path';
import type { Lang } from '../core/report';
import { HostError } from '../hosts/types';
import { T, fileErrorMessage, type FileErrorCode } from './text';

export interface FlagSpec {
  /** Takes a value (`--sheet NAME`) or not (`--json`). */
  value: boolean;
  /** Other spellings, e.g. `-o` for `--output`. */
  alias?: string[];
  /** Checks a value where it is given, so the first mistake on the line is the one reported. */
  check?: (v: string) => ((l: Lang) => string) | undefined;
}

export interface ParsedFlags {
  flags: Map<string, string[]>;
  /** Every flag given, in order: its name and the argument as typed (`--output=x.xlsx`). */
  order: { name: string; typed: string }[];
  positionals: string[];
  /** The first usage error, in the requested language. */
  error?: (l: Lang) => string;
  lang: Lang;
  help: boolean;
}

const isLang = (v: string) => v.toLowerCase() === 'vi' || v.toLowerCase() === 'en';

/** Parses `argv` (without the command word) against `spec`; `--lang`, `--help` and `--json` are always known. */
export function parseFlags(argv: string[], spec: Record<string, FlagSpec>): ParsedFlags {
  const all: Record<string, FlagSpec> = {
    '--lang': { value: true, check: (v) => (isLang(v) ? undefined : (l) => T.badLang(l, v)) },
    '--json': { value: false },
    '--help': { value: false, alias: ['-h'] },
    ...spec,
  };
  const byName = new Map<string, string>();
  for (const [name, s] of Object.entries(all)) {
    byName.set(name, name);
    for (const a of s.alias ?? []) byName.set(a, name);
  }
  const out: ParsedFlags = { flags: new Map(), order: [], positionals: [], lang: 'vi', help: false };
  const fail = (e: (l: Lang) => string) => {
    if (!out.error) out.error = e;
  };
  let done = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!done && a === '--') {
      done = true;
      continue;
    }
    if (done || !a.startsWith('-') || a === '-' || /^-\d/.test(a)) {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const raw = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const name = byName.get(raw);
    if (!name) {
      fail((l) => T.unknownFlag(l, a));
      continue;
    }
    let v: string | undefined;
    if (all[name].value) {
      v = inline ?? (i + 1 < argv.length ? argv[++i] : undefined);
      if (v === undefined) {
        fail((l) => T.missingValue(l, raw));
        continue;
      }
      const bad = all[name].check?.(v);
      if (bad) {
        fail(bad);
        continue;
      }
    } else if (inline !== undefined) {
      fail((l) => T.unknownFlag(l, a));
      continue;
    }
    out.order.push({ name, typed: a });
    const list = out.flags.get(name) ?? [];
    list.push(v ?? '');
    out.flags.set(name, list);
  }
  const lang = out.flags.get('--lang')?.at(-1);
  if (lang !== undefined) out.lang = lang.toLowerCase() as Lang;
  out.help = out.flags.has('--help');
  return out;
}

/** The last value given for a flag. */
export function last(p: ParsedFlags, name: string): string | undefined {
  return p.flags.get(name)?.at(-1);
}

export function isSameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

export function detail(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] || e.name : String(e).split('\n')[0];
}

/** What a read failure was: its code, and the detail its message names. */
export function failureOf(e: unknown): { code: FileErrorCode; detail: string } {
  if (e instanceof HostError) return { code: e.code, detail: e.detail };
  const c = (e as NodeJS.ErrnoException | null)?.code;
  const code: FileErrorCode = c === 'EACCES' || c === 'EPERM' ? 'no-access' : c === 'ENOENT' ? 'not-found' : 'unexpected';
  return { code, detail: detail(e) };
}

/** A read failure as the one-line message `check` prints for it. */
export function readFailure(lang: Lang, file: string, e: unknown, sheet?: string): string {
  const f = failureOf(e);
  return fileErrorMessage(lang, f.code, file, f.detail, sheet);
}

/** One failure of a command (exit 2): a stable code and the message printed for it. */
export interface Failure {
  code: string;
  message: string;
  file?: string;
}

/**
 * Ends a command with exit 2: each message on stderr, and with --json one JSON
 * document on stdout, `{ "error": { "code", "message" } }` (plus `errors` when
 * there are several), so a script reading stdout always has something to parse.
 */
export function failWith(io: { stdout: { write(s: string): unknown }; stderr: { write(s: string): unknown } }, json: boolean, failures: Failure | Failure[]): number {
  const list = Array.isArray(failures) ? failures : [failures];
  for (const f of list) io.stderr.write(`${f.message}\n`);
  if (json) {
    const first = list[0] ?? { code: 'unexpected', message: '' };
    const doc: Record<string, unknown> = {
      ...(first.file !== undefined ? { file: first.file } : {}),
      error: { code: first.code, message: list.map((f) => f.message).join('\n') },
    };
    if (list.length > 1) doc.errors = list.map((f) => ({ ...(f.file !== undefined ? { file: f.file } : {}), code: f.code, message: f.message }));
    io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  }
  return 2;
}

/** Prints the JSON failure document alone (the message is already on stderr). */
export function jsonError(out: { write(s: string): unknown }, code: string, message: string): void {
  out.write(JSON.stringify({ error: { code, message } }, null, 2) + '\n');
}

/** A read failure as a Failure, with the message `check` prints for it. */
export function readFailureOf(lang: Lang, file: string, e: unknown, sheet?: string): Failure {
  const f = failureOf(e);
  return { code: f.code, file, message: fileErrorMessage(lang, f.code, file, f.detail, sheet) };
}
