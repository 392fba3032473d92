/**
 * Raised when a track cannot be turned into a usable course. The message is written for the person who
 * uploaded the file: it says what is wrong with the data, not where in the code it broke.
 */
export class CourseGeometryError extends Error {
  override readonly name = 'CourseGeometryError';
}
