/**
 * Where to go after signing in: the `next` path if it stays on this site, else the home page. Only
 * same-origin paths are followed, so a crafted link cannot send a freshly signed-in user elsewhere.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next) return '/';
  // A path, not "//host" (protocol-relative) nor "/\host" (browsers read a backslash as a slash).
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if ([...next].some((c) => c.charCodeAt(0) < 0x20)) return '/';
  try {
    const base = 'http://echelon.invalid';
    const url = new URL(next, base);
    if (url.origin !== base) return '/';
    if (url.pathname.startsWith('/signin')) return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}
