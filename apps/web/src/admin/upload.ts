import { ApiError, type Problem } from '../api/client.ts';

/**
 * A multipart upload through XMLHttpRequest, because fetch cannot report upload progress and a course
 * file on a slow connection takes long enough that the organiser should see it move.
 */
export function uploadWithProgress<T>(
  url: string,
  file: File,
  csrfToken: string | null,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    request.withCredentials = true;
    if (csrfToken) request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // a non-JSON answer becomes a generic problem below
      }
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve(body as T);
      } else {
        reject(
          new ApiError(
            (body as Problem | null) ?? {
              title: request.statusText || 'Upload failed',
              status: request.status,
            },
          ),
        );
      }
    };
    request.onerror = () =>
      reject(new ApiError({ title: 'Network error', status: 0, detail: 'The server cannot be reached' }));
    const form = new FormData();
    form.append('file', file);
    request.send(form);
  });
}
