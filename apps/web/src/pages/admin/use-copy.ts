import { useCallback, useState } from 'react';

/**
 * Copies a text (an invitation link) to the clipboard and says whether it did. Without a clipboard (an
 * insecure origin) nothing is claimed: the caller's field keeps the text selectable.
 */
export function useCopy() {
  const [copied, setCopied] = useState(false);
  const copy = useCallback(async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }, []);
  const forget = useCallback(() => setCopied(false), []);
  return { copied, copy, forget };
}
