import { XMLParser } from 'fast-xml-parser';
import { MpcdiError } from './MpcdiDocument.ts';

/** An XML element as a small tree: name, attributes, child elements and text. */
export interface XmlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  readonly text: string;
}

type Ordered = Record<string, unknown>;

function toNode(entry: Ordered): XmlNode | null {
  const name = Object.keys(entry).find((k) => k !== ':@');
  if (name === undefined || name === '#text' || name.startsWith('?')) return null;
  const rawAttrs = (entry[':@'] ?? {}) as Record<string, unknown>;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) attrs[k.replace(/^@_/, '')] = String(v);
  const kids = (entry[name] ?? []) as Ordered[];
  const children: XmlNode[] = [];
  let text = '';
  for (const k of kids) {
    if ('#text' in k) text += String(k['#text']);
    else {
      const n = toNode(k);
      if (n) children.push(n);
    }
  }
  return { name, attrs, children, text: text.trim() };
}

/** Parses XML text into its root element; throws an MpcdiError naming `file` when it is not well-formed. */
export function parseXml(text: string, file: string): XmlNode {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', preserveOrder: true, parseTagValue: false, parseAttributeValue: false, trimValues: true, processEntities: true });
  let doc: Ordered[];
  try {
    doc = parser.parse(text, true) as Ordered[];
  } catch (err) {
    throw new MpcdiError(`is not well-formed XML (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`, file);
  }
  for (const e of doc) {
    const n = toNode(e);
    if (n) return n;
  }
  throw new MpcdiError('holds no XML element', file);
}

/** The value of an attribute, matched without regard to case (vendors write xResolution, Xresolution, XResolution). */
export function attr(node: XmlNode, name: string): string | undefined {
  if (name in node.attrs) return node.attrs[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(node.attrs)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Child elements with this name (case-insensitive). */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  const lower = name.toLowerCase();
  return node.children.filter((c) => c.name.toLowerCase() === lower);
}

/** The first child element with this name (case-insensitive). */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return childrenNamed(node, name)[0];
}

/** Escapes text for an XML attribute or element. */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
