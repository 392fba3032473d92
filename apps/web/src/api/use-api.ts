import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiGet } from './client.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads a GET resource for a component and reloads when the path changes. A null path waits (for an
 * id not known yet). Responses to an earlier path are dropped, so fast navigation never shows stale data.
 */
export function useApi<T>(path: string | null, refreshMs?: number): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((value) => value + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version is how reload() asks for a new load
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoading(true);
    apiGet<T>(path, controller.signal)
      .then((value) => {
        setData(value);
        setError(undefined);
      })
      .catch((reason: unknown) => {
        if (controller.signal.aborted) return;
        setError(reason instanceof ApiError ? reason : new ApiError({ title: String(reason), status: 0 }));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [path, version]);

  useEffect(() => {
    if (!refreshMs || path === null) return;
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, path, reload]);

  return { data, error, loading, reload };
}
