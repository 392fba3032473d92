// Which parser a file needs. The content decides when it is recognisable (people rename files, and some
// tools save GPX as .xml); the extension decides otherwise, so a damaged .gpx still gets a GPX error message.

export type CourseFileFormat = 'gpx' | 'tcx' | 'fit';

const EXTENSIONS: Record<string, CourseFileFormat> = { gpx: 'gpx', tcx: 'tcx', fit: 'fit' };

/** Bytes 8–11 of every FIT file header spell ".FIT". */
export function looksLikeFit(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 12 && bytes[8] === 0x2e && bytes[9] === 0x46 && bytes[10] === 0x49 && bytes[11] === 0x54
  );
}

/**
 * Local name of the XML root element, read from the start of the file without parsing it all: skips a BOM,
 * the XML declaration, comments, processing instructions and a DOCTYPE. UTF-16 files are skipped too (their
 * text has NUL bytes between ASCII letters); they are still parsed correctly when the extension says XML.
 */
function xmlRootName(bytes: Uint8Array): string | null {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 4096));
  const withoutPreamble = head.replace(/^\uFEFF?(\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*/i, '');
  const match = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(withoutPreamble);
  return match ? match[2]! : null;
}

export function sniffFormat(bytes: Uint8Array): CourseFileFormat | null {
  if (looksLikeFit(bytes)) return 'fit';
  const root = xmlRootName(bytes);
  if (root === 'gpx') return 'gpx';
  if (root === 'TrainingCenterDatabase') return 'tcx';
  return null;
}

/** The file name's extension, lower-cased, without the dot ('' when there is none). */
export function extensionOf(filename: string): string {
  const base = filename.split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The format to parse the file as, or null when neither its content nor its name is GPX, TCX or FIT. */
export function detectCourseFormat(bytes: Uint8Array, filename: string): CourseFileFormat | null {
  return sniffFormat(bytes) ?? EXTENSIONS[extensionOf(filename)] ?? null;
}
