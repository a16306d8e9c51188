// The command line's argument parsing: one table-driven parser (src/cli/options.ts) for every command.
import { parseArgs } from '../src/cli/main';

const usage = (argv: string[]) => {
  const p = parseArgs(argv);
  return p.kind === 'usage-error' ? p.message : p.kind === 'command-usage-error' ? p.message : p.kind;
};

describe('check and fix arguments', () => {
  test('check: files, sheet, json and language in any order, inline or separate values', () => {
    expect(parseArgs(['check', 'a.xlsx', '--sheet', 'Xã', '--json', 'b.xlsx', '--lang=EN'])).toEqual({
      kind: 'check',
      args: { files: ['a.xlsx', 'b.xlsx'], sheet: 'Xã', json: true, lang: 'en' },
    });
    expect(parseArgs(['--json', 'check', '--', '--odd-name.xlsx'])).toEqual({ kind: 'check', args: { files: ['--odd-name.xlsx'], sheet: undefined, json: true, lang: 'vi' } });
  });

  test('fix: one input, -o or --output, --apply defaults to safe', () => {
    expect(parseArgs(['fix', 'a.xlsx', '-o', 'b.xlsx'])).toEqual({ kind: 'fix', args: { input: 'a.xlsx', output: 'b.xlsx', apply: 'safe', json: false, lang: 'vi' } });
    expect(parseArgs(['fix', '--output=b.xlsx', 'a.xlsx', '--apply', 'all', '--json'])).toEqual({ kind: 'fix', args: { input: 'a.xlsx', output: 'b.xlsx', apply: 'all', json: true, lang: 'vi' } });
  });

  test('help wins over everything, then version, then the first mistake on the line', () => {
    expect(parseArgs(['check', '--frob', '--help'])).toEqual({ kind: 'help', lang: 'vi' });
    expect(parseArgs(['help', '--lang', 'en'])).toEqual({ kind: 'help', lang: 'en' });
    expect(parseArgs(['-V', '--frob'])).toEqual({ kind: 'version' });
    expect(usage(['check', '--apply', 'most', '--frob', 'a.xlsx'])).toBe('--apply phải là safe, none hoặc all, không phải "most".');
    expect(usage(['check', '--frob', '--apply', 'most', 'a.xlsx'])).toBe('Tùy chọn không hợp lệ: --frob');
    expect(usage(['check', '--lang', 'fr', '--frob', 'a.xlsx'])).toMatch(/fr/);
  });

  test('the language of the message is the last valid --lang; an invalid one is still an error', () => {
    expect(usage(['check', '--frob', '--lang', 'en'])).toBe('Unknown option: --frob');
    const p = parseArgs(['check', '--lang', 'fr', '--lang', 'en', 'a.xlsx']);
    expect(p.kind).toBe('usage-error');
    expect(p.kind === 'usage-error' && p.lang).toBe('en');
  });

  test("check refuses fix's flags as typed; fix refuses --sheet; values must be there", () => {
    expect(usage(['check', 'a.xlsx', '--output=b.xlsx'])).toBe('Tùy chọn không hợp lệ: --output=b.xlsx');
    expect(usage(['check', 'a.xlsx', '--apply', 'all', '-o', 'b.xlsx'])).toBe('Tùy chọn không hợp lệ: --apply');
    expect(usage(['fix', 'a.xlsx', '-o', 'b.xlsx', '--sheet', 'A'])).toBe('Tùy chọn không hợp lệ: --sheet');
    expect(usage(['check', 'a.xlsx', '--sheet'])).toMatch(/--sheet/);
    expect(usage(['fix', 'a.xlsx', '-o'])).toMatch(/-o\b/);
    expect(usage(['check', '--json=yes', 'a.xlsx'])).toBe('Tùy chọn không hợp lệ: --json=yes');
  });

  test('commands and files', () => {
    expect(usage([])).toMatch(/lệnh/i);
    expect(usage(['frob'])).toBe('Lệnh không hợp lệ: frob');
    expect(usage(['check'])).toMatch(/tệp/i);
    expect(usage(['fix', 'a.xlsx', 'b.xlsx', '-o', 'c.xlsx'])).toBe('Lệnh fix nhận đúng một tệp.');
    expect(usage(['fix', 'a.xlsx'])).toBe('Lệnh fix cần tệp kết quả: -o TỆP_RA.xlsx');
  });

  test('allocate and appendix are found after check-style flags and parsed by their own tables', () => {
    expect(parseArgs(['--lang', 'en', 'allocate', 'a.xlsx', '--target-households', '5', '-o', 'b.xlsx']).kind).toBe('allocate');
    expect(parseArgs(['appendix', '--help']).kind).toBe('command-help');
  });
});
