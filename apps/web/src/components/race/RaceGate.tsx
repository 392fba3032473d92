import type { ReactNode } from 'react';
import type { ApiError } from '../../api/client.ts';
import { useSession } from '../../app/session.tsx';
import { ErrorNotice, Loading } from '../Status.tsx';
import { PrivateRaceNotice } from './PrivateRaceNotice.tsx';

/**
 * The states before a race's page can draw: loading, private (a stranger gets 404/403 — sign in),
 * other errors with a retry. Renders `children` once the race is there.
 */
export function RaceGate({
  error,
  loading,
  ready,
  onRetry,
  children,
}: {
  error: ApiError | undefined;
  loading: boolean;
  ready: boolean;
  onRetry: () => void;
  children: () => ReactNode;
}) {
  const { session, known } = useSession();
  if (error) {
    if (error.status === 403 || (error.status === 404 && known && !session)) return <PrivateRaceNotice />;
    if (error.status === 404 && !known) return <Loading />;
    return <ErrorNotice error={error} onRetry={onRetry} />;
  }
  if (loading && !ready) return <Loading />;
  if (!ready) return <Loading />;
  return <>{children()}</>;
}
