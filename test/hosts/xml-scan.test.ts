// The hand-written tokenizer for worksheets and shared strings against saxes
// (the parser ExcelJS reads with): the same elements, attributes and text on
// generated documents cut into chunks anywhere, and an error where saxes fails.
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { TextPiece, XmlScanner } from '../../src/hosts/xlsx/xml-scan';

type Event = ['open', string, Record<string, string>] | ['text', string] | ['close', string];

/** Adjacent text events merged: both parsers may split text differently (around CDATA, across chunks). */
function push(out: Event[], e: Event): void {
  const last = out[out.length - 1];
  if (e[0] === 'text' && last && last[0] === 'text') last[1] += e[1];
  else out.push(e);
}

function withSaxes(xml: string): Event[] | 'error' {
  const out: Event[] = [];
  const p = new SaxesParser();
  let failed = false;
  p.on('error', () => {
    failed = true;
  });
  // ExcelJS listens to these three only (CDATA and comments are dropped); white space outside the root means nothing.
  let depth = 0;
  p.on('opentag', (n) => {
    depth++;
    push(out, ['open', n.name, { ...(n.attributes as Record<string, string>) }]);
  });
  p.on('text', (t) => {
    if (depth > 0) push(out, ['text', t]);
  });
  p.on('closetag', (n) => {
    depth--;
    push(out, ['close', n.name]);
  });
  p.write(xml);
  return failed ? 'error' : out;
}

function withScanner(xml: string, cuts: number[]): Event[] | 'error' {
  const out: Event[] = [];
  const s = new XmlScanner({
    open: (name, attrs) => push(out, ['open', name, attrs.all()]),
    text: (t) => push(out, ['text', t.string()]),
    close: (name) => push(out, ['close', name]),
  });
  try {
    // Cut at byte positions: inside tags, entities and multi-byte characters too.
    const bytes = new TextEncoder().encode(xml);
    let at = 0;
    for (const c of [...cuts].sort((a, b) => a - b)) {
      const k = Math.min(c, bytes.length);
      s.write(bytes.slice(at, k));
      at = k;
    }
    s.write(bytes.slice(at));
    s.end();
  } catch {
    return 'error';
  }
  return out;
}

const textPiece = fc.oneof(
  fc.constantFrom('Hộ nghèo', ' ', '\n  ', '12.5', '&amp;', '&lt;x&gt;', '&quot;&apos;', '&#7841;', '&#x1EA1;', '&#x1F600;', 'a\r\nb', 'c\rd', '<![CDATA[<raw> & ]]>', '<!-- note -->', '<?pi data?>', '_x000D_'),
  fc.string({ maxLength: 6 }).map((s) => s.replace(/[<&\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]/g, '')),
);

