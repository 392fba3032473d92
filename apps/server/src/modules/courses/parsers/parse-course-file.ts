// Entry point: any uploaded course file → RawTrack, or a CourseFileError saying what to fix.
import type { RawTrack } from '@echelon/domain';
import { detectCourseFormat, extensionOf } from './detect.ts';
import { CourseFileError, messageOf } from './errors.ts';
import { parseFit } from './fit.ts';
import { parseGpx } from './gpx.ts';
import { parseTcx } from './tcx.ts';
import { decodeXmlText, parseXml } from './xml.ts';

export function parseCourseFile(bytes: Uint8Array, filename: string): RawTrack {
  if (bytes.length === 0) throw new CourseFileError('The file is empty: upload a GPX, TCX or FIT course');
  const format = detectCourseFormat(bytes, filename);
  if (format === null) {
    const ext = extensionOf(filename);
    throw new CourseFileError(
      ext
        ? `Unsupported file type '.${ext}': upload GPX, TCX or FIT`
        : 'Unsupported file type: the file is not GPX, TCX or FIT; upload one of those',
    );
  }
  try {
    if (format === 'fit') return parseFit(bytes);
    const doc = parseXml(decodeXmlText(bytes));
    return format === 'gpx' ? parseGpx(doc) : parseTcx(doc);
  } catch (error) {
    if (error instanceof CourseFileError) throw error;
    // A parser bug or library crash on odd input must still read as "this file", not as a server fault.
    throw new CourseFileError(`The ${format.toUpperCase()} file could not be read: ${messageOf(error)}`);
  }
}
