import { useEffect, useId, useRef, useState } from 'react';
import styles from './SearchBox.module.css';
import { useDebouncedEffect } from './use-debounced-callback.ts';

export interface SearchBoxProps {
  label: string;
  placeholder?: string;
  /** The search in force (from the URL, say); the box follows it when it changes elsewhere (back button). */
  value: string;
  /** Called with the trimmed text once typing pauses. */
  onSearch: (value: string) => void;
  delayMs?: number;
  /** A shorter hint under the box, e.g. what can be searched. */
  hint?: string;
}

/** A labelled search field that asks for results after a pause in typing, not on every key. */
export function SearchBox({ label, placeholder, value, onSearch, delayMs = 300, hint }: SearchBoxProps) {
  const id = useId();
  const [text, setText] = useState(value);
  // What this box last asked for: when `value` comes back as that (maybe late, after a navigation), it
  // is our own echo and must not overwrite what has been typed since.
  const emitted = useRef(value);
  useEffect(() => {
    if (value === emitted.current) return;
    emitted.current = value;
    setText(value);
  }, [value]);
  const emit = (next: string) => {
    if (next === emitted.current) return;
    emitted.current = next;
    onSearch(next);
  };
  useDebouncedEffect(text, delayMs, (settled) => emit(settled.trim()));
  return (
    <search className={styles.search}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      <input
        id={id}
        type="search"
        className={styles.input}
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') emit(text.trim());
        }}
      />
      {hint && (
        <small id={`${id}-hint`} className={styles.hint}>
          {hint}
        </small>
      )}
    </search>
  );
}