const attrValue = fc.oneof(
  fc.constantFrom('A1', '1', 'x &amp; y', 'tab\there', 'nl\nthere', 'crlf\r\nthere', '&#10;', "it's", '#,##0\\ &quot;đ&quot;', ''),
  fc.string({ maxLength: 5 }).map((s) => s.replace(/[<&"\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]/g, '')),
);

const nameArb = fc.constantFrom('c', 'v', 'f', 'row', 'x:c', 'sheetData', 'si', 't', 'r', 'rPh');

const { tree } = fc.letrec((tie) => ({
  tree: fc.record({
    name: nameArb,
    attrs: fc.uniqueArray(fc.tuple(fc.constantFrom('r', 's', 't', 'ref', 'r:id', 'xml:space'), attrValue, fc.constantFrom('"', "'")), {
      maxLength: 3,
      selector: (a) => a[0],
    }),
    children: fc.array(fc.oneof({ weight: 2, arbitrary: textPiece }, { weight: 1, arbitrary: tie('tree') }), { maxLength: 4 }),
    selfClose: fc.boolean(),
    space: fc.constantFrom('', ' ', '\n'),
  }),
}));

type Tree = { name: string; attrs: [string, string, string][]; children: (string | Tree)[]; selfClose: boolean; space: string };

function render(t: Tree): string {
  const attrs = t.attrs.map(([k, v, q]) => ` ${k}=${q}${q === "'" ? v.replace(/'/g, '&apos;') : v}${q}`).join('');
  if (t.selfClose && t.children.length === 0) return `<${t.name}${attrs}${t.space}/>`;
  return `<${t.name}${attrs}${t.space}>${t.children.map((c) => (typeof c === 'string' ? c : render(c as Tree))).join('')}</${t.name}${t.space}>`;
}

test('the same events as saxes on generated documents, however they are cut into chunks', () => {
  fc.assert(
    fc.property(tree, fc.array(fc.nat(400), { maxLength: 6 }), fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8"?>\r\n'), (t, cuts, decl) => {
      const xml = decl + render(t as Tree);
      const expected = withSaxes(xml);
      expect(expected).not.toBe('error');
      expect(withScanner(xml, cuts)).toEqual(expected);
    }),
    { numRuns: 500 },
  );
});

test('fails where saxes fails', () => {
  const bad = [
    '<a><b></a>',
    '<a>&nbsp;</a>',
    '<a x="1" x="2"/>',
    '<a x=1/>',
    '<a x="<"/>',
    '<a>\u0001</a>',
    '<a>&#0;</a>',
    'text<a/>',
    '<a></b>',
    '<a x="1"y="2"/>',
  ];
  for (const xml of bad) {
    expect({ xml, saxes: withSaxes(xml) }).toEqual({ xml, saxes: 'error' });
    expect({ xml, scanner: withScanner(xml, []) }).toEqual({ xml, scanner: 'error' });
  }
});

test('text after the root element closes is not read (ExcelJS stops there too)', () => {
  expect(withScanner('<a>1</a>', [])).toEqual([['open', 'a', {}], ['text', '1'], ['close', 'a']]);
});

test('a byte-order mark is skipped, even when the first chunk is shorter than it', () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<a>x</a>')]);
  const out: string[] = [];
  const s = new XmlScanner({ open: (n) => out.push(n), text: (t) => out.push(t.string()), close: () => undefined });
  s.write(bytes.slice(0, 2));
  s.write(bytes.slice(2));
  s.end();
  expect(out).toEqual(['a', 'x']);
});

/** The piece of text a scanner reports for `<v>text</v>`. */
function pieceOf(text: string): TextPiece {
  const piece = new TextPiece();
  const s = new XmlScanner({ open: () => undefined, text: (t) => piece.keep(t), close: () => undefined });
  s.write(new TextEncoder().encode(`<v>${text}</v>`));
  s.end();
  return piece;
}

test('numbers read off the bytes are what parseFloat and parseInt read', () => {
  const numberText = fc.oneof(
    fc.double({ noNaN: true }).map(String),
    fc.integer().map(String),
    fc.stringMatching(/^-?[0-9]{0,18}(\.[0-9]{0,18})?$/),
    fc.constantFrom('0.1', '-0', '1.', '.5', '9007199254740993', '123456789012345678', '1e3', ' 12', '+4', '0x1A', '1.5', '-', '.', '00012', '.0', '-.0', '-.5', '-0.0'),
  );
  fc.assert(
    fc.property(numberText, (text) => {
      fc.pre(text.length > 0);
      const p = pieceOf(text);
      expect(Object.is(p.number(), parseFloat(text))).toBe(true);
      expect(Object.is(p.int(), parseInt(text, 10))).toBe(true);
    }),
    { numRuns: 2000 },
  );
});

test('chunks longer than the part joined to a carried token, and tokens longer than it', () => {
  const long = 'x'.repeat(150_000);
  const rows = Array.from({ length: 4000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" s="1"><v>${i * 7}</v></c>${i % 997 === 0 ? `<c r="B${i + 1}" t="inlineStr"><is><t>${long}</t></is></c>` : ''}</row>`);
  const bytes = new TextEncoder().encode(`<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`);
  const events = (cuts: number[]) => {
    const out: string[] = [];
    const s = new XmlScanner({
      open: (n, a) => out.push(`<${n} ${JSON.stringify(a.all())}`),
      text: (t) => out.push(t.string()),
      close: (n) => out.push(`</${n}`),
    });
    let at = 0;
    for (const c of cuts) {
      s.write(bytes.subarray(at, c));
      at = c;
    }
    s.write(bytes.subarray(at));
    s.end();
    return out;
  };
  const whole = events([]);
  expect(whole.filter((e) => e === long)).toHaveLength(5);
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
      expect(events([...cuts].sort((a, b) => a - b))).toEqual(whole);
    }),
    { numRuns: 40 },
  );
  // Cuts every 100,000 bytes, as the reader's chunks come.
  expect(events(Array.from({ length: Math.floor(bytes.length / 100_000) }, (_, k) => (k + 1) * 100_000))).toEqual(whole);
});
