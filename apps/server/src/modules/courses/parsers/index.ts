export { type CourseFileFormat, detectCourseFormat } from './detect.ts';
export { CourseFileError } from './errors.ts';
export { parseCourseFile } from './parse-course-file.ts';
