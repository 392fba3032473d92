import { useSession } from '../app/session.tsx';

/** The session's CSRF token for requests that do not go through apiSend (XHR uploads, CSV bodies). */
export function useCsrfToken(): string | null {
  return useSession().session?.csrfToken ?? null;
}
