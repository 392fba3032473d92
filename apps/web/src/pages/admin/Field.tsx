import type { ReactElement } from 'react';
import { cloneElement, useId } from 'react';
import { fieldProblem } from '../../admin/problems.ts';
import styles from './admin.module.css';

/**
 * A labelled input with the server's problem for that field right under it, tied to the input by
 * aria-describedby and aria-invalid so a screen reader reads the message with the field.
 */
export function Field({
  label,
  name,
  error,
  children,
}: {
  label: string;
  name: string;
  error: unknown;
  children: ReactElement<Record<string, unknown>>;
}) {
  const id = useId();
  const problem = fieldProblem(error, name);
  return (
    // The label is a sibling, not a wrapper, so a select's chosen option does not join its accessible name.
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        name,
        'aria-invalid': problem ? true : undefined,
        'aria-describedby': problem ? `${id}-problem` : undefined,
      })}
      {problem && (
        <span id={`${id}-problem`} className={styles.fieldError}>
          {problem}
        </span>
      )}
    </div>
  );
}

/** The form-level outcome: an error (alert) or a success message (status). */
export function FormMessage({
  error,
  success,
}: {
  error?: string | undefined;
  success?: string | undefined;
}) {
  if (error)
    return (
      <p role="alert" className={styles.fieldError}>
        {error}
      </p>
    );
  return (
    <p role="status" className={styles.ok}>
      {success ?? ''}
    </p>
  );
}
