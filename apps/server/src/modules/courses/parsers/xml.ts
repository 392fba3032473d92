// Bytes → XML document, for GPX and TCX. Every failure becomes a CourseFileError.
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { CourseFileError, messageOf } from './errors.ts';

/**
 * Text of an XML file, honouring its byte-order mark or its declared encoding (older Garmin and French
 * tools write ISO-8859-1, where decoding as UTF-8 would garble "Côte"). Defaults to UTF-8, as XML does.
 */
export function decodeXmlText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode(bytes.subarray(2), 'utf-16be');
  const declaration = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(declaration)?.[1];
  return decode(bytes, declared ?? 'utf-8');
}

function decode(bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    // An encoding name TextDecoder does not know: UTF-8 is the best guess and keeps coordinates intact.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * Parses XML strictly: xmldom reports recoverable problems as warnings (ignored) and real syntax errors as
 * errors, which here abort with the parser's own description of what is wrong and where.
 */
export function parseXml(text: string): Document {
  let problem: string | null = null;
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level === 'warning') return;
      problem ??= message;
      throw new Error(message);
    },
  });
  try {
    const doc = parser.parseFromString(text, 'text/xml');
    if (!doc.documentElement) throw new Error('missing root element');
    return doc;
  } catch (error) {
    const detail = problem ?? messageOf(error);
    throw new CourseFileError(`The file is not valid XML: ${detail.trim()}`);
  }
}

/** Direct children of an element with the given local name, ignoring namespace prefixes. */
export function childElements(parent: Element, localName: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE && (node as Element).localName === localName)
      out.push(node as Element);
  }
  return out;
}

/** Trimmed text of the first direct child with that local name, or null when absent or blank. */
export function childText(parent: Element, localName: string): string | null {
  const text = childElements(parent, localName)[0]?.textContent?.trim();
  return text ? text : null;
}

/** All descendants with the given local name, in document order, whatever their namespace. */
export function descendants(root: Document | Element, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS('*', localName));
}
