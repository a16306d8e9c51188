// The small parts of a workbook (workbook.xml, its relationships, styles.xml)
// go through saxes, the streaming parser ExcelJS itself uses, with the same
// settings (no namespace processing: `r:id` is one attribute name).
import { SaxesParser } from 'saxes';

export type Attrs = Record<string, string>;

export interface XmlHandler {
  open(name: string, attrs: Attrs): void;
  text(text: string): void;
  close(name: string): void;
}

export function parseSmallXml(xml: string, handler: XmlHandler): void {
  const parser = new SaxesParser();
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (node) => handler.open(node.name, node.attributes as Attrs));
  parser.on('text', (t) => handler.text(t));
  parser.on('closetag', (node) => handler.close(node.name));
  parser.write(xml);
  // Like ExcelJS: a part that simply stops is read as far as it goes; malformed markup is an error.
  if (error) throw error;
}
