import { useCallback, useState } from 'react';
import { formProblem } from '../../admin/problems.ts';

/**
 * One form submission at a time, with its error kept for the fields and the form message, and a
 * success note for screen readers. Returns the action's result, or undefined when it failed — test
 * `!== undefined`, not truthiness: a 204 answer (a DELETE) resolves to null.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [success, setSuccess] = useState<string>();
  const run = useCallback(async <T>(action: () => Promise<T>, done?: string): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    setSuccess(undefined);
    try {
      const result = await action();
      setSuccess(done);
      return result;
    } catch (reason) {
      setError(reason);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, message: formProblem(error), success, run };
}
