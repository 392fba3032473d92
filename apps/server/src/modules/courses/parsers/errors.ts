/**
 * The uploaded file cannot be read as a course. Every parser failure surfaces as this error with a message
 * the uploader can act on ("upload GPX, TCX or FIT", "the file has no track points"); library exceptions
 * are caught and rephrased, never passed through.
 */
export class CourseFileError extends Error {
  override readonly name = 'CourseFileError';
}

/** The message of whatever a library threw, for quoting inside a CourseFileError. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
