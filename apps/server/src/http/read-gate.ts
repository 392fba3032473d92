/**
 * At most `size` holders at once; the others wait in arrival order. Public reads that miss the kept
 * answers pass through one: on the embedded database every query shares one connection, so a burst
 * of cold reads would queue ahead of fix inserts; through the gate at most `size` reads' queries are
 * ahead of an insert at any moment.
 */
export class ReadGate {
  private readonly size: number;
  private held = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.size = Math.max(1, size);
  }

  /** Resolves when the caller may go on, with the function that lets the next one in (once). */
  async enter(): Promise<() => void> {
    if (this.held < this.size) this.held++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.held--;
    };
  }
}
