import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, apiGet, apiSend, setCsrfToken } from '../api/client.ts';
import type { Session } from '../api/types.ts';

interface SessionContextValue {
  session: Session | null;
  /** False until the first answer: pages that need a user wait rather than flash a sign-in prompt. */
  known: boolean;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Who is signed in (from the session cookie), for private races and the back-office link. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [known, setKnown] = useState(false);

  const adopt = useCallback((value: Session | null) => {
    setCsrfToken(value?.csrfToken ?? null);
    setSession(value);
    setKnown(true);
  }, []);

  useEffect(() => {
    apiGet<Session>('/api/v1/session')
      .then(adopt)
      .catch((error: unknown) => {
        // 401 is the ordinary answer for a spectator; anything else still leaves the page usable.
        if (!(error instanceof ApiError)) console.warn(error);
        adopt(null);
      });
  }, [adopt]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      await apiSend('POST', '/api/v1/auth/login', { email, password });
      adopt(await apiGet<Session>('/api/v1/session'));
    },
    [adopt],
  );
  const signOut = useCallback(async () => {
    await apiSend('POST', '/api/v1/auth/logout');
    adopt(null);
  }, [adopt]);

  const value = useMemo(() => ({ session, known, signIn, signOut }), [session, known, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
