/**
 * The riders a spectator follows in one race, kept in localStorage (per race, by registration id, so
 * the same riders stay followed from stage to stage) and shared by every view of the page.
 */
export class FollowStore {
  private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  private readonly key: string;
  private ids: ReadonlySet<string>;
  private readonly listeners = new Set<() => void>();

  constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | null, raceId: string) {
    this.storage = storage;
    this.key = followKey(raceId);
    this.ids = this.read();
  }

  private read(): ReadonlySet<string> {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(this.key) ?? '[]');
      return new Set(
        Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [],
      );
    } catch {
      return new Set();
    }
  }

  /** The followed registration ids; a new set on every change (a snapshot for React). */
  get followed(): ReadonlySet<string> {
    return this.ids;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Follows or unfollows; answers whether the rider is followed now. */
  toggle(id: string): boolean {
    const next = new Set(this.ids);
    const followed = !next.has(id);
    if (followed) next.add(id);
    else next.delete(id);
    this.ids = next;
    try {
      this.storage?.setItem(this.key, JSON.stringify([...next]));
    } catch {
      // Storage full or disabled (private mode): following still works for this visit.
    }
    this.emit();
    return followed;
  }

  /** Re-reads storage: another tab changed it. */
  reload(): void {
    this.ids = this.read();
    this.emit();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export function followKey(raceId: string): string {
  return `echelon.follow.${raceId}`;
}
